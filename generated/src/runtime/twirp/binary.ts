// The binary protobuf format for Twirp clients, opt-in: a generated `<Service>Binary` passed as
// the client's `format`. Only a client given one bundles @bufbuild/protobuf's reflection.
// Copied verbatim into the generated package.
import { fromBinary, fromJson, toBinary, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import type { BinaryFormat } from "./client.js";

/** The binary format of a service: request and response schema of each RPC, by RPC name. */
export function binaryFormat(service: string, methods: Readonly<Record<string, readonly [DescMessage, DescMessage]>>): BinaryFormat {
  const schemas = (method: string) => {
    const pair = Object.hasOwn(methods, method) ? methods[method] : undefined;
    if (pair === undefined) throw new TypeError(`no RPC ${method} in ${service}`);
    return pair;
  };
  return {
    service,
    // The request arrives as the JSON its writer checked: typed, in range, nothing unknown.
    encode(method, checked, registry) {
      const [input] = schemas(method);
      return toBinary(input, fromJson(input, checked as JsonValue, registry === undefined ? {} : { registry }));
    },
    decode(method, bytes) {
      return fromBinary(schemas(method)[1], bytes);
    },
  };
}

// The binary protobuf format for Twirp clients, opt-in: a generated `<Service>Binary` passed as
// the client's `format`. Only a client given one bundles @bufbuild/protobuf's reflection.
import { fromBinary, fromJson, toBinary, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import type { BinaryFormat } from "./method.js";

/** The binary format of a service: each RPC's name with its request and response schema. */
export function binaryFormat(service: string, methods: readonly (readonly [string, DescMessage, DescMessage])[]): BinaryFormat {
  const byName = new Map(methods.map(([name, input, output]) => [name, [input, output] as const]));
  const schemas = (method: string) => {
    const pair = byName.get(method);
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

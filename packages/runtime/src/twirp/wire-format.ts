// The wire format of a Twirp client's calls: how a request becomes its body and a 200
// response's body becomes the message, as proto3 JSON through the RPC's generated writer and
// reader, or as protobuf through the service's BinaryFormat.
import type { Registry } from "@bufbuild/protobuf";
import { describeError, TwirpError } from "./errors.js";
import type { BinaryFormat, RequestWriteOptions, ResponseReadOptions, TwirpMethod } from "./method.js";

const utf8 = /*@__PURE__*/ new TextDecoder();

/** One client's format, with the writer and reader options it uses for every call. */
export class WireFormat {
  /** The request's `Content-Type`. */
  readonly contentType: string;
  readonly #binary: BinaryFormat | undefined;
  readonly #writeOptions: RequestWriteOptions;
  readonly #readOptions: ResponseReadOptions;

  /** JSON unless `binary` is given. */
  constructor(binary: BinaryFormat | undefined, useProtoFieldName: boolean, registry: Registry | undefined) {
    this.#binary = binary;
    this.contentType = binary === undefined ? "application/json" : "application/protobuf";
    this.#writeOptions = { useProtoFieldName, onlyKnownEnumValues: true, ...(registry === undefined ? {} : { registry }) };
    // Servers add fields in new releases: unknown fields are skipped, never an error.
    this.#readOptions = registry === undefined ? { ignoreUnknownFields: true } : { ignoreUnknownFields: true, registry };
  }

  /** The request body; a request the writer rejects is `invalid_argument` naming the field. */
  encode(method: TwirpMethod<object, object>, request: object): string | Uint8Array {
    try {
      if (this.#binary === undefined) return method.writer.stringify(request, this.#writeOptions);
      return this.#binary.encode(method.name, method.writer.encode(request, this.#writeOptions), this.#writeOptions.registry);
    } catch (error) {
      const path = (error as { path?: unknown } | null)?.path;
      const meta = typeof path === "string" ? { argument: path } : undefined;
      throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${describeError(error)}`, meta);
    }
  }

  /** The message of a 200 response; a body that is not one is `internal`. */
  decode(method: TwirpMethod<object, object>, body: Uint8Array): object {
    try {
      return this.#binary === undefined
        ? // decode(JSON.parse) rather than parse: the server's text is not checked for keys given
          // twice, a scan that costs a fifth of JSON.parse's time on every large answer.
          method.reader.decode(JSON.parse(utf8.decode(body)), this.#readOptions)
        : this.#binary.decode(method.name, body);
    } catch (error) {
      // No cause: a decoder's error may quote the body; only this message, which the client
      // redacts, carries its text.
      throw new TwirpError("internal", `invalid ${method.reader.typeName} in the response: ${describeError(error)}`, {}, 200);
    }
  }
}

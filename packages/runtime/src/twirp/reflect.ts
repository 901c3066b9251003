// JSON through @bufbuild/protobuf's reflection, for the requests and responses of Twirp clients
// that have no generated codec (well-known types, or when the `json` concern is not emitted).
import {
  create,
  fromJson,
  toJson,
  toJsonString,
  type DescMessage,
  type JsonValue,
  type MessageInitShape,
  type MessageShape,
  type Registry,
} from "@bufbuild/protobuf";
import type { RequestWriter, ResponseReader } from "./method.js";

/** A request writer and response reader for one message type, by reflection. */
export function protobufJson<D extends DescMessage>(schema: D): RequestWriter<MessageInitShape<D>> & ResponseReader<MessageShape<D>> {
  const withRegistry = (options: { readonly registry?: Registry }) =>
    options.registry === undefined ? {} : { registry: options.registry };
  return {
    typeName: schema.typeName,
    stringify: (request, options) =>
      toJsonString(schema, create(schema, request), { useProtoFieldName: options.useProtoFieldName, ...withRegistry(options) }),
    encode: (request, options): JsonValue => toJson(schema, create(schema, request), withRegistry(options)),
    decode: (json, options) =>
      fromJson(schema, json as JsonValue, { ignoreUnknownFields: options.ignoreUnknownFields, ...withRegistry(options) }),
  };
}

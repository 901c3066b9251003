// The JSON the LiveKit server (Go Twirp with protojson UseProtoNames + EmitUnpopulated) sends:
// snake_case names and every field present: zero values spelled out, unset message fields as
// null. Like a real oneof's members, an unset proto3 `optional` field stays out: Go's
// encoding/protojson (encode.go, unpopulatedFieldRanger) skips every field with a containing
// oneof, and a proto3 `optional` field has one (synthetic).
import { toJson, type DescMessage, type JsonObject, type JsonValue, type MessageShape, type Registry } from "@bufbuild/protobuf";

/** The server's form of a message; with `useProtoFieldName: false`, the same with JSON names. */
export function serverJson<D extends DescMessage>(
  schema: D,
  message: MessageShape<D>,
  useProtoFieldName = true,
  registry?: Registry,
): JsonObject {
  const json = toJson(schema, message, {
    useProtoFieldName,
    alwaysEmitImplicit: true,
    ...(registry === undefined ? {} : { registry }),
  }) as JsonObject;
  fillNulls(schema, json, useProtoFieldName);
  return json;
}

function fillNulls(schema: DescMessage, json: JsonObject, useProtoFieldName: boolean): void {
  if (schema.file.proto.package === "google.protobuf") return;
  for (const field of schema.fields) {
    const key = useProtoFieldName ? field.name : field.jsonName;
    const value = json[key];
    if (value === undefined) {
      const inOneof = field.oneof !== undefined || field.proto.proto3Optional === true;
      if (field.fieldKind === "message" && !inOneof) json[key] = null;
      continue;
    }
    if (field.fieldKind === "message") fillNulls(field.message, value as JsonObject, useProtoFieldName);
    if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of value as JsonValue[]) fillNulls(field.message, item as JsonObject, useProtoFieldName);
    }
    if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const item of Object.values(value as JsonObject)) fillNulls(field.message, item as JsonObject, useProtoFieldName);
    }
  }
}

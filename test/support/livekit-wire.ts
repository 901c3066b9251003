// The JSON the LiveKit server (Go Twirp with protojson UseProtoNames + EmitUnpopulated) sends:
// snake_case names and every field present: zero values spelled out, unset message fields and
// unset proto3 `optional` fields as null; members of a real oneof only when set.
import { toJson, type DescMessage, type JsonObject, type JsonValue, type MessageShape } from "@bufbuild/protobuf";

export function serverJson<D extends DescMessage>(schema: D, message: MessageShape<D>): JsonObject {
  const json = toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as JsonObject;
  fillNulls(schema, json);
  return json;
}

function fillNulls(schema: DescMessage, json: JsonObject): void {
  if (schema.file.proto.package === "google.protobuf") return;
  for (const field of schema.fields) {
    const value = json[field.name];
    if (value === undefined) {
      const realOneof = field.oneof !== undefined && field.proto.proto3Optional !== true;
      const hasPresence = field.fieldKind === "message" || field.proto.proto3Optional === true;
      if (hasPresence && !realOneof) json[field.name] = null;
      continue;
    }
    if (field.fieldKind === "message") fillNulls(field.message, value as JsonObject);
    if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of value as JsonValue[]) fillNulls(field.message, item as JsonObject);
    }
    if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const item of Object.values(value as JsonObject)) fillNulls(field.message, item as JsonObject);
    }
  }
}

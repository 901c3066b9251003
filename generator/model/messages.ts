// Message descriptors -> plain data about fields that every concern (codecs, schemas) shares:
// both names, the property protoc-gen-es uses, the value type, presence and oneofs.
import { ScalarType, type DescEnum, type DescField, type DescFile, type DescMessage } from "@bufbuild/protobuf";
import { docLines, docText, isDeprecated } from "./docs.js";

/** Proto scalar type names, as written in .proto files. */
export type ScalarName =
  | "double"
  | "float"
  | "int64"
  | "uint64"
  | "int32"
  | "fixed64"
  | "fixed32"
  | "bool"
  | "string"
  | "bytes"
  | "uint32"
  | "sfixed32"
  | "sfixed64"
  | "sint32"
  | "sint64";

const scalarNames: Record<ScalarType, ScalarName> = {
  [ScalarType.DOUBLE]: "double",
  [ScalarType.FLOAT]: "float",
  [ScalarType.INT64]: "int64",
  [ScalarType.UINT64]: "uint64",
  [ScalarType.INT32]: "int32",
  [ScalarType.FIXED64]: "fixed64",
  [ScalarType.FIXED32]: "fixed32",
  [ScalarType.BOOL]: "bool",
  [ScalarType.STRING]: "string",
  [ScalarType.BYTES]: "bytes",
  [ScalarType.UINT32]: "uint32",
  [ScalarType.SFIXED32]: "sfixed32",
  [ScalarType.SFIXED64]: "sfixed64",
  [ScalarType.SINT32]: "sint32",
  [ScalarType.SINT64]: "sint64",
};

/** The type of a singular value, a list element, or a map value. */
export type ValueType =
  | { readonly kind: "scalar"; readonly scalar: ScalarName }
  | { readonly kind: "enum"; readonly desc: DescEnum }
  | { readonly kind: "message"; readonly desc: DescMessage };

export interface OneofRef {
  /** Proto name of the oneof: `"participant"`. */
  readonly protoName: string;
  /** The property holding `{ case, value }` on protoc-gen-es's message type. */
  readonly property: string;
}

export interface FieldModel {
  readonly desc: DescField;
  /** Proto name, accepted on decode and written with `useProtoFieldName`: `"track_sid"`. */
  readonly protoName: string;
  /** The descriptor's json_name: `"trackSid"`. */
  readonly jsonName: string;
  /** The property on protoc-gen-es's message type (for a oneof member: its `case`). */
  readonly property: string;
  readonly number: number;
  readonly shape: "singular" | "list" | "map";
  /** The value (singular), element (list) or map value type. */
  readonly value: ValueType;
  /** The key type of a map. */
  readonly mapKey: ScalarName | undefined;
  readonly oneof: OneofRef | undefined;
  /** A singular field whose presence is tracked: message, proto3 `optional`, oneof member. */
  readonly explicitPresence: boolean;
  readonly deprecated: boolean;
  readonly docLines: readonly string[];
}

export interface MessageModel {
  readonly desc: DescMessage;
  /** `livekit.ParticipantInfo` */
  readonly protoName: string;
  /** Fields in declaration order. */
  readonly fields: readonly FieldModel[];
  /** Oneofs with their members, in declaration order (proto3 `optional`s are not oneofs here). */
  readonly oneofs: readonly (OneofRef & { readonly fields: readonly FieldModel[] })[];
  readonly docLines: readonly string[];
}

export function scalarName(type: ScalarType): ScalarName {
  return scalarNames[type];
}

export function messageModel(desc: DescMessage): MessageModel {
  const fields = desc.fields.map(fieldModel);
  const oneofs = desc.oneofs.map((oneof) => ({
    protoName: oneof.name,
    property: oneof.localName,
    fields: fields.filter((f) => f.desc.oneof === oneof),
  }));
  return {
    desc,
    protoName: desc.typeName,
    fields,
    oneofs,
    docLines: docLines(docText(desc), isDeprecated(desc) ? ["@deprecated"] : []),
  };
}

function fieldModel(field: DescField): FieldModel {
  const base = {
    desc: field,
    protoName: field.name,
    jsonName: field.jsonName,
    property: field.localName,
    number: field.number,
    oneof: field.oneof ? { protoName: field.oneof.name, property: field.oneof.localName } : undefined,
    deprecated: isDeprecated(field),
    docLines: docLines(docText(field), isDeprecated(field) ? ["@deprecated"] : []),
  };
  switch (field.fieldKind) {
    case "scalar":
      return {
        ...base,
        shape: "singular",
        value: { kind: "scalar", scalar: scalarName(field.scalar) },
        mapKey: undefined,
        explicitPresence: field.oneof !== undefined || field.proto.proto3Optional === true,
      };
    case "enum":
      return {
        ...base,
        shape: "singular",
        value: { kind: "enum", desc: field.enum },
        mapKey: undefined,
        explicitPresence: field.oneof !== undefined || field.proto.proto3Optional === true,
      };
    case "message":
      return { ...base, shape: "singular", value: { kind: "message", desc: field.message }, mapKey: undefined, explicitPresence: true };
    case "list":
      return { ...base, shape: "list", value: elementType(field), mapKey: undefined, explicitPresence: false };
    case "map":
      return { ...base, shape: "map", value: elementType(field), mapKey: scalarName(field.mapKey), explicitPresence: false };
  }
}

/** The element type of a list or the value type of a map (both kinds carry the same fields). */
function elementType(field: DescField & { fieldKind: "list" | "map" }): ValueType {
  const element = field as DescField & ({ fieldKind: "list" } | { fieldKind: "map" });
  const kind = element.fieldKind === "list" ? element.listKind : element.mapKind;
  if (kind === "enum" && element.enum) return { kind: "enum", desc: element.enum };
  if (kind === "message" && element.message) return { kind: "message", desc: element.message };
  if (element.scalar === undefined) throw new Error(`no element type for ${field.toString()}`);
  return { kind: "scalar", scalar: scalarName(element.scalar) };
}

/** Whether a message type has a special proto3 JSON form. */
export function isWellKnown(desc: DescMessage): boolean {
  return isWellKnownFile(desc.file);
}

/** Whether a file is one of the well-known types' own (`google/protobuf/struct.proto`). */
export function isWellKnownFile(file: DescFile): boolean {
  return file.proto.package === "google.protobuf" && file.name.startsWith("google/protobuf/");
}

/** Messages of a file in declaration order, each followed by its nested messages (depth first). */
export function messagesInOrder(file: DescFile): DescMessage[] {
  const out: DescMessage[] = [];
  const visit = (message: DescMessage) => {
    out.push(message);
    message.nestedMessages.forEach(visit);
  };
  file.messages.forEach(visit);
  return out;
}

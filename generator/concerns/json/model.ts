// Message descriptors -> the model of a `X_json.ts` file: for every message, the keys its
// reader switches on and how its writer treats each field (implicit, present, oneof member);
// how each value type is read and written is in values.ts.
import type { DescFile, DescMessage } from "@bufbuild/protobuf";
import { hasCustomJsonRepresentation } from "@bufbuild/protobuf/wkt";
import { GeneratorError } from "../../errors.js";
import { declareExport, importSchema, importShape, type FileContext } from "../../model/context.js";
import { codecNames, valueCodec, type JsonEnumModel, type JsonHelperModel, type ValueCodec } from "./values.js";
import { checkedIdentifier, exportName, runtimeModule } from "../../model/names.js";
import {
  isWellKnown,
  messageModel,
  messagesInOrder,
  scalarName,
  type FieldModel,
  type MessageModel,
  type ScalarName,
  type ValueType,
} from "../../model/messages.js";

export { codecNames, importCodec, type JsonEnumModel, type JsonHelperModel } from "./values.js";

export interface JsonFieldModel {
  /** The keys that name this field: json_name, and the proto name when it differs. */
  readonly keys: readonly string[];
  /** Bit in the variable `dupVar` that detects the field given under both names; 0 when one name. */
  readonly dupBit: number;
  readonly dupVar: string;
  readonly jsonName: string;
  readonly protoName: string;
  readonly number: number;
  /** The field's JSON text key, for writers: `"trackSid":`, and with a leading comma. */
  readonly jsonKey: string;
  readonly jsonKeyText: string;
  readonly protoKey: string;
  readonly protoKeyText: string;
  readonly sameNames: boolean;
  /** The property on the message type; for a oneof member, its `case`. */
  readonly property: string;
  /** The oneof property holding this member, or "" when the field is not in a oneof. */
  readonly oneofProperty: string;
  readonly list: boolean;
  readonly map: boolean;
  readonly mapKeyKind: string;
  readonly value: ValueCodec;
  /** Initial value in a new message (implicit-presence fields only), as code. */
  readonly initial: string | undefined;
  /** How the writer treats the field: exactly one of `implicit`, `present`, `member`. */
  readonly write: JsonFieldWrite;
  /** The property is also a member of Object.prototype (`hasOwnProperty`): read it only when own. */
  readonly ownOnly: boolean;
}

export interface JsonFieldWrite {
  /** Implicit presence (scalars, enums, lists, maps): left out at its zero text unless asked for. */
  readonly implicit: boolean;
  /** Explicit presence outside a oneof (messages, proto3 `optional`): written when set. */
  readonly present: boolean;
  /** A oneof member: written when its oneof's case names it. */
  readonly member: boolean;
  /** The JSON text of the field's zero value, as code (implicit fields). */
  readonly zeroText: string;
  /** Code true when `v` surely holds the implicit default (see ValueCodec), or "" for none. */
  readonly zeroTest: string;
  /** Any other value is written as something else than the zero text, so it is appended unchecked. */
  readonly zeroTestExact: boolean;
  /** `null` when unset, with `emitUnpopulated` (message fields not in a oneof, not proto3 `optional`). */
  readonly nullWhenUnpopulated: boolean;
  /** The value being written, as code: `v`, or the oneof's `o0.value`. */
  readonly access: string;
  /** The variables holding the member's oneof and its case (`o0`, `c0`). */
  readonly oneofVar: string;
  readonly caseVar: string;
  /** The path segment of the value in the init object: `roomName`, `kind.value`. */
  readonly segment: string;
}

export interface JsonOneofModel {
  readonly protoName: string;
  readonly property: string;
  readonly members: readonly JsonFieldModel[];
  readonly oneofVar: string;
  readonly caseVar: string;
  /** The property is also a member of Object.prototype: read it only when own. */
  readonly ownOnly: boolean;
  /** The member names, for the error on an unknown case: `"a, b"`. */
  readonly cases: string;
}

export interface JsonMessageModel {
  readonly codecName: string;
  readonly readerName: string;
  readonly writerName: string;
  readonly typeRef: string;
  /** `MessageInitShape<typeof XSchema>`: what the writer takes. */
  readonly initRef: string;
  readonly protoName: string;
  readonly readName: string;
  readonly writeName: string;
  /** Fields in declaration order (decode). */
  readonly fields: readonly JsonFieldModel[];
  /** Fields by number: the order stringify writes them in, as protobuf-es does. */
  readonly fieldsByNumber: readonly JsonFieldModel[];
  /** Fields with an initial value in a new message. */
  readonly initialFields: readonly JsonFieldModel[];
  readonly oneofs: readonly JsonOneofModel[];
  /** Names of the bitmask variables for duplicate detection (`seen0`, ...). */
  readonly seenWords: readonly string[];
  /** The writer reads a field outside a oneof into `v`. */
  readonly hasValueVar: boolean;
  readonly docLines: readonly string[];
  /**
   * A well-known type with a JSON form of its own (Timestamp, Struct, wrappers...), in its own
   * file (`google/protobuf/timestamp.proto` as input): its reader and writer are helpers over
   * @bufbuild/protobuf, as for a field of that type anywhere else, not built from its fields.
   */
  readonly wellKnownForm: boolean;
}

export interface JsonFileModel {
  /** Local names of the runtime helpers the file uses (and only those). */
  readonly runtime: Readonly<Record<string, string>>;
  readonly helpers: readonly JsonHelperModel[];
  readonly enums: readonly JsonEnumModel[];
  readonly messages: readonly JsonMessageModel[];
}

/** The JSON codecs of a proto file, or undefined when it declares no message. */
export function jsonFileModel({ file, scope, shapeOf }: FileContext): JsonFileModel | undefined {
  const descs = messagesInOrder(file);
  if (descs.length === 0) return undefined;
  const names = codecNames(file, shapeOf);
  for (const desc of descs) {
    const name = names.get(desc)!;
    for (const suffix of ["", "Reader", "Writer"]) declareExport(scope, file, desc.typeName, name + suffix);
  }
  const locals = new Map<DescMessage, { read: string; write: string }>();
  for (const desc of descs) {
    const base = exportName(desc, "");
    locals.set(desc, { read: scope.local(`read${base}`), write: scope.local(`write${base}`) });
  }
  const rt = (name: string, typeOnly = false) => scope.import(name, runtimeModule("json"), typeOnly);
  const helpers: JsonHelperModel[] = [];
  const enums: JsonEnumModel[] = [];
  const codecsByType = new Map<string, ValueCodec>();
  const codecOf = (value: ValueType, longAsString: boolean): ValueCodec =>
    valueCodec(value, { file, scope, shapeOf, rt, locals, helpers, codecsByType, enums }, longAsString);
  const messages = descs.map((desc): JsonMessageModel => {
    const own = locals.get(desc)!;
    const typeRef = importShape(scope, shapeOf, desc);
    const wellKnownForm = isWellKnown(desc) && hasCustomJsonRepresentation(desc);
    if (wellKnownForm) {
      const schema = importSchema(scope, shapeOf, desc, false);
      helpers.push(
        { name: own.read, factory: rt("wktReader"), typeArg: typeRef, arg: schema },
        { name: own.write, factory: rt("wktWriter"), typeArg: "", arg: schema },
      );
    }
    const model = wellKnownForm ? { ...messageModel(desc), fields: [], oneofs: [] } : messageModel(desc);
    const oneofs = model.oneofs.map((oneof, index) => ({
      protoName: oneof.protoName,
      property: checkedIdentifier(file, `oneof ${desc.typeName}.${oneof.protoName}`, oneof.property),
      oneofVar: `o${index}`,
      caseVar: `c${index}`,
      ownOnly: oneof.property in Object.prototype,
    }));
    const fields = model.fields.map((field, index) => {
      const oneof = field.oneof === undefined ? undefined : oneofs[model.oneofs.findIndex((o) => o.property === field.oneof!.property)];
      return jsonField(file, model, field, fieldIndex(model, index), oneof, codecOf, rt);
    });
    const words = Math.ceil(fields.filter((f) => f.dupBit !== 0).length / 31);
    const name = names.get(desc)!;
    return {
      codecName: name,
      readerName: `${name}Reader`,
      writerName: `${name}Writer`,
      typeRef,
      initRef: `${scope.import("MessageInitShape", "@bufbuild/protobuf", true)}<typeof ${importSchema(scope, shapeOf, desc)}>`,
      protoName: desc.typeName,
      readName: own.read,
      writeName: own.write,
      fields,
      fieldsByNumber: [...fields].sort((a, b) => a.number - b.number),
      initialFields: fields.filter((f) => f.initial !== undefined),
      oneofs: model.oneofs.map((oneof, index) => {
        const members = oneof.fields.map((member) => fields[model.fields.indexOf(member)]!);
        return { ...oneofs[index]!, members, cases: members.map((m) => m.property).join(", ") };
      }),
      seenWords: Array.from({ length: words }, (_, i) => `seen${i}`),
      hasValueVar: fields.some((f) => !f.write.member),
      docLines: model.docLines,
      wellKnownForm,
    };
  });
  const all = messages.flatMap((m) => m.fields);
  const runtime: Record<string, string> = {};
  const use = (names: readonly string[], when = true) => {
    if (when) for (const name of names) runtime[name] = rt(name, /^[A-Z]/.test(name));
  };
  use(["jsonReader", "MessageJsonReader"]);
  use(["ReadContext", "enterMessage", "unknownKey", "decodeWithin"]);
  use(["jsonWriter", "MessageJsonWriter", "WriteContext", "enterInit", "encodeWithin"]);
  use(
    ["implicitField"],
    all.some((f) => f.write.implicit && !f.write.zeroTestExact),
  );
  use(
    ["appendField"],
    all.some((f) => f.write.zeroTest !== ""),
  );
  use(
    ["presentField"],
    all.some((f) => f.write.present),
  );
  use(["messageJson", "MessageJson"]);
  use(["keySegment"]);
  use(
    ["readList"],
    all.some((f) => f.list),
  );
  use(
    ["writeList"],
    all.some((f) => f.list),
  );
  use(
    ["readMap"],
    all.some((f) => f.map),
  );
  use(
    ["writeMap"],
    all.some((f) => f.map),
  );
  use(
    ["duplicateField"],
    all.some((f) => f.dupBit !== 0),
  );
  use(
    ["oneofTwice"],
    all.some((f) => f.oneofProperty !== ""),
  );
  use(
    ["oneofInit", "unknownCase"],
    all.some((f) => f.oneofProperty !== ""),
  );
  use(["readEnumNumber"], enums.length > 0);
  use(["writeEnumNumber"], enums.length > 0);
  return { runtime, helpers, enums, messages };
}

/** The position of a field among the fields that need duplicate detection (two names). */
function fieldIndex(model: MessageModel, index: number): number {
  return model.fields.slice(0, index).filter((f) => f.jsonName !== f.protoName).length;
}

function jsonField(
  file: DescFile,
  message: MessageModel,
  field: FieldModel,
  dupIndex: number,
  oneof: { readonly property: string; readonly oneofVar: string; readonly caseVar: string } | undefined,
  codecOf: (value: ValueType, longAsString: boolean) => ValueCodec,
  rt: (name: string) => string,
): JsonFieldModel {
  const element = `field ${message.protoName}.${field.protoName}`;
  // A 64-bit field with `jstype = JS_STRING` holds a decimal string, not a bigint.
  const value = codecOf(unboxed(field), "longAsString" in field.desc && field.desc.longAsString);
  const sameNames = field.jsonName === field.protoName;
  const bytes = field.value.kind === "scalar" && field.value.scalar === "bytes";
  const implicit = field.shape === "singular" && !field.explicitPresence;
  let initial: string | undefined;
  if (field.shape === "list") initial = "[]";
  else if (field.shape === "map") initial = "{}";
  else if (implicit) initial = bytes ? "new Uint8Array(0)" : value.zero;
  if (implicit && initial === undefined) throw new GeneratorError(file.proto.name, element, "no implicit default for this type");
  const property = checkedIdentifier(file, element, field.property);
  let zeroText = "";
  if (field.shape === "list") zeroText = JSON.stringify("[]");
  else if (field.shape === "map") zeroText = JSON.stringify("{}");
  else if (implicit) zeroText = value.zeroText!;
  return {
    keys: sameNames ? [field.jsonName] : [field.jsonName, field.protoName],
    dupBit: sameNames ? 0 : 2 ** (dupIndex % 31),
    dupVar: `seen${Math.floor(dupIndex / 31)}`,
    jsonName: field.jsonName,
    protoName: field.protoName,
    number: field.number,
    jsonKey: `${JSON.stringify(field.jsonName)}:`,
    jsonKeyText: `,${JSON.stringify(field.jsonName)}:`,
    protoKey: `${JSON.stringify(field.protoName)}:`,
    protoKeyText: `,${JSON.stringify(field.protoName)}:`,
    sameNames,
    property,
    oneofProperty: oneof?.property ?? "",
    list: field.shape === "list",
    map: field.shape === "map",
    mapKeyKind: field.mapKey === undefined ? "" : mapKeyKind(field.mapKey),
    value,
    initial,
    write: {
      implicit: oneof === undefined && !(field.shape === "singular" && field.explicitPresence),
      present: oneof === undefined && field.shape === "singular" && field.explicitPresence,
      member: oneof !== undefined,
      zeroText,
      ...zeroTest(field, value, implicit, rt),
      nullWhenUnpopulated:
        oneof === undefined && field.value.kind === "message" && field.shape === "singular" && field.desc.proto.proto3Optional !== true,
      access: oneof === undefined ? "v" : `${oneof.oneofVar}.value`,
      oneofVar: oneof?.oneofVar ?? "",
      caseVar: oneof?.caseVar ?? "",
      segment: oneof === undefined ? property : `${oneof.property}.value`,
    },
    ownOnly: property in Object.prototype,
  };
}

/**
 * How a writer skips an implicit field at its default without formatting it: the value's own
 * test for singular fields, an empty array for lists; maps are formatted (an own-keys check).
 */
function zeroTest(
  field: FieldModel,
  value: ValueCodec,
  implicit: boolean,
  rt: (name: string) => string,
): { readonly zeroTest: string; readonly zeroTestExact: boolean } {
  if (implicit) return { zeroTest: value.zeroTest ?? "", zeroTestExact: value.zeroTestExact };
  if (field.shape === "list") return { zeroTest: `${rt("isEmptyList")}(v)`, zeroTestExact: true };
  return { zeroTest: "", zeroTestExact: false };
}

/**
 * The value type as protoc-gen-es represents it: a wrapper type (google.protobuf.Int32Value...)
 * in a singular field outside a oneof is its bare value (`number | undefined`).
 */
function unboxed(field: FieldModel): ValueType {
  const value = field.value;
  if (field.shape === "singular" && field.oneof === undefined && value.kind === "message" && isWrapper(value.desc)) {
    const inner = value.desc.fields[0]!;
    if (inner.fieldKind === "scalar") return { kind: "scalar", scalar: scalarName(inner.scalar) };
  }
  return value;
}

function isWrapper(desc: DescMessage): boolean {
  return isWellKnown(desc) && desc.file.name === "google/protobuf/wrappers";
}

function mapKeyKind(key: ScalarName): string {
  switch (key) {
    case "string":
      return "string";
    case "bool":
      return "bool";
    case "int32":
    case "sint32":
    case "sfixed32":
      return "int32";
    case "uint32":
    case "fixed32":
      return "uint32";
    case "int64":
    case "sint64":
    case "sfixed64":
      return "int64";
    case "uint64":
    case "fixed64":
      return "uint64";
    default:
      throw new Error(`not a map key type: ${key}`);
  }
}

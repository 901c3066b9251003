// Message descriptors -> the model of a `X_json.ts` file: for every message, the keys its
// reader switches on, and for every field how its value is read, encoded and written.
import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";
import { GeneratorError } from "../errors.js";
import { declareExport, importShape, type FileModelBase, type ShapeResolver } from "./files.js";
import { checkedIdentifier, concernExports, concernFileName, exportName, exportNames, type FileScope } from "./names.js";
import { isWellKnown, messageModel, messagesInOrder, scalarName, type FieldModel, type MessageModel, type ScalarName, type ValueType } from "./messages.js";

const runtimeModule = "./runtime/json.js";

/** How a value of one type is read, encoded and written (names of functions in the file). */
interface ValueCodec {
  readonly reader: string;
  readonly encoder: string;
  readonly writer: string;
  /** The value is its own JSON value (string, bool, int32): singular fields skip the encoder. */
  readonly encodeDirect: boolean;
  /** `"" + value` is its JSON text (bool, int32): singular fields skip the writer. */
  readonly writeDirect: boolean;
  /** The reader may return undefined (an unknown enum name skipped with ignoreUnknownFields). */
  readonly mayIgnore: boolean;
  /** JSON `null` is a value of this type (google.protobuf.Value, NullValue), not "unset". */
  readonly nullIsValue: boolean;
  /** A float or double: -0 is not the implicit default 0 (protobuf-es agrees). */
  readonly floating: boolean;
  /** Reader, encoder and writer take the context as their second argument (enums, messages). */
  readonly contextual: boolean;
  /** The implicit default as code (`""`, `0`, `0n`, `false`), for scalars and enums. */
  readonly zero: string | undefined;
}

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
  /** A name is `__proto__`: encode must define the key instead of assigning it. */
  readonly dunderProto: boolean;
  /** The property on the message type; for a oneof member, its `case`. */
  readonly property: string;
  /** The oneof property holding this member, or "" when the field is not in a oneof. */
  readonly oneofProperty: string;
  /** The field's value as code: `message.sid`, `message.kind.value`. */
  readonly access: string;
  readonly list: boolean;
  readonly map: boolean;
  readonly singular: boolean;
  readonly bytes: boolean;
  /** Singular field with explicit presence (message, proto3 optional), not in a oneof. */
  readonly optional: boolean;
  readonly mapKeyKind: string;
  readonly value: ValueCodec;
  /** Initial value in a new message (implicit-presence fields only), as code. */
  readonly initial: string | undefined;
}

export interface JsonOneofModel {
  readonly protoName: string;
  readonly property: string;
  readonly members: readonly JsonFieldModel[];
}

export interface JsonMessageModel {
  readonly codecName: string;
  readonly typeRef: string;
  readonly protoName: string;
  readonly readName: string;
  readonly encodeName: string;
  readonly writeName: string;
  /** Fields in declaration order (decode). */
  readonly fields: readonly JsonFieldModel[];
  /** Fields by number: the order encode and stringify write them in, as protobuf-es does. */
  readonly fieldsByNumber: readonly JsonFieldModel[];
  /** Fields with an initial value in a new message. */
  readonly initialFields: readonly JsonFieldModel[];
  readonly oneofs: readonly JsonOneofModel[];
  /** Names of the bitmask variables for duplicate detection (`seen0`, ...). */
  readonly seenWords: readonly string[];
  readonly docLines: readonly string[];
  /** The parameters of encode and write, `_`-prefixed where the body does not read them. */
  readonly writeParams: { readonly message: string; readonly ctx: string };
}

/** The reader, encoder and writer of one enum, specialized (a switch over its values). */
export interface JsonEnumModel {
  readonly protoName: string;
  readonly typeRef: string;
  readonly readName: string;
  readonly encodeName: string;
  readonly writeName: string;
  /** Every value name (aliases too) with its number. */
  readonly byName: readonly { readonly name: string; readonly number: number }[];
  /** One name per number, also as JSON text (`"\"ACTIVE\""`). */
  readonly byNumber: readonly { readonly number: number; readonly name: string; readonly quoted: string }[];
}

/** A module-level helper built once per well-known type: `const readTimestamp = wktReader(TimestampSchema)`. */
export interface JsonHelperModel {
  readonly name: string;
  readonly factory: string;
  readonly typeArg: string;
  readonly arg: string;
}

export interface JsonFileModel extends FileModelBase {
  /** Local names of the runtime helpers the file uses (and only those). */
  readonly runtime: Readonly<Record<string, string>>;
  readonly helpers: readonly JsonHelperModel[];
  readonly enums: readonly JsonEnumModel[];
  readonly messages: readonly JsonMessageModel[];
}

/**
 * The names of the codecs a proto file exports: `<Message>Json`, or, when two messages
 * flatten to the same name, protoc-gen-es's own (disambiguated) type name plus `Json`.
 */
export function codecNames(file: DescFile, shapeOf: ShapeResolver): Map<DescMessage, string> {
  return exportNames(messagesInOrder(file), concernExports.json.suffix, (desc) => shapeOf(desc).name);
}

/** The JSON codecs of a proto file, or undefined when it declares no message. */
export function jsonFileModel(file: DescFile, scope: FileScope, shapeOf: ShapeResolver): JsonFileModel | undefined {
  const descs = messagesInOrder(file);
  if (descs.length === 0) return undefined;
  const names = codecNames(file, shapeOf);
  for (const desc of descs) declareExport(scope, file, desc.typeName, names.get(desc)!);
  const locals = new Map<DescMessage, { read: string; encode: string; write: string }>();
  for (const desc of descs) {
    const base = exportName(desc, "");
    locals.set(desc, { read: scope.local(`read${base}`), encode: scope.local(`encode${base}`), write: scope.local(`write${base}`) });
  }
  const rt = (name: string, typeOnly = false) => scope.import(name, runtimeModule, typeOnly);
  const helpers: JsonHelperModel[] = [];
  const enums: JsonEnumModel[] = [];
  const codecsByType = new Map<string, ValueCodec>();
  const codecOf = (value: ValueType, longAsString: boolean): ValueCodec =>
    valueCodec(value, { file, scope, shapeOf, rt, locals, helpers, codecsByType, enums }, longAsString);
  const messages = descs.map((desc) => {
    const model = messageModel(desc);
    const fields = model.fields.map((field, index) => jsonField(file, model, field, fieldIndex(model, index), codecOf));
    const own = locals.get(desc)!;
    const words = Math.ceil(fields.filter((f) => f.dupBit !== 0).length / 31);
    return {
      codecName: names.get(desc)!,
      typeRef: importShape(scope, shapeOf, desc),
      protoName: desc.typeName,
      readName: own.read,
      encodeName: own.encode,
      writeName: own.write,
      fields,
      fieldsByNumber: [...fields].sort((a, b) => a.number - b.number),
      initialFields: fields.filter((f) => f.initial !== undefined),
      oneofs: model.oneofs.map((oneof) => ({
        protoName: oneof.protoName,
        property: checkedIdentifier(file, `oneof ${desc.typeName}.${oneof.protoName}`, oneof.property),
        members: oneof.fields.map((member) => fields[model.fields.indexOf(member)]!),
      })),
      seenWords: Array.from({ length: words }, (_, i) => `seen${i}`),
      docLines: model.docLines,
      writeParams: {
        message: fields.length > 0 ? "message" : "_message",
        // Read by the field-set check of implicit fields, by keys with two spellings, by contextual values.
        ctx: fields.some((f) => (f.oneofProperty === "" && !f.optional) || !f.sameNames || f.value.contextual) ? "ctx" : "_ctx",
      },
    };
  });
  const all = messages.flatMap((m) => m.fields);
  const runtime: Record<string, string> = { JsonObject: scope.import("JsonObject", "@bufbuild/protobuf", true) };
  const use = (names: readonly string[], when = true) => {
    if (when) for (const name of names) runtime[name] = rt(name, /^[A-Z]/.test(name));
  };
  use(["messageJson", "MessageJson", "ReadContext", "WriteContext", "enterMessage", "unknownKey", "within", "keySegment"]);
  use(["readList", "encodeList", "writeList"], all.some((f) => f.list));
  use(["readMap", "encodeMap", "writeMap", "isEmptyMap"], all.some((f) => f.map));
  use(["duplicateField"], all.some((f) => f.dupBit !== 0));
  use(["oneofTwice"], all.some((f) => f.oneofProperty !== ""));
  use(["defineKey"], all.some((f) => f.dunderProto));
  use(["readEnumNumber"], enums.length > 0);
  return { sourceFile: file.proto.name, runtime, helpers, enums, messages };
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
  codecOf: (value: ValueType, longAsString: boolean) => ValueCodec,
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
    dunderProto: field.jsonName === "__proto__" || field.protoName === "__proto__",
    property: checkedIdentifier(file, element, field.property),
    oneofProperty: field.oneof === undefined ? "" : checkedIdentifier(file, element, field.oneof.property),
    access: field.oneof === undefined ? `message.${field.property}` : `message.${field.oneof.property}.value`,
    list: field.shape === "list",
    map: field.shape === "map",
    singular: field.shape === "singular",
    bytes,
    optional: field.shape === "singular" && field.explicitPresence && field.oneof === undefined,
    mapKeyKind: field.mapKey === undefined ? "" : mapKeyKind(field.mapKey),
    value,
    initial,
  };
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
    case "int32": case "sint32": case "sfixed32":
      return "int32";
    case "uint32": case "fixed32":
      return "uint32";
    case "int64": case "sint64": case "sfixed64":
      return "int64";
    case "uint64": case "fixed64":
      return "uint64";
    default:
      throw new Error(`not a map key type: ${key}`);
  }
}

interface CodecContext {
  readonly file: DescFile;
  readonly scope: FileScope;
  readonly shapeOf: ShapeResolver;
  readonly rt: (name: string, typeOnly?: boolean) => string;
  readonly locals: ReadonlyMap<DescMessage, { read: string; encode: string; write: string }>;
  readonly helpers: JsonHelperModel[];
  readonly codecsByType: Map<string, ValueCodec>;
  readonly enums: JsonEnumModel[];
}

function valueCodec(value: ValueType, ctx: CodecContext, longAsString: boolean): ValueCodec {
  switch (value.kind) {
    case "scalar":
      return scalarCodec(value.scalar, ctx.rt, longAsString);
    case "enum":
      return enumCodec(value.desc, ctx);
    case "message":
      return messageCodec(value.desc, ctx);
  }
}

const plain = { mayIgnore: false, nullIsValue: false, encodeDirect: false, writeDirect: false, contextual: false, floating: false } as const;

function scalarCodec(scalar: ScalarName, rt: CodecContext["rt"], longAsString: boolean): ValueCodec {
  const direct = (reader: string, zero: string): ValueCodec => ({
    ...plain,
    reader: rt(reader),
    encoder: rt("encodeSame"),
    writer: rt("writeNumber"),
    encodeDirect: true,
    writeDirect: true,
    zero,
  });
  const converted = (reader: string, encoder: string, writer: string, zero: string | undefined): ValueCodec => ({
    ...plain,
    reader: rt(reader),
    encoder: rt(encoder),
    writer: rt(writer),
    zero,
  });
  switch (scalar) {
    case "string":
      return { ...converted("readString", "encodeSame", "quote", '""'), encodeDirect: true };
    case "bool":
      return direct("readBool", "false");
    case "int32": case "sint32": case "sfixed32":
      return direct("readInt32", "0");
    case "uint32": case "fixed32":
      return direct("readUint32", "0");
    case "int64": case "sint64": case "sfixed64":
      return longAsString
        ? converted("readInt64String", "encodeInt64", "writeInt64", '"0"')
        : converted("readInt64", "encodeInt64", "writeInt64", "0n");
    case "uint64": case "fixed64":
      return longAsString
        ? converted("readUint64String", "encodeInt64", "writeInt64", '"0"')
        : converted("readUint64", "encodeInt64", "writeInt64", "0n");
    case "float":
      return { ...converted("readFloat", "encodeDouble", "writeDouble", "0"), floating: true };
    case "double":
      return { ...converted("readDouble", "encodeDouble", "writeDouble", "0"), floating: true };
    case "bytes":
      return converted("readBytes", "encodeBytes", "writeBytes", undefined);
  }
}

function enumCodec(desc: DescEnum, ctx: CodecContext): ValueCodec {
  if (desc.typeName === "google.protobuf.NullValue") {
    return { ...plain, reader: ctx.rt("readNullValue"), encoder: ctx.rt("encodeNull"), writer: ctx.rt("writeNull"), nullIsValue: true, zero: "0" };
  }
  let codec = ctx.codecsByType.get(desc.typeName);
  if (codec === undefined) {
    const base = exportName(desc, "");
    const model: JsonEnumModel = {
      protoName: desc.typeName,
      typeRef: importShape(ctx.scope, ctx.shapeOf, desc),
      readName: ctx.scope.local(`read${base}`),
      encodeName: ctx.scope.local(`encode${base}`),
      writeName: ctx.scope.local(`write${base}`),
      byName: desc.values.map((v) => ({ name: v.name, number: v.number })),
      // The first name declared for a number is the one written (aliases share numbers).
      byNumber: desc.values
        .filter((v, i) => desc.values.findIndex((w) => w.number === v.number) === i)
        .map((v) => ({ number: v.number, name: v.name, quoted: JSON.stringify(v.name) })),
    };
    ctx.enums.push(model);
    codec = { ...plain, mayIgnore: true, contextual: true, zero: "0", reader: model.readName, encoder: model.encodeName, writer: model.writeName };
    ctx.codecsByType.set(desc.typeName, codec);
  }
  return codec;
}

function messageCodec(desc: DescMessage, ctx: CodecContext): ValueCodec {
  const common = { ...plain, contextual: true, nullIsValue: desc.typeName === "google.protobuf.Value", zero: undefined };
  if (desc.typeName === "google.protobuf.Struct") {
    // protoc-gen-es represents a Struct field as a plain JsonObject.
    return { ...common, reader: ctx.rt("readStruct"), encoder: ctx.rt("encodeStruct"), writer: ctx.rt("writeStruct") };
  }
  if (isWellKnown(desc)) {
    return cachedHelpers(desc.typeName, ctx, () => {
      const schema = ctx.scope.import(`${desc.name}Schema`, "@bufbuild/protobuf/wkt");
      const type = importShape(ctx.scope, ctx.shapeOf, desc);
      return {
        helpers: [
          { name: ctx.scope.local(`read${desc.name}`), factory: ctx.rt("wktReader"), typeArg: type, arg: schema },
          { name: ctx.scope.local(`encode${desc.name}`), factory: ctx.rt("wktEncoder"), typeArg: type, arg: schema },
          { name: ctx.scope.local(`write${desc.name}`), factory: ctx.rt("wktWriter"), typeArg: type, arg: schema },
        ],
        codec: common,
      };
    });
  }
  const local = ctx.locals.get(desc);
  if (local !== undefined) return { ...common, reader: local.read, encoder: local.encode, writer: local.write };
  const codec = importCodec(ctx.scope, ctx.shapeOf, desc);
  return { ...common, reader: `${codec}.$read`, encoder: `${codec}.$encode`, writer: `${codec}.$write` };
}

/** Imports the codec of a message (not a well-known type) from its file's `_json` module. */
export function importCodec(scope: FileScope, shapeOf: ShapeResolver, desc: DescMessage): string {
  return scope.import(codecNames(desc.file, shapeOf).get(desc)!, `./${concernFileName(desc.file, "json").slice(0, -3)}.js`);
}

/** Declares the three helpers of an enum or well-known type once per file. */
function cachedHelpers(
  typeName: string,
  ctx: CodecContext,
  create: () => { helpers: JsonHelperModel[]; codec: Omit<ValueCodec, "reader" | "encoder" | "writer"> },
): ValueCodec {
  let codec = ctx.codecsByType.get(typeName);
  if (codec === undefined) {
    const made = create();
    ctx.helpers.push(...made.helpers);
    const [read, encode, write] = made.helpers.map((h) => h.name);
    codec = { ...made.codec, reader: read!, encoder: encode!, writer: write! };
    ctx.codecsByType.set(typeName, codec);
  }
  return codec;
}

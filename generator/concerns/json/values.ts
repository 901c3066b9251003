// How each value type is read and written in a `X_json.ts` file: the names of the runtime
// functions or generated helpers for scalars, enums (a generated switch), well-known types (via
// @bufbuild/protobuf) and messages (generated, or imported from another file's `_json` module).
import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";
import { importShape, type ShapeResolver } from "../../model/context.js";
import { concernExports, concernFileName, exportName, exportNames, type FileScope } from "../../model/names.js";
import { isWellKnown, messagesInOrder, type ScalarName, type ValueType } from "../../model/messages.js";

/** How a value of one type is read and written (names of functions in the file). */
export interface ValueCodec {
  readonly reader: string;
  readonly writer: string;
  /** The reader may return undefined (an unknown enum name skipped with ignoreUnknownFields). */
  readonly mayIgnore: boolean;
  /** JSON `null` is a value of this type (google.protobuf.Value, NullValue), not "unset". */
  readonly nullIsValue: boolean;
  /** Reader and writer take the context as their second argument (enums, messages). */
  readonly contextual: boolean;
  /** The implicit default as code (`""`, `0`, `0n`, `false`), for scalars and enums. */
  readonly zero: string | undefined;
  /** The JSON text of the implicit default, as code (`"\"\""`, `"0"`), for scalars and enums. */
  readonly zeroText: string | undefined;
  /**
   * Code true of a value `v` that is surely the implicit default (`v === ""`), so that a writer
   * skips formatting it; undefined where no cheap test is exact (-0 === 0, yet -0 is written).
   */
  readonly zeroTest: string | undefined;
  /** No value but the one `zeroTest` matches is written as `zeroText` (not so for int64: "00" is 0). */
  readonly zeroTestExact: boolean;
}

/** The reader and writer of one enum, specialized (a switch over its values). */
export interface JsonEnumModel {
  readonly protoName: string;
  readonly typeRef: string;
  readonly readName: string;
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
  /** Type argument of the factory, or "" for none. */
  readonly typeArg: string;
  readonly arg: string;
}

/**
 * The names of the codecs a proto file exports: `<Message>Json`, or, when two messages
 * flatten to the same name, protoc-gen-es's own (disambiguated) type name plus `Json`.
 */
export function codecNames(file: DescFile, shapeOf: ShapeResolver): Map<DescMessage, string> {
  return exportNames(messagesInOrder(file), concernExports.json.suffix, (desc) => shapeOf(desc).name);
}

export interface CodecContext {
  readonly file: DescFile;
  readonly scope: FileScope;
  readonly shapeOf: ShapeResolver;
  readonly rt: (name: string) => string;
  readonly locals: ReadonlyMap<DescMessage, { read: string; write: string }>;
  readonly helpers: JsonHelperModel[];
  readonly codecsByType: Map<string, ValueCodec>;
  readonly enums: JsonEnumModel[];
}

export function valueCodec(value: ValueType, ctx: CodecContext, longAsString: boolean): ValueCodec {
  switch (value.kind) {
    case "scalar":
      return scalarCodec(value.scalar, ctx.rt, longAsString);
    case "enum":
      return enumCodec(value.desc, ctx);
    case "message":
      return messageCodec(value.desc, ctx);
  }
}

const plain = { mayIgnore: false, nullIsValue: false, contextual: false } as const;

function scalarCodec(scalar: ScalarName, rt: CodecContext["rt"], longAsString: boolean): ValueCodec {
  const codec = (name: string, zero: string | undefined, zeroText: string): ValueCodec => ({
    ...plain,
    reader: rt(`read${name}`),
    writer: rt(`write${name.replace(/64String$/, "64")}`),
    zero,
    zeroText: JSON.stringify(zeroText),
    zeroTest: zero === undefined || name === "Float" || name === "Double" ? undefined : `v === ${zero}`,
    zeroTestExact: !name.includes("64"),
  });
  switch (scalar) {
    case "string":
      return codec("String", '""', '""');
    case "bool":
      return codec("Bool", "false", "false");
    case "int32":
    case "sint32":
    case "sfixed32":
      return codec("Int32", "0", "0");
    case "uint32":
    case "fixed32":
      return codec("Uint32", "0", "0");
    case "int64":
    case "sint64":
    case "sfixed64":
      return longAsString ? codec("Int64String", '"0"', '"0"') : codec("Int64", "0n", '"0"');
    case "uint64":
    case "fixed64":
      return longAsString ? codec("Uint64String", '"0"', '"0"') : codec("Uint64", "0n", '"0"');
    case "float":
      return codec("Float", "0", "0");
    case "double":
      return codec("Double", "0", "0");
    case "bytes":
      return codec("Bytes", undefined, '""');
  }
}

function enumCodec(desc: DescEnum, ctx: CodecContext): ValueCodec {
  if (desc.typeName === "google.protobuf.NullValue") {
    return {
      ...plain,
      reader: ctx.rt("readNullValue"),
      writer: ctx.rt("writeNull"),
      nullIsValue: true,
      zero: "0",
      zeroText: JSON.stringify("null"),
      zeroTest: "v === 0",
      zeroTestExact: true,
    };
  }
  let codec = ctx.codecsByType.get(desc.typeName);
  if (codec === undefined) {
    const base = exportName(desc, "");
    const model: JsonEnumModel = {
      protoName: desc.typeName,
      typeRef: importShape(ctx.scope, ctx.shapeOf, desc),
      readName: ctx.scope.local(`read${base}`),
      writeName: ctx.scope.local(`write${base}`),
      byName: desc.values.map((v) => ({ name: v.name, number: v.number })),
      // The first name declared for a number is the one written (aliases share numbers).
      byNumber: desc.values
        .filter((v, i) => desc.values.findIndex((w) => w.number === v.number) === i)
        .map((v) => ({ number: v.number, name: v.name, quoted: JSON.stringify(v.name) })),
    };
    ctx.enums.push(model);
    // proto3 enums start at 0; its JSON text depends on enumAsInteger.
    const zeroName = model.byNumber.find((v) => v.number === 0);
    const zeroText = zeroName === undefined ? JSON.stringify("0") : `(ctx.enumAsInteger ? "0" : ${JSON.stringify(zeroName.quoted)})`;
    codec = {
      ...plain,
      mayIgnore: true,
      contextual: true,
      zero: "0",
      zeroText,
      zeroTest: "v === 0",
      zeroTestExact: true,
      reader: model.readName,
      writer: model.writeName,
    };
    ctx.codecsByType.set(desc.typeName, codec);
  }
  return codec;
}

/** The runtime's own readers and writers of the well-known time types. */
const timeCodecs: Readonly<Record<string, { readonly read: string; readonly write: string } | undefined>> = {
  "google.protobuf.Duration": { read: "readDuration", write: "writeDuration" },
  "google.protobuf.Timestamp": { read: "readTimestamp", write: "writeTimestamp" },
};

function messageCodec(desc: DescMessage, ctx: CodecContext): ValueCodec {
  const common = {
    ...plain,
    contextual: true,
    nullIsValue: desc.typeName === "google.protobuf.Value",
    zero: undefined,
    zeroText: undefined,
    zeroTest: undefined,
    zeroTestExact: false,
  };
  if (desc.typeName === "google.protobuf.Struct") {
    // protoc-gen-es represents a Struct field as a plain JsonObject.
    return { ...common, reader: ctx.rt("readStruct"), writer: ctx.rt("writeStruct") };
  }
  const time = timeCodecs[desc.typeName];
  if (time !== undefined) {
    // Written by hand in the runtime: no reflection in a bundle for a time field.
    return { ...common, contextual: false, reader: ctx.rt(time.read), writer: ctx.rt(time.write) };
  }
  if (isWellKnown(desc)) {
    let codec = ctx.codecsByType.get(desc.typeName);
    if (codec === undefined) {
      const schema = ctx.scope.import(`${desc.name}Schema`, "@bufbuild/protobuf/wkt");
      const read = ctx.scope.local(`read${desc.name}`);
      const write = ctx.scope.local(`write${desc.name}`);
      ctx.helpers.push(
        { name: read, factory: ctx.rt("wktReader"), typeArg: importShape(ctx.scope, ctx.shapeOf, desc), arg: schema },
        { name: write, factory: ctx.rt("wktWriter"), typeArg: "", arg: schema },
      );
      codec = { ...common, reader: read, writer: write };
      ctx.codecsByType.set(desc.typeName, codec);
    }
    return codec;
  }
  const local = ctx.locals.get(desc);
  if (local !== undefined) return { ...common, reader: local.read, writer: local.write };
  const codec = codecNames(desc.file, ctx.shapeOf).get(desc)!;
  const from = codecModule(desc);
  const reader = ctx.scope.import(`${codec}Reader`, from);
  const writer = ctx.scope.import(`${codec}Writer`, from);
  return { ...common, reader: `${reader}.$read`, writer: `${writer}.$write` };
}

/** A message's reader or writer (not of a well-known type) in its file's `_json` module, imported: `RoomJsonReader`. */
export function importCodec(scope: FileScope, shapeOf: ShapeResolver, desc: DescMessage, part: "Reader" | "Writer"): string {
  return scope.import(codecNames(desc.file, shapeOf).get(desc)! + part, codecModule(desc));
}

function codecModule(desc: DescMessage): string {
  return `./${concernFileName(desc.file, "json").slice(0, -3)}.js`;
}

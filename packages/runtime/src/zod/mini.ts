// Runtime support for generated Zod schemas on zod/mini (plugin option `zod=mini`): the same
// schemas as `../zod.ts` (classic Zod), export for export, written with Zod Mini's functions so
// that a bundle holds only what it uses. Checks and conversions are `./shared.ts`'s, as there.
// Like Zod Mini itself, this loads no locale: Zod's own issues (a wrong type, an unknown key, a
// number out of range) read "Invalid input" until the application calls
// `z.config(z.locales.en())`; the issues of the checks here carry their own messages.
import type { JsonObject, JsonValue, MessageInitShape } from "@bufbuild/protobuf";
import type { ListValueSchema, NullValue, StructSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import * as z from "zod/mini";
import type { $ZodRecordKey, $ZodShape, $ZodType, SomeType } from "zod/v4/core";
import type { EnumTable } from "../enums.js";
import { readDuration, readTimestamp } from "../json/time.js";
import * as shared from "./shared.js";

export * as z from "./mini-z.js";

// A bundler drops a schema nobody imports only if building it has no side effects: the helpers
// below say so (esbuild and rollup read the annotation within this module), and schemas built
// from calls into other modules are /*@__PURE__*/ calls.

/** `z.preprocess` of classic Zod: `fn`, then `schema` on what it returns. */
/* @__NO_SIDE_EFFECTS__ */
function preprocess<S extends $ZodType>(fn: (v: unknown, ctx: shared.Context) => unknown, schema: S) {
  return z.pipe(z.transform(fn), schema);
}

/** A schema taking any input, converted (and checked) by `fn`. */
/* @__NO_SIDE_EFFECTS__ */
function conversion<I, O>(fn: (v: unknown, ctx: shared.Context) => O) {
  return z.pipe(z.custom<I>(), z.transform<I, O>(fn));
}

// --- scalars -------------------------------------------------------------------------------

/** int32, sint32, sfixed32: an integer in [-2^31, 2^31 - 1]. */
export const int32Zod = /*@__PURE__*/ z.int32();
/** uint32, fixed32: an integer in [0, 2^32 - 1]. */
export const uint32Zod = /*@__PURE__*/ z.uint32();
/** double: any number, including NaN and the infinities (proto3 allows them). */
export const doubleZod = /*@__PURE__*/ z.custom<number>(shared.isDouble, { error: shared.doubleMessage });
/** float: NaN, an infinity, or a number whose magnitude fits a 32-bit float. */
export const floatZod = /*@__PURE__*/ z.custom<number>(shared.isFloat, { error: shared.floatMessage });
export const boolZod = /*@__PURE__*/ z.boolean();

/** string: whole Unicode characters only (a lone surrogate cannot be encoded as UTF-8). */
export const stringZod = /*@__PURE__*/ (() => z.string().check(z.refine(shared.wellFormed, { error: shared.surrogateMessage })))();

/** A 64-bit integer type, converted by `output`: to bigint, or to the decimal string (`[jstype = JS_STRING]`). */
/* @__NO_SIDE_EFFECTS__ */
function int64Type<T>(name: string, range: shared.Range, output: (n: bigint) => T) {
  return conversion<bigint | number | string, T>(shared.int64Conversion(name, range, output));
}
/** int64, sint64, sfixed64 */
export const int64Zod = int64Type("int64", shared.int64Range, shared.asBigint);
/** uint64, fixed64 */
export const uint64Zod = int64Type("uint64", shared.uint64Range, shared.asBigint);
/** int64, sint64, sfixed64 with `[jstype = JS_STRING]`: the decimal string. */
export const int64StringZod = int64Type("int64", shared.int64Range, shared.asDecimal);
/** uint64, fixed64 with `[jstype = JS_STRING]`: the decimal string. */
export const uint64StringZod = int64Type("uint64", shared.uint64Range, shared.asDecimal);

/** bytes: a Uint8Array, or a base64 string (standard or URL-safe) converted to one. */
export const bytesZod = conversion<Uint8Array | string, Uint8Array>(shared.bytesConversion);

// --- map keys: the object keys of protoc-gen-es's map types ------------------------------

/* @__NO_SIDE_EFFECTS__ */
function mapKey({ check, message }: shared.MapKey) {
  return z.string().check(z.refine(check, { error: message }));
}
export const int32KeyZod = mapKey(shared.int32Key);
export const uint32KeyZod = mapKey(shared.uint32Key);
export const int64KeyZod = mapKey(shared.int64Key);
export const uint64KeyZod = mapKey(shared.uint64Key);
export const boolKeyZod = mapKey(shared.boolKey);
export const stringKeyZod = stringZod;

// --- enums -----------------------------------------------------------------------------------

const enumSchemas = new WeakMap<EnumTable<number>, z.ZodMiniType<number, unknown>>();

/**
 * An enum: one of its known numbers, or one of its proto value names, converted to the number.
 * One schema per enum table, shared by every field of that enum type.
 */
/* @__NO_SIDE_EFFECTS__ */
export function enumZod<E extends number>(table: EnumTable<E>): z.ZodMiniType<E, E | string> {
  let schema = enumSchemas.get(table);
  if (schema === undefined) {
    schema = conversion<E | string, E>(shared.enumConversion(table));
    enumSchemas.set(table, schema);
  }
  return schema as z.ZodMiniType<E, E | string>;
}

/** google.protobuf.NullValue: `NULL_VALUE` (0), also spelled `null`. */
export const nullValueZod = /*@__PURE__*/ (() =>
  z.union([
    z.pipe(
      z.null(),
      z.transform((): NullValue => 0),
    ),
    enumZod(shared.nullValueTable),
  ]))();

// --- messages --------------------------------------------------------------------------------

/**
 * The fields of a message as one strict object (unknown keys are errors). A complete message
 * of the same type (with `$typeName`, as `create()` returns it) is accepted too: its fields
 * are checked the same way.
 */
/* @__NO_SIDE_EFFECTS__ */
export function messageZod<Shape extends $ZodShape>(typeName: string, shape: Shape) {
  return preprocess(shared.messageInput(typeName), z.strictObject(shape));
}

/**
 * A map: protoc-gen-es's plain object, keys checked by key type. A plain object cannot hold
 * an own `"__proto__"` key reliably (Zod would drop it): it is refused rather than lost.
 */
/* @__NO_SIDE_EFFECTS__ */
export function mapZod<Key extends $ZodRecordKey, Value extends SomeType>(key: Key, value: Value) {
  return preprocess(shared.mapInput, z.record(key, value, { error: shared.mapKeyError }));
}

/** Nanos of a Duration; a Timestamp's are also at least 0. */
/* @__NO_SIDE_EFFECTS__ */
function nanos() {
  return z.int32().check(z.gte(-shared.maxNanos), z.lte(shared.maxNanos));
}

/**
 * google.protobuf.Timestamp: `{ seconds, nanos }` (0001-01-01 to 9999-12-31), a `Date`, or an
 * RFC 3339 string such as `"2026-11-25T10:00:00.5Z"`.
 */
export const timestampZod = /*@__PURE__*/ (() =>
  preprocess(
    shared.timestampDate,
    preprocess(
      shared.timeString(readTimestamp),
      messageZod("google.protobuf.Timestamp", {
        seconds: z.exactOptional(int64Type("Timestamp seconds", shared.timestampSecondsRange, shared.asBigint)),
        nanos: z.exactOptional(nanos().check(z.gte(0))),
      }),
    ),
  ))();

/** google.protobuf.Duration: `{ seconds, nanos }` (up to 10,000 years, one sign), or `"1.5s"`. */
export const durationZod = /*@__PURE__*/ (() =>
  preprocess(
    shared.timeString(readDuration),
    messageZod("google.protobuf.Duration", {
      seconds: z.exactOptional(int64Type("Duration seconds", shared.durationSecondsRange, shared.asBigint)),
      nanos: z.exactOptional(nanos()),
    }),
  ).check(z.refine(shared.sameSign, { error: shared.sameSignMessage })))();

export const anyZod = /*@__PURE__*/ (() =>
  messageZod("google.protobuf.Any", { typeUrl: z.exactOptional(stringZod), value: z.exactOptional(bytesZod) }))();
export const emptyZod = messageZod("google.protobuf.Empty", {});
export const fieldMaskZod = /*@__PURE__*/ (() => messageZod("google.protobuf.FieldMask", { paths: z.exactOptional(z.array(stringZod)) }))();

/**
 * A JSON value as protoc-gen-es types it (finite numbers only: JSON has no NaN). Its strings and
 * keys are taken as they are, lone surrogates too, as the codecs and @bufbuild/protobuf read a
 * Struct.
 */
export const jsonValueZod: z.ZodMiniType<JsonValue> = /*@__PURE__*/ z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValueZod), jsonObjectZod]),
);
/** A field of type google.protobuf.Struct: protoc-gen-es types it as a plain JSON object. */
export const jsonObjectZod: z.ZodMiniType<JsonObject> = /*@__PURE__*/ (() => mapZod(z.string(), jsonValueZod))();

/** google.protobuf.Value, in its message form: `{ kind: { case: "stringValue", value: "x" } }`. */
export const valueZod: z.ZodMiniType<MessageInitShape<typeof ValueSchema>> = /*@__PURE__*/ (() =>
  messageZod("google.protobuf.Value", {
    kind: z.exactOptional(
      z.discriminatedUnion("case", [
        z.strictObject({ case: z.literal("nullValue"), value: nullValueZod }),
        z.strictObject({ case: z.literal("numberValue"), value: doubleZod }),
        z.strictObject({ case: z.literal("stringValue"), value: z.string() }),
        z.strictObject({ case: z.literal("boolValue"), value: boolZod }),
        z.strictObject({ case: z.literal("structValue"), value: z.lazy(() => structZod) }),
        z.strictObject({ case: z.literal("listValue"), value: z.lazy(() => listValueZod) }),
        z.strictObject({ case: z.undefined(), value: z.optional(z.undefined()) }),
      ]),
    ),
  }))();
/** google.protobuf.ListValue, in its message form: `{ values: [...] }`. */
export const listValueZod: z.ZodMiniType<MessageInitShape<typeof ListValueSchema>> = /*@__PURE__*/ (() =>
  messageZod("google.protobuf.ListValue", { values: z.exactOptional(z.array(z.lazy(() => valueZod))) }))();
/** google.protobuf.Struct inside a Value (elsewhere a Struct field is a plain JSON object). */
const structZod: z.ZodMiniType<MessageInitShape<typeof StructSchema>> = /*@__PURE__*/ (() =>
  messageZod("google.protobuf.Struct", {
    fields: z.exactOptional(
      mapZod(
        z.string(),
        z.lazy(() => valueZod),
      ),
    ),
  }))();

/** A wrapper where protoc-gen-es keeps it boxed (a list element, a map value, a oneof member). */
/* @__NO_SIDE_EFFECTS__ */
function boxed<S extends $ZodType>(typeName: string, value: S) {
  return messageZod(typeName, { value: z.exactOptional(value) });
}
// A singular wrapper field is unboxed and uses the plain scalar schema.
export const doubleValueZod = boxed("google.protobuf.DoubleValue", doubleZod);
export const floatValueZod = boxed("google.protobuf.FloatValue", floatZod);
export const int64ValueZod = boxed("google.protobuf.Int64Value", int64Zod);
export const uint64ValueZod = boxed("google.protobuf.UInt64Value", uint64Zod);
export const int32ValueZod = boxed("google.protobuf.Int32Value", int32Zod);
export const uint32ValueZod = boxed("google.protobuf.UInt32Value", uint32Zod);
export const boolValueZod = boxed("google.protobuf.BoolValue", boolZod);
export const stringValueZod = boxed("google.protobuf.StringValue", stringZod);
export const bytesValueZod = boxed("google.protobuf.BytesValue", bytesZod);

// --- sidecar rules -----------------------------------------------------------------------------

/** A required name (room, identity, track sid): a non-empty string. */
export const nonEmptyStringZod = /*@__PURE__*/ (() => stringZod.check(z.minLength(1)))();

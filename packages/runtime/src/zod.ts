// Runtime support for the generated Zod schemas (classic Zod; `./zod/mini.ts` is the same on
// zod/mini, and `./zod/shared.ts` holds what both check and convert).
// Each schema accepts what protoc-gen-es's message-init shape accepts, plus the usual
// serialized spellings (decimal strings for 64-bit integers, base64 for bytes, enum value
// names), and outputs the init shape itself (bigint, Uint8Array, enum numbers).
import type { JsonObject, JsonValue, MessageInitShape } from "@bufbuild/protobuf";
import type { ListValueSchema, NullValue, StructSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import { z } from "zod";
import type { EnumTable } from "./enums.js";
import { readDuration, readTimestamp } from "./json/time.js";
import * as shared from "./zod/shared.js";

// --- scalars -------------------------------------------------------------------------------

/** int32, sint32, sfixed32: an integer in [-2^31, 2^31 - 1]. */
export const int32Zod = z.int32();
/** uint32, fixed32: an integer in [0, 2^32 - 1]. */
export const uint32Zod = z.uint32();
/** double: any number, including NaN and the infinities (proto3 allows them). */
export const doubleZod = z.custom<number>(shared.isDouble, { error: shared.doubleMessage });
/** float: NaN, an infinity, or a number whose magnitude fits a 32-bit float. */
export const floatZod = z.custom<number>(shared.isFloat, { error: shared.floatMessage });
export const boolZod = z.boolean();

/** string: whole Unicode characters only (a lone surrogate cannot be encoded as UTF-8). */
export const stringZod = z.string().refine(shared.wellFormed, { error: shared.surrogateMessage });

/**
 * A 64-bit integer type, converted by `output`: to bigint, or for fields with
 * `[jstype = JS_STRING]` (which protoc-gen-es types as string) to the decimal string.
 */
function int64Type<T>(name: string, range: shared.Range, output: (n: bigint) => T) {
  return z.custom<bigint | number | string>().transform(shared.int64Conversion(name, range, output));
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
export const bytesZod = z.custom<Uint8Array | string>().transform(shared.bytesConversion);

// --- map keys: the object keys of protoc-gen-es's map types ------------------------------

const mapKey = ({ check, message }: shared.MapKey) => z.string().refine(check, { error: message });
export const int32KeyZod = mapKey(shared.int32Key);
export const uint32KeyZod = mapKey(shared.uint32Key);
export const int64KeyZod = mapKey(shared.int64Key);
export const uint64KeyZod = mapKey(shared.uint64Key);
export const boolKeyZod = mapKey(shared.boolKey);
export const stringKeyZod = stringZod;

// --- enums -----------------------------------------------------------------------------------

const enumSchemas = new WeakMap<EnumTable<number>, z.ZodType<number, unknown>>();

/**
 * An enum: one of its known numbers, or one of its proto value names, converted to the number.
 * One schema per enum table, shared by every field of that enum type.
 */
export function enumZod<E extends number>(table: EnumTable<E>): z.ZodType<E, E | string> {
  let schema = enumSchemas.get(table);
  if (schema === undefined) {
    schema = z.custom<E | string>().transform(shared.enumConversion(table));
    enumSchemas.set(table, schema);
  }
  return schema as z.ZodType<E, E | string>;
}

/** google.protobuf.NullValue: `NULL_VALUE` (0), also spelled `null`. */
export const nullValueZod = z.union([z.null().transform((): NullValue => 0), enumZod(shared.nullValueTable)]);

// --- messages --------------------------------------------------------------------------------

/**
 * The fields of a message as one strict object (unknown keys are errors). A complete message
 * of the same type (with `$typeName`, as `create()` returns it) is accepted too: its fields
 * are checked the same way.
 */
export function messageZod<Shape extends z.ZodRawShape>(typeName: string, shape: Shape) {
  return z.preprocess(shared.messageInput(typeName), z.strictObject(shape));
}

/**
 * A map: protoc-gen-es's plain object, keys checked by key type. A plain object cannot hold
 * an own `"__proto__"` key reliably (Zod would drop it): it is refused rather than lost.
 */
export function mapZod<Key extends z.ZodType<string, string>, Value extends z.ZodType>(key: Key, value: Value) {
  return z.preprocess(shared.mapInput, z.record(key, value, { error: shared.mapKeyError }));
}

/** Nanos of a Duration; a Timestamp's are also at least 0. */
const nanos = () => z.int32().min(-shared.maxNanos).max(shared.maxNanos);

/**
 * google.protobuf.Timestamp: `{ seconds, nanos }` (0001-01-01 to 9999-12-31), a `Date`, or an
 * RFC 3339 string such as `"2026-11-25T10:00:00.5Z"`.
 */
export const timestampZod = z.preprocess(
  shared.timestampDate,
  z.preprocess(
    shared.timeString(readTimestamp),
    messageZod("google.protobuf.Timestamp", {
      seconds: int64Type("Timestamp seconds", shared.timestampSecondsRange, shared.asBigint).exactOptional(),
      nanos: nanos().min(0).exactOptional(),
    }),
  ),
);

/** google.protobuf.Duration: `{ seconds, nanos }` (up to 10,000 years, one sign), or `"1.5s"`. */
export const durationZod = z
  .preprocess(
    shared.timeString(readDuration),
    messageZod("google.protobuf.Duration", {
      seconds: int64Type("Duration seconds", shared.durationSecondsRange, shared.asBigint).exactOptional(),
      nanos: nanos().exactOptional(),
    }),
  )
  .refine(shared.sameSign, { error: shared.sameSignMessage });

export const anyZod = messageZod("google.protobuf.Any", { typeUrl: stringZod.exactOptional(), value: bytesZod.exactOptional() });
export const emptyZod = messageZod("google.protobuf.Empty", {});
export const fieldMaskZod = messageZod("google.protobuf.FieldMask", { paths: z.array(stringZod).exactOptional() });

/**
 * A JSON value as protoc-gen-es types it (finite numbers only: JSON has no NaN). Its strings and
 * keys are taken as they are, lone surrogates too, as the codecs and @bufbuild/protobuf read a
 * Struct.
 */
export const jsonValueZod: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(jsonValueZod), jsonObjectZod]),
);
/** A field of type google.protobuf.Struct: protoc-gen-es types it as a plain JSON object. */
export const jsonObjectZod: z.ZodType<JsonObject> = mapZod(z.string(), jsonValueZod);

/** google.protobuf.Value, in its message form: `{ kind: { case: "stringValue", value: "x" } }`. */
export const valueZod: z.ZodType<MessageInitShape<typeof ValueSchema>> = messageZod("google.protobuf.Value", {
  kind: z
    .discriminatedUnion("case", [
      z.strictObject({ case: z.literal("nullValue"), value: nullValueZod }),
      z.strictObject({ case: z.literal("numberValue"), value: doubleZod }),
      z.strictObject({ case: z.literal("stringValue"), value: z.string() }),
      z.strictObject({ case: z.literal("boolValue"), value: boolZod }),
      z.strictObject({ case: z.literal("structValue"), value: z.lazy(() => structZod) }),
      z.strictObject({ case: z.literal("listValue"), value: z.lazy(() => listValueZod) }),
      z.strictObject({ case: z.undefined(), value: z.undefined().optional() }),
    ])
    .exactOptional(),
});
/** google.protobuf.ListValue, in its message form: `{ values: [...] }`. */
export const listValueZod: z.ZodType<MessageInitShape<typeof ListValueSchema>> = messageZod("google.protobuf.ListValue", {
  values: z.array(z.lazy(() => valueZod)).exactOptional(),
});
/** google.protobuf.Struct inside a Value (elsewhere a Struct field is a plain JSON object). */
const structZod: z.ZodType<MessageInitShape<typeof StructSchema>> = messageZod("google.protobuf.Struct", {
  fields: mapZod(
    z.string(),
    z.lazy(() => valueZod),
  ).exactOptional(),
});

/** A wrapper where protoc-gen-es keeps it boxed (a list element, a map value, a oneof member). */
function boxed<S extends z.ZodType>(typeName: string, value: S) {
  return messageZod(typeName, { value: value.exactOptional() });
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
export const nonEmptyStringZod = stringZod.min(1);

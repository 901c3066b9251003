// Runtime support for the generated Zod schemas.
// Each schema accepts what protoc-gen-es's message-init shape accepts, plus the usual
// serialized spellings (decimal strings for 64-bit integers, base64 for bytes, enum value
// names), and outputs the init shape itself (bigint, Uint8Array, enum numbers).
import { fromJson, type DescMessage, type JsonObject, type JsonValue, type MessageInitShape } from "@bufbuild/protobuf";
import { base64Decode } from "@bufbuild/protobuf/wire";
import {
  AnySchema,
  BoolValueSchema,
  BytesValueSchema,
  DoubleValueSchema,
  DurationSchema,
  EmptySchema,
  FieldMaskSchema,
  FloatValueSchema,
  Int32ValueSchema,
  Int64ValueSchema,
  ListValueSchema,
  StringValueSchema,
  StructSchema,
  TimestampSchema,
  UInt32ValueSchema,
  UInt64ValueSchema,
  ValueSchema,
  type NullValue,
} from "@bufbuild/protobuf/wkt";
import { z } from "zod";
import { enumTable, type EnumTable } from "./enums.js";
import { plainInput } from "./plain-input.js";
import { float32Max, wellFormed } from "./json/common.js";

/** How a rejected value is named in an error: `received "abc"`, `received 1.5`, `received an array`. */
function received(value: unknown): string {
  if (typeof value === "string") return `received ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === "bigint") return `received ${value}n`;
  if (typeof value !== "object" && typeof value !== "function") return `received ${String(value)}`;
  if (value === null) return "received null";
  if (typeof value === "function") return "received a function";
  return isArray(value) ? "received an array" : isBytes(value) ? "received a Uint8Array" : "received an object";
}

/** `Array.isArray`, false where asking throws (a revoked proxy). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

/** `instanceof Uint8Array`, false where asking throws (a proxy in the prototype chain). */
function isBytes(value: unknown): value is Uint8Array {
  try {
    return value instanceof Uint8Array;
  } catch {
    return false;
  }
}

/**
 * The input as plain data (see {@link plainInput}), or `z.NEVER` with the issues of what could
 * not be copied. Each message and map schema starts with it; only the outermost one copies.
 */
function readInput(value: unknown, ctx: { issues: z.core.$ZodRawIssue[] }): unknown {
  const input = plainInput(value);
  if (input.issues.length === 0) return input.value;
  for (const { path, message } of input.issues) ctx.issues.push({ code: "custom", message, input: undefined, path });
  return z.NEVER;
}

// --- scalars -------------------------------------------------------------------------------

/** int32, sint32, sfixed32: an integer in [-2^31, 2^31 - 1]. */
export const int32Zod = z.int32();
/** uint32, fixed32: an integer in [0, 2^32 - 1]. */
export const uint32Zod = z.uint32();
/** double: any number, including NaN and the infinities (proto3 allows them). */
export const doubleZod = z.custom<number>((v) => typeof v === "number", {
  error: (issue) => `expected a number (double), ${received(issue.input)}`,
});

/** float: NaN, an infinity, or a number whose magnitude fits a 32-bit float. */
export const floatZod = z.custom<number>((v) => typeof v === "number" && (!Number.isFinite(v) || Math.abs(v) <= float32Max), {
  error: (issue) => `expected a float (a number from -${float32Max} to ${float32Max}, NaN or an infinity), ${received(issue.input)}`,
});
export const boolZod = z.boolean();

/** string: whole Unicode characters only (a lone surrogate cannot be encoded as UTF-8). */
export const stringZod = z.string().refine(wellFormed, { error: "expected a string without lone surrogates" });

/** A 64-bit integer: a bigint, a safe integer or a decimal string, in range; or undefined. */
function int64Value(v: unknown, min: bigint, max: bigint): bigint | undefined {
  let n: bigint | undefined;
  if (typeof v === "bigint") n = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === "string" && /^-?[0-9]{1,20}$/.test(v)) n = BigInt(v);
  return n !== undefined && n >= min && n <= max ? n : undefined;
}

/**
 * A 64-bit integer type, converted by `output`: to bigint, or for fields with
 * `[jstype = JS_STRING]` (which protoc-gen-es types as string) to the decimal string.
 */
function int64Type<T>(name: string, [min, max]: readonly [bigint, bigint], output: (n: bigint) => T) {
  const expected = `expected ${name} (an integer from ${min} to ${max}: a bigint, a safe integer or a decimal string)`;
  return z.custom<bigint | number | string>().transform((v, ctx): T => {
    const n = int64Value(v, min, max);
    if (n !== undefined) return output(n);
    ctx.issues.push({ code: "custom", message: `${expected}, ${received(v)}`, input: v });
    return z.NEVER;
  });
}
const asBigint = (n: bigint) => n;
const asDecimal = (n: bigint) => n.toString();
const int64Range = [-(2n ** 63n), 2n ** 63n - 1n] as const;
const uint64Range = [0n, 2n ** 64n - 1n] as const;
/** int64, sint64, sfixed64 */
export const int64Zod = int64Type("int64", int64Range, asBigint);
/** uint64, fixed64 */
export const uint64Zod = int64Type("uint64", uint64Range, asBigint);
/** int64, sint64, sfixed64 with `[jstype = JS_STRING]`: the decimal string. */
export const int64StringZod = int64Type("int64", int64Range, asDecimal);
/** uint64, fixed64 with `[jstype = JS_STRING]`: the decimal string. */
export const uint64StringZod = int64Type("uint64", uint64Range, asDecimal);

/**
 * Whether a string is base64 as proto3 JSON reads bytes: one alphabet, standard (`+/`) or
 * URL-safe (`-_`), padding optional. One pass over the string, so any length is fine.
 */
function isBase64(s: string): boolean {
  let end = s.length;
  if (end % 4 === 0 && s.charCodeAt(end - 1) === 61) end -= s.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) return false;
  let standard = false;
  let urlSafe = false;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57)) continue;
    if (c === 43 || c === 47) standard = true;
    else if (c === 45 || c === 95) urlSafe = true;
    else return false;
  }
  return !(standard && urlSafe);
}

/** bytes: a Uint8Array, or a base64 string (standard or URL-safe) converted to one. */
export const bytesZod = z.custom<Uint8Array | string>().transform((v, ctx): Uint8Array => {
  if (isBytes(v)) return v;
  if (typeof v === "string" && isBase64(v)) return base64Decode(v);
  ctx.issues.push({ code: "custom", message: `expected bytes (a Uint8Array or a base64 string), ${received(v)}`, input: v });
  return z.NEVER;
});

// --- map keys: the object keys of protoc-gen-es's map types ------------------------------

/** A map key of an integer type: the key's canonical decimal spelling, within the type's range. */
function integerKey(name: string, min: bigint, max: bigint) {
  return z.string().refine((key) => /^(?:0|-?[1-9][0-9]{0,19})$/.test(key) && BigInt(key) >= min && BigInt(key) <= max, {
    error: (issue) => `expected a map key of type ${name} (a decimal integer from ${min} to ${max}), ${received(issue.input)}`,
  });
}
export const int32KeyZod = integerKey("int32", -(2n ** 31n), 2n ** 31n - 1n);
export const uint32KeyZod = integerKey("uint32", 0n, 2n ** 32n - 1n);
export const int64KeyZod = integerKey("int64", -(2n ** 63n), 2n ** 63n - 1n);
export const uint64KeyZod = integerKey("uint64", 0n, 2n ** 64n - 1n);
export const boolKeyZod = z.string().refine((key) => key === "true" || key === "false", {
  error: (issue) => `expected a map key of type bool ("true" or "false"), ${received(issue.input)}`,
});
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
    const names = table.values.map((v) => v.name).join(", ");
    const expected = `expected a value of enum ${table.typeName} (${names}, or its number)`;
    schema = z.custom<E | string>().transform((v, ctx): E => {
      if (typeof v === "number" && table.byNumber[v] !== undefined) return v as E;
      if (typeof v === "string") {
        const number = table.byName[v];
        if (number !== undefined) return number;
      }
      ctx.issues.push({ code: "custom", message: `${expected}, ${received(v)}`, input: v });
      return z.NEVER;
    });
    enumSchemas.set(table, schema);
  }
  return schema as z.ZodType<E, E | string>;
}

/** google.protobuf.NullValue: `NULL_VALUE` (0), also spelled `null`. */
export const nullValueZod = z.union([
  z.null().transform((): NullValue => 0),
  enumZod(enumTable<NullValue>("google.protobuf.NullValue", [["NULL_VALUE", 0, ""]])),
]);

// --- messages --------------------------------------------------------------------------------

/**
 * The fields of a message as one strict object (unknown keys are errors). A complete message
 * of the same type (with `$typeName`, as `create()` returns it) is accepted too: its fields
 * are checked the same way.
 */
export function messageZod<Shape extends z.ZodRawShape>(typeName: string, shape: Shape) {
  return z.preprocess((v, ctx) => {
    const input = readInput(v, ctx);
    if (typeof input !== "object" || input === null) return input;
    // A copy has no prototype, so fields named like Object.prototype members read own keys only.
    return (input as { $typeName?: unknown }).$typeName === typeName ? messageFields(input) : input;
  }, z.strictObject(shape));
}

/** The fields of a complete message: its properties less `$typeName` and `$unknown`. */
function messageFields(message: object): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.create(null);
  for (const [key, field] of Object.entries(message)) {
    if (key !== "$typeName" && key !== "$unknown") fields[key] = field;
  }
  return fields;
}

/**
 * A map: protoc-gen-es's plain object, keys checked by key type. A plain object cannot hold
 * an own `"__proto__"` key reliably (Zod would drop it): it is refused rather than lost.
 */
export function mapZod<Key extends z.ZodType<string, string>, Value extends z.ZodType>(key: Key, value: Value) {
  return z.preprocess(
    (v, ctx) => {
      const input = readInput(v, ctx);
      if (typeof input === "object" && input !== null && Object.hasOwn(input, "__proto__")) {
        ctx.issues.push({ code: "custom", message: 'the map key "__proto__" is not supported', input, path: ["__proto__"] });
      }
      return input;
    },
    z.record(key, value, { error: (issue) => (issue.code === "invalid_key" ? issue.issues[0]?.message : undefined) }),
  );
}

/** A well-known message that also has a string form (an RFC 3339 date, a duration "1.5s"). */
function messageWithString<Shape extends z.ZodRawShape>(desc: DescMessage, shape: Shape, toInit: (v: unknown) => unknown) {
  return z.preprocess(
    (v, ctx) => {
      if (typeof v !== "string") return v;
      try {
        return toInit(v);
      } catch (e) {
        ctx.issues.push({ code: "custom", message: `expected ${desc.typeName}: ${(e as Error).message}`, input: v });
        return z.NEVER;
      }
    },
    messageZod(desc.typeName, shape),
  );
}

const nanos = z.int32().min(-999_999_999).max(999_999_999);

/**
 * google.protobuf.Timestamp: `{ seconds, nanos }` (0001-01-01 to 9999-12-31), a `Date`, or an
 * RFC 3339 string such as `"2026-11-25T10:00:00.5Z"`.
 */
export const timestampZod = z.preprocess(
  (v, ctx) => {
    const input = readInput(v, ctx);
    if (!(input instanceof Date)) return input;
    const ms = input.getTime();
    if (Number.isNaN(ms)) {
      ctx.issues.push({ code: "custom", message: "expected google.protobuf.Timestamp: an invalid Date", input });
      return z.NEVER;
    }
    return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
  },
  messageWithString(
    TimestampSchema,
    {
      seconds: int64Type("Timestamp seconds", [-62_135_596_800n, 253_402_300_799n], asBigint).exactOptional(),
      nanos: nanos.min(0).exactOptional(),
    },
    (v) => {
      const { seconds, nanos } = fromJson(TimestampSchema, v as JsonValue);
      return { seconds, nanos };
    },
  ),
);

/** google.protobuf.Duration: `{ seconds, nanos }` (up to 10,000 years, one sign), or `"1.5s"`. */
export const durationZod = messageWithString(
  DurationSchema,
  {
    seconds: int64Type("Duration seconds", [-315_576_000_000n, 315_576_000_000n], asBigint).exactOptional(),
    nanos: nanos.exactOptional(),
  },
  (v) => {
    const { seconds, nanos } = fromJson(DurationSchema, v as JsonValue);
    return { seconds, nanos };
  },
).refine((d) => (d.seconds ?? 0n) === 0n || (d.nanos ?? 0) === 0 || (d.seconds ?? 0n) < 0n === (d.nanos ?? 0) < 0, {
  error: "expected google.protobuf.Duration seconds and nanos of the same sign",
});

export const anyZod = messageZod(AnySchema.typeName, { typeUrl: stringZod.exactOptional(), value: bytesZod.exactOptional() });
export const emptyZod = messageZod(EmptySchema.typeName, {});
export const fieldMaskZod = messageZod(FieldMaskSchema.typeName, { paths: z.array(stringZod).exactOptional() });

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
export const valueZod: z.ZodType<MessageInitShape<typeof ValueSchema>> = messageZod(ValueSchema.typeName, {
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
export const listValueZod: z.ZodType<MessageInitShape<typeof ListValueSchema>> = messageZod(ListValueSchema.typeName, {
  values: z.array(z.lazy(() => valueZod)).exactOptional(),
});
/** google.protobuf.Struct inside a Value (elsewhere a Struct field is a plain JSON object). */
const structZod: z.ZodType<MessageInitShape<typeof StructSchema>> = messageZod(StructSchema.typeName, {
  fields: mapZod(
    z.string(),
    z.lazy(() => valueZod),
  ).exactOptional(),
});

// Wrappers where protoc-gen-es keeps them boxed (list elements, map values, oneof members);
// a singular wrapper field is unboxed and uses the plain scalar schema.
export const doubleValueZod = messageZod(DoubleValueSchema.typeName, { value: doubleZod.exactOptional() });
export const floatValueZod = messageZod(FloatValueSchema.typeName, { value: floatZod.exactOptional() });
export const int64ValueZod = messageZod(Int64ValueSchema.typeName, { value: int64Zod.exactOptional() });
export const uint64ValueZod = messageZod(UInt64ValueSchema.typeName, { value: uint64Zod.exactOptional() });
export const int32ValueZod = messageZod(Int32ValueSchema.typeName, { value: int32Zod.exactOptional() });
export const uint32ValueZod = messageZod(UInt32ValueSchema.typeName, { value: uint32Zod.exactOptional() });
export const boolValueZod = messageZod(BoolValueSchema.typeName, { value: boolZod.exactOptional() });
export const stringValueZod = messageZod(StringValueSchema.typeName, { value: stringZod.exactOptional() });
export const bytesValueZod = messageZod(BytesValueSchema.typeName, { value: bytesZod.exactOptional() });

// --- sidecar rules -----------------------------------------------------------------------------

/** A required name (room, identity, track sid): a non-empty string. */
export const nonEmptyStringZod = stringZod.min(1);

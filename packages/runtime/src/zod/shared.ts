// What the classic schemas (`/zod`) and the Zod Mini schemas (`/zod/mini`) share: every check
// and conversion, as plain functions over Zod core's parse context, so that both flavours accept,
// convert and reject the same values with the same messages. This module imports Zod's core only
// (which both flavours are built on), never classic Zod or zod/mini.
import type { NullValue } from "@bufbuild/protobuf/wkt";
import { NEVER, type $RefinementCtx } from "zod/v4/core";
import { enumTable, type EnumTable } from "../enums.js";
import { float32Max, wellFormed } from "../json/common.js";
import { JsonDecodeError, readBytes } from "../json/read.js";
import { plainInput } from "../plain-input.js";

/** A transform's or a preprocess's context: where its issues go. */
export type Context = Pick<$RefinementCtx, "issues">;

/** Adds a custom issue (at `path` below the value, if given) and returns Zod's "no value". */
function fail(ctx: Context, message: string, input: unknown, path?: PropertyKey[]): never {
  ctx.issues.push(path === undefined ? { code: "custom", message, input } : { code: "custom", message, input, path });
  return NEVER;
}

/** How a rejected value is named in an error: `received "abc"`, `received 1.5`, `received an array`. */
export function received(value: unknown): string {
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
 * The input as plain data (see {@link plainInput}), or Zod's "no value" with the issues of what
 * could not be copied. Each message and map schema starts with it; only the outermost one copies.
 */
export function readInput(value: unknown, ctx: Context): unknown {
  const input = plainInput(value);
  if (input.issues.length === 0) return input.value;
  for (const { path, message } of input.issues) fail(ctx, message, undefined, path);
  return NEVER;
}

// --- scalars -------------------------------------------------------------------------------

/** An issue's message from the rejected input, for a schema's `error` option. */
type Message = (issue: { readonly input?: unknown }) => string;

export const isDouble = (v: unknown): v is number => typeof v === "number";
export const doubleMessage: Message = (issue) => `expected a number (double), ${received(issue.input)}`;

export const isFloat = (v: unknown): v is number => typeof v === "number" && (!Number.isFinite(v) || Math.abs(v) <= float32Max);
export const floatMessage: Message = (issue) =>
  `expected a float (a number from -${float32Max} to ${float32Max}, NaN or an infinity), ${received(issue.input)}`;

export { wellFormed };
export const surrogateMessage = "expected a string without lone surrogates";

/** A 64-bit integer: a bigint, a safe integer or a decimal string, in range; or undefined. */
function int64Value(v: unknown, min: bigint, max: bigint): bigint | undefined {
  let n: bigint | undefined;
  if (typeof v === "bigint") n = v;
  else if (typeof v === "number" && Number.isSafeInteger(v)) n = BigInt(v);
  else if (typeof v === "string" && /^-?[0-9]{1,20}$/.test(v)) n = BigInt(v);
  return n !== undefined && n >= min && n <= max ? n : undefined;
}

export type Range = readonly [min: bigint, max: bigint];
export const int64Range: Range = [-(2n ** 63n), 2n ** 63n - 1n];
export const uint64Range: Range = [0n, 2n ** 64n - 1n];
export const timestampSecondsRange: Range = [-62_135_596_800n, 253_402_300_799n];
export const durationSecondsRange: Range = [-315_576_000_000n, 315_576_000_000n];
export const asBigint = (n: bigint): bigint => n;
/** For fields with `[jstype = JS_STRING]`, which protoc-gen-es types as string. */
export const asDecimal = (n: bigint): string => n.toString();

/** The transform of a 64-bit integer type: in range, converted by `output`, else an issue. */
export function int64Conversion<T>(name: string, [min, max]: Range, output: (n: bigint) => T) {
  const expected = `expected ${name} (an integer from ${min} to ${max}: a bigint, a safe integer or a decimal string)`;
  return (v: unknown, ctx: Context): T => {
    const n = int64Value(v, min, max);
    return n !== undefined ? output(n) : fail(ctx, `${expected}, ${received(v)}`, v);
  };
}

/** Decodes base64 as proto3 JSON reads bytes (one alphabet, standard or URL-safe, padding optional). */
function base64(s: string): Uint8Array | undefined {
  try {
    return readBytes(s);
  } catch (error) {
    if (error instanceof JsonDecodeError) return undefined;
    throw error;
  }
}

/** bytes: a Uint8Array as it is, or a base64 string (standard or URL-safe) decoded. */
export function bytesConversion(v: unknown, ctx: Context): Uint8Array {
  if (isBytes(v)) return v;
  const bytes = typeof v === "string" ? base64(v) : undefined;
  return bytes ?? fail(ctx, `expected bytes (a Uint8Array or a base64 string), ${received(v)}`, v);
}

// --- map keys: the object keys of protoc-gen-es's map types ------------------------------

/** How a map key of one type is checked, and the message when it is not one. */
export interface MapKey {
  readonly check: (key: string) => boolean;
  readonly message: Message;
}

/** A map key of an integer type: the key's canonical decimal spelling, within the type's range. */
export function integerKey(name: string, min: bigint, max: bigint): MapKey {
  return {
    check: (key) => /^(?:0|-?[1-9][0-9]{0,19})$/.test(key) && BigInt(key) >= min && BigInt(key) <= max,
    message: (issue) => `expected a map key of type ${name} (a decimal integer from ${min} to ${max}), ${received(issue.input)}`,
  };
}
export const int32Key = /*@__PURE__*/ integerKey("int32", -(2n ** 31n), 2n ** 31n - 1n);
export const uint32Key = /*@__PURE__*/ integerKey("uint32", 0n, 2n ** 32n - 1n);
export const int64Key = /*@__PURE__*/ integerKey("int64", -(2n ** 63n), 2n ** 63n - 1n);
export const uint64Key = /*@__PURE__*/ integerKey("uint64", 0n, 2n ** 64n - 1n);
export const boolKey: MapKey = {
  check: (key) => key === "true" || key === "false",
  message: (issue) => `expected a map key of type bool ("true" or "false"), ${received(issue.input)}`,
};

/** A record's error option: a bad key's issue carries the key schema's own message. */
export const mapKeyError = (issue: { readonly code?: string; readonly issues?: readonly { readonly message: string }[] }) =>
  issue.code === "invalid_key" ? issue.issues?.[0]?.message : undefined;

// --- enums -----------------------------------------------------------------------------------

/** An enum: one of its known numbers, or one of its proto value names converted to the number. */
export function enumConversion<E extends number>(table: EnumTable<E>) {
  const names = table.values.map((v) => v.name).join(", ");
  const expected = `expected a value of enum ${table.typeName} (${names}, or its number)`;
  return (v: unknown, ctx: Context): E => {
    if (typeof v === "number" && table.byNumber[v] !== undefined) return v as E;
    const number = typeof v === "string" ? table.byName[v] : undefined;
    return number ?? fail(ctx, `${expected}, ${received(v)}`, v);
  };
}

/** google.protobuf.NullValue, whose one value is also spelled `null`. */
export const nullValueTable = /*@__PURE__*/ enumTable<NullValue>("google.protobuf.NullValue", [["NULL_VALUE", 0, ""]]);

// --- messages --------------------------------------------------------------------------------

/**
 * What a message's fields are checked on: the input as plain data, and for a complete message
 * of the type (with `$typeName`, as `create()` returns it) its fields.
 */
export function messageInput(typeName: string) {
  return (v: unknown, ctx: Context): unknown => {
    const input = readInput(v, ctx);
    if (typeof input !== "object" || input === null) return input;
    // A copy has no prototype, so fields named like Object.prototype members read own keys only.
    return (input as { $typeName?: unknown }).$typeName === typeName ? messageFields(input) : input;
  };
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
 * What a map's entries are checked on: the input as plain data. A plain object cannot hold an
 * own `"__proto__"` key reliably (Zod would drop it): it is refused rather than lost.
 */
export function mapInput(v: unknown, ctx: Context): unknown {
  const input = readInput(v, ctx);
  if (typeof input === "object" && input !== null && Object.hasOwn(input, "__proto__")) {
    fail(ctx, 'the map key "__proto__" is not supported', input, ["__proto__"]);
  }
  return input;
}

// --- well-known types ----------------------------------------------------------------------

/** Nanos of a Duration, at most (a Timestamp's are from 0). */
export const maxNanos = 999_999_999;

/**
 * The string form of a Timestamp (RFC 3339) or a Duration (`"1.5s"`), read as the JSON codecs
 * read it, to `{ seconds, nanos }`; other values are left to the message schema.
 */
export function timeString(read: (json: string) => { seconds: bigint; nanos: number }) {
  return (v: unknown, ctx: Context): unknown => {
    if (typeof v !== "string") return v;
    try {
      const { seconds, nanos } = read(v);
      return { seconds, nanos };
    } catch (error) {
      if (!(error instanceof JsonDecodeError)) throw error;
      return fail(ctx, `expected ${error.expected}, ${received(v)}`, v);
    }
  };
}

/** A `Date` as a Timestamp's `{ seconds, nanos }`; an invalid Date is an issue. */
export function timestampDate(v: unknown, ctx: Context): unknown {
  const input = readInput(v, ctx);
  if (!(input instanceof Date)) return input;
  const ms = input.getTime();
  if (Number.isNaN(ms)) return fail(ctx, "expected google.protobuf.Timestamp: an invalid Date", input);
  return { seconds: BigInt(Math.floor(ms / 1000)), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
}

/** A Duration's seconds and nanos must not have opposite signs. */
export const sameSign = (d: { seconds?: bigint; nanos?: number }): boolean =>
  (d.seconds ?? 0n) === 0n || (d.nanos ?? 0) === 0 || (d.seconds ?? 0n) < 0n === (d.nanos ?? 0) < 0;
export const sameSignMessage = "expected google.protobuf.Duration seconds and nanos of the same sign";

// Runtime of the generated proto3 JSON readers that read parsed JSON (the `read<Message>`
// functions): the read context and errors, value conversions with their checks, lists and maps.
// Nothing here writes JSON: a bundle that only reads
// never holds writer code.
import type { Registry } from "@bufbuild/protobuf";
import {
  beyondFloat32,
  defineKey,
  describe,
  describeThrown,
  hasBrand,
  int32Max,
  int32Min,
  int64Max,
  int64Min,
  JsonPathError,
  keySegment,
  maxDepth,
  uint32Max,
  uint64Max,
  wellFormed,
  type MapKeyKind,
} from "./common.js";

/** Options of `decode` and `parse`. */
export interface JsonReadOptions {
  /** Skip keys that name no field, and enum value names that are not known (default: error). */
  readonly ignoreUnknownFields?: boolean;
  /** Message types that `google.protobuf.Any` values may hold. */
  readonly registry?: Registry;
}

/** State of one decode call. */
export interface ReadContext {
  readonly ignoreUnknownFields: boolean;
  readonly registry: Registry | undefined;
  /** Object.prototype has an enumerable property (prototype pollution): `for...in` would see it. */
  readonly polluted: boolean;
  /** Count object keys (`parse`, from parsed text, to detect keys that JSON.parse collapsed). */
  readonly counting: boolean;
  /** Messages entered so far on the current path. */
  depth: number;
  /** Object keys seen, when counting. */
  keys: number;
}

export type Reader<T> = (json: unknown, ctx: ReadContext) => T;

const decodeBrand: unique symbol = Symbol.for("protoc-gen-livekit.JsonDecodeError");

/**
 * Bad JSON input: `path` says where (`participants[3].tracks[0].type`, empty for the top
 * level), `expected` what the reader wanted there, and `found` what it got. `instanceof`
 * holds across copies of this runtime (a brand, as connect-es does for ConnectError).
 */
export class JsonDecodeError extends JsonPathError {
  override name = "JsonDecodeError";
  readonly code = "invalid_json";

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, decodeBrand);
  }

  get [decodeBrand](): true {
    return true;
  }

  protected override get action(): readonly [string, string] {
    return ["decode", "from"];
  }
}

function tooDeep(expected: string): never {
  throw new JsonDecodeError("", expected, "deeper nesting");
}

export function invalidJson(expected: string, found: unknown): never {
  throw new JsonDecodeError("", expected, describe(found));
}

/** Adds a path segment to a JsonDecodeError; turns anything else (a bug) into one. */
export function decodeWithin(error: unknown, segment: string): JsonDecodeError {
  if (error instanceof JsonDecodeError) return error.within(segment);
  return new JsonDecodeError(segment, "valid input", describeThrown(error));
}

export function readContext(options: JsonReadOptions | undefined, counting: boolean): ReadContext {
  return {
    ignoreUnknownFields: options?.ignoreUnknownFields === true,
    registry: options?.registry,
    polluted: enumerableIn(Object.prototype),
    counting,
    depth: 0,
    keys: 0,
  };
}

function enumerableIn(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

// ---- messages ----

/**
 * Checks that a message's JSON is an object and enters one nesting level. Returns what the
 * reader's `for...in` runs over: the object, or a copy of its own keys when `for...in` would
 * also see inherited ones (an object with another prototype, or a polluted Object.prototype):
 * only own properties are ever read.
 */
export function enterMessage(json: unknown, ctx: ReadContext): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) invalidJson("an object", json);
  if (++ctx.depth > maxDepth) tooDeep(`at most ${maxDepth} nested messages`);
  const object = json as Record<string, unknown>;
  const proto = Object.getPrototypeOf(object) as unknown;
  if ((proto === Object.prototype && !ctx.polluted) || proto === null) return object;
  const own: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(object)) defineKey(own, key, object[key]);
  return own;
}

/** A key that names no field: an error, or skipped (not looked into) with `ignoreUnknownFields`. */
export function unknownKey(value: unknown, ctx: ReadContext): void {
  if (!ctx.ignoreUnknownFields) throw new JsonDecodeError("", "a field of the message", "an unknown key");
  if (ctx.counting) ctx.keys += countKeys(value);
}

/** A field given under both its names. */
export function duplicateField(jsonName: string, protoName: string): never {
  throw new JsonDecodeError("", `the field once (as "${jsonName}" or "${protoName}")`, "both names");
}

/** A second member of a oneof. */
export function oneofTwice(oneof: string): never {
  throw new JsonDecodeError("", `at most one member of oneof ${oneof}`, "a second member");
}

/**
 * Object keys in a parsed JSON value: iterative and one element at a time (a value may nest
 * deeply or hold a million elements), own keys only.
 */
export function countKeys(json: unknown): number {
  let count = 0;
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    const values: unknown[] = Array.isArray(value) ? value : Object.values(value);
    if (values !== value) count += values.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "object" && v !== null) stack.push(v);
    }
  }
  return count;
}

// ---- scalars: read ----

/**
 * A JSON number, also accepted inside a string for integers and floats; in a string, too, only
 * JSON's number grammar (no "+1", "01", "1.", ".5", "0x10", no whitespace), as Go's protojson.
 */
const numberText = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** A JSON number's parts: sign, integer digits, fraction digits, exponent. */
const numberParts = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function integer(json: unknown, min: number, max: number, expected: string): number {
  let n: number;
  if (typeof json === "number") n = json;
  else if (typeof json === "string" && numberText.test(json)) n = Number(json);
  else return invalidJson(expected, json);
  if (!Number.isInteger(n) || n < min || n > max) invalidJson(expected, json);
  return n;
}

export function readInt32(json: unknown): number {
  // Fast path: a JSON number that is already an int32.
  if (typeof json === "number" && (json | 0) === json) return json;
  return integer(json, int32Min, int32Max, "an int32");
}

export function readUint32(json: unknown): number {
  if (typeof json === "number" && json >>> 0 === json) return json;
  return integer(json, 0, uint32Max, "a uint32");
}

function bigInteger(json: unknown, min: bigint, max: bigint, expected: string): bigint {
  let n: bigint;
  if (typeof json === "string") {
    const digits = integerDigits(json);
    if (digits === undefined) return invalidJson(expected, json);
    n = BigInt(digits);
  } else if (typeof json === "number" && Number.isInteger(json)) n = BigInt(json);
  else return invalidJson(expected, json);
  if (n < min || n > max) invalidJson(expected, json);
  return n;
}

/**
 * The integer a JSON number in a string stands for, as decimal digits ("1e2" and "100.0" are
 * "100", as for 32-bit integers and as Go's protojson reads them); undefined when the text is
 * not a JSON number, has a fraction, or has more than 25 digits (out of range: this fails fast
 * on "1e536870000").
 */
function integerDigits(json: string): string | undefined {
  const parts = numberParts.exec(json);
  if (parts === null) return undefined;
  const [, sign, whole, fraction = "", exponent = "0"] = parts as unknown as [string, string, string, string?, string?];
  const digits = (whole + fraction).replace(/^0+/, "");
  if (digits === "") return "0";
  if (exponent.length > 4) return undefined;
  // How many of `digits` stand before the decimal point, once the exponent is applied.
  const point = whole.length + Number(exponent) - (whole.length + fraction.length - digits.length);
  if (point > 25) return undefined;
  if (point < digits.length && !/^0*$/.test(digits.slice(Math.max(point, 0)))) return undefined; // a fraction
  if (point <= 0) return "0";
  return sign + (point >= digits.length ? digits + "0".repeat(point - digits.length) : digits.slice(0, point));
}

/** Whether a string is a canonical decimal integer of at most 18 digits: below 2^63, so no range check. */
function shortDecimal(json: string): boolean {
  const start = json.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const length = json.length;
  if (length === start || length - start > 18) return false;
  if (json.charCodeAt(start) === 48 /* 0 */ && length - start > 1) return false;
  for (let i = start; i < length; i++) {
    const c = json.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export function readInt64(json: unknown): bigint {
  // Fast path: the usual value, a short decimal string (a timestamp). BigInt of the string is
  // about 30% cheaper than BigInt of its Number, and exact at any length.
  if (typeof json === "string" && shortDecimal(json)) return BigInt(json);
  return bigInteger(json, int64Min, int64Max, "an int64 (a decimal string or an integer)");
}

export function readUint64(json: unknown): bigint {
  if (typeof json === "string" && json.charCodeAt(0) !== 45 && shortDecimal(json)) return BigInt(json);
  return bigInteger(json, 0n, uint64Max, "a uint64 (a decimal string or an integer)");
}

/** For 64-bit fields with `jstype = JS_STRING`. */
export function readInt64String(json: unknown): string {
  return readInt64(json).toString();
}

export function readUint64String(json: unknown): string {
  return readUint64(json).toString();
}

export function readDouble(json: unknown): number {
  // A JSON number beyond double range parses to ±Infinity: out of range, not "Infinity".
  if (typeof json === "number" && Number.isFinite(json)) return json;
  if (typeof json === "string") {
    if (numberText.test(json)) {
      const n = Number(json);
      if (Number.isFinite(n)) return n;
    }
    if (json === "NaN") return NaN;
    if (json === "Infinity") return Infinity;
    if (json === "-Infinity") return -Infinity;
  }
  return invalidJson('a number or "NaN", "Infinity", "-Infinity"', json);
}

export function readFloat(json: unknown): number {
  const n = readDouble(json);
  // A finite value that rounds to infinity as a 32-bit float is out of range.
  if (Number.isFinite(n) && beyondFloat32(n)) {
    invalidJson("a number in float range", json);
  }
  return n;
}

export function readBool(json: unknown): boolean {
  if (typeof json === "boolean") return json;
  return invalidJson("true or false", json);
}

export function readString(json: unknown): string {
  if (typeof json === "string" && wellFormed(json)) return json;
  return invalidJson(typeof json === "string" ? "a string without lone surrogates" : "a string", json);
}

// Standard and URL-safe alphabets; -1 marks a byte that is not base64.
const base64Values = /*@__PURE__*/ (() => {
  const table = new Int8Array(128).fill(-1);
  const std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (let i = 0; i < 64; i++) table[std.charCodeAt(i)] = i;
  table["-".charCodeAt(0)] = 62;
  table["_".charCodeAt(0)] = 63;
  return table;
})();

/** Standard or URL-safe base64 (one alphabet, not both, as Go's protojson), padded or not. */
export function readBytes(json: unknown): Uint8Array {
  if (typeof json !== "string") return invalidJson("a base64 string", json);
  let end = json.length;
  if (end % 4 === 0 && end > 0 && json.charCodeAt(end - 1) === 61) end -= json.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) return invalidJson("a base64 string", json);
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let count = 0;
  let out = 0;
  let alphabets = 0; // 1: "+" or "/" seen, 2: "-" or "_" seen
  for (let i = 0; i < end; i++) {
    const c = json.charCodeAt(i);
    const v = c < 128 ? base64Values[c]! : -1;
    if (v < 0) return invalidJson("a base64 string", json);
    if (v >= 62) alphabets |= c === 43 || c === 47 ? 1 : 2;
    bits = (bits << 6) | v;
    if (++count === 4) {
      bytes[out++] = bits >> 16;
      bytes[out++] = (bits >> 8) & 0xff;
      bytes[out++] = bits & 0xff;
      bits = 0;
      count = 0;
    }
  }
  if (alphabets === 3) return invalidJson("a base64 string in one alphabet (standard or URL-safe)", json);
  if (count === 2) bytes[out++] = bits >> 4;
  else if (count === 3) {
    bytes[out++] = bits >> 10;
    bytes[out++] = (bits >> 2) & 0xff;
  }
  return bytes;
}

/**
 * The rest of a generated enum reader, after its switch over the value names: an int32 is
 * kept even when it names no value (proto3 enums are open); an unknown name is an error, or
 * undefined (skipped) with `ignoreUnknownFields`.
 */
export function readEnumNumber(json: unknown, typeName: string, ctx: ReadContext): number | undefined {
  if (typeof json === "number" && (json | 0) === json) return json;
  if (typeof json === "string" && ctx.ignoreUnknownFields) return undefined;
  return invalidJson(`a value of enum ${typeName}`, json);
}

/** `google.protobuf.NullValue`: JSON `null` (also its name or 0). */
export function readNullValue(json: unknown): 0 {
  if (json === null || json === "NULL_VALUE" || json === 0) return 0;
  return invalidJson("null", json);
}

// ---- lists and maps: read ----

export function readList<T>(json: unknown, read: Reader<T | undefined>, ctx: ReadContext): T[] {
  if (!Array.isArray(json)) return invalidJson("an array", json);
  const out: T[] = [];
  let i = 0;
  try {
    for (; i < json.length; i++) {
      const value = read(json[i], ctx);
      if (value !== undefined) out.push(value);
    }
  } catch (error) {
    throw decodeWithin(error, `[${i}]`);
  }
  return out;
}

/** An integer map key: decimal digits only (no exponent, no leading zero, no "+"). */
const integerKey = /^-?(?:0|[1-9]\d*)$/;

function mapKey(key: string, kind: MapKeyKind): string {
  switch (kind) {
    case "string":
      return key;
    case "bool":
      if (key === "true" || key === "false") return key;
      return invalidJson("a map key true or false", key);
  }
  if (!integerKey.test(key)) return invalidJson(`a map key of type ${kind} (decimal digits)`, key);
  switch (kind) {
    case "int32":
      return String(readInt32(key));
    case "uint32":
      return String(readUint32(key));
    case "int64":
      return String(readInt64(key));
    case "uint64":
      return String(readUint64(key));
  }
}

export function readMap<T>(json: unknown, keyKind: MapKeyKind, read: Reader<T | undefined>, ctx: ReadContext): { [key: string]: T } {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return invalidJson("an object", json);
  const out: { [key: string]: T } = {};
  const keys = Object.keys(json);
  if (ctx.counting) ctx.keys += keys.length;
  let key = "";
  try {
    for (key of keys) {
      const k = mapKey(key, keyKind);
      if (keyKind !== "string" && Object.hasOwn(out, k)) invalidJson("each map key once", `a second key for ${k}`);
      const value = read((json as Record<string, unknown>)[key], ctx);
      if (value !== undefined) defineKey(out, k, value);
    }
  } catch (error) {
    throw decodeWithin(error, keySegment(key));
  }
  return out;
}

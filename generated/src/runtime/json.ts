// Runtime support for the generated proto3 JSON codecs. Copied verbatim into the generated package.
// The generated `X_json.ts` files hold one specialized reader, encoder and writer per message;
// what they share (scalar conversions, lists, maps, errors, well-known types) lives here.

import type { DescMessage, JsonObject, JsonValue, Registry } from "@bufbuild/protobuf";
import { fromJson, toJson } from "@bufbuild/protobuf";

/** Nesting deeper than this many messages (or JSON levels inside a well-known type) is rejected. */
export const maxDepth = 100;

/** Options of `decode` and `parse`. */
export interface JsonReadOptions {
  /** Skip keys that name no field, and enum value names that are not known (default: error). */
  readonly ignoreUnknownFields?: boolean;
  /** Message types that `google.protobuf.Any` values may hold. */
  readonly registry?: Registry;
}

/** Options of `encode` and `stringify`. */
export interface JsonWriteOptions {
  /** Write proto field names (`track_sid`) instead of JSON names (`trackSid`). */
  readonly useProtoFieldName?: boolean;
  /** Also write fields that hold their implicit default (0, "", false, empty list or map). */
  readonly alwaysEmitImplicit?: boolean;
  /** Write enum values as numbers instead of names. */
  readonly enumAsInteger?: boolean;
  /** Message types that `google.protobuf.Any` values may hold. */
  readonly registry?: Registry;
}

/** The proto3 JSON codec of one message type `M` (protoc-gen-es's message type). */
export interface MessageJson<M> {
  /** The message's fully qualified proto name. */
  readonly typeName: string;
  /** Reads a message from a parsed JSON value. Throws {@link JsonDecodeError} for bad input. */
  decode(json: unknown, options?: JsonReadOptions): M;
  /** Reads a message from JSON text; also rejects a key given twice. Throws {@link JsonDecodeError}. */
  parse(text: string, options?: JsonReadOptions): M;
  /** The message as a JSON value (what `JSON.parse(stringify(message))` returns). */
  encode(message: M, options?: JsonWriteOptions): JsonValue;
  /** The message as JSON text. */
  stringify(message: M, options?: JsonWriteOptions): string;
  /** @internal Used by the codecs of messages that contain this one. */
  readonly $read: Reader<M>;
  /** @internal */
  readonly $encode: Encoder<M>;
  /** @internal */
  readonly $write: Writer<M>;
}

/** State of one decode call. */
export interface ReadContext {
  readonly ignoreUnknownFields: boolean;
  readonly registry: Registry | undefined;
  /** Messages entered so far on the current path. */
  depth: number;
  /** Object keys seen (only counted by `parse`, to detect keys that JSON.parse collapsed). */
  keys: number;
}

/** Options of one encode call, with every flag spelled out. */
export interface WriteContext {
  readonly useProtoFieldName: boolean;
  readonly alwaysEmitImplicit: boolean;
  readonly enumAsInteger: boolean;
  readonly registry: Registry | undefined;
}

export type Reader<T> = (json: unknown, ctx: ReadContext) => T;
export type Encoder<T> = (value: T, ctx: WriteContext) => JsonValue;
export type Writer<T> = (value: T, ctx: WriteContext) => string;

/**
 * Bad JSON input: `path` says where (`participants[3].tracks[0].type`, empty for the top
 * level), `expected` what the codec wanted there, and `found` what it got.
 */
export class JsonDecodeError extends Error {
  override name = "JsonDecodeError";
  readonly code = "invalid_json";

  constructor(
    public path: string,
    readonly expected: string,
    readonly found: string,
    /** The message type being decoded (set when the error leaves the codec). */
    public typeName = "",
  ) {
    super("");
    this.message = this.describe();
  }

  /** Prefixes the path with an enclosing key or index (the error unwinds outwards). */
  within(segment: string): this {
    const sep = this.path === "" || this.path.startsWith("[") || segment === "" ? "" : ".";
    this.path = segment + sep + this.path;
    this.message = this.describe();
    return this;
  }

  /** Names the message type being decoded. */
  inType(typeName: string): this {
    this.typeName = typeName;
    this.message = this.describe();
    return this;
  }

  private describe(): string {
    const where = this.path === "" ? "" : ` at ${this.path}`;
    const what = this.typeName === "" ? "" : ` ${this.typeName}`;
    return `cannot decode${what} from JSON${where}: expected ${this.expected}, found ${this.found}`;
  }
}

/** How a bad value is named in an error: strings quoted (shortened), others by kind. */
function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    case "undefined":
      return "undefined";
    case "object":
      return value === null ? "null" : Array.isArray(value) ? "an array" : "an object";
    default:
      return `a ${typeof value}`;
  }
}

function tooDeep(expected: string): never {
  throw new JsonDecodeError("", expected, "deeper nesting");
}

function fail(expected: string, found: unknown): never {
  throw new JsonDecodeError("", expected, describe(found));
}

/** Adds a path segment to a JsonDecodeError; turns anything else (a bug) into one. */
export function within(error: unknown, segment: string): JsonDecodeError {
  if (error instanceof JsonDecodeError) return error.within(segment);
  const found = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new JsonDecodeError(segment, "valid input", found);
}

/** A JSON key as a path segment: a plain name as is, anything else in brackets. */
export function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

// ---- codec objects ----

/** Builds the codec object of a message from its generated reader, encoder and writer. */
export function messageJson<M>(typeName: string, read: Reader<M>, encode: Encoder<M>, write: Writer<M>): MessageJson<M> {
  return {
    typeName,
    decode(json, options) {
      return readTop(typeName, read, json, readContext(options));
    },
    parse(text, options) {
      if (typeof text !== "string") throw new JsonDecodeError("", "JSON text", describe(text), typeName);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new JsonDecodeError("", "valid JSON text", error instanceof Error ? error.message : String(error), typeName);
      }
      const ctx = readContext(options);
      const message = readTop(typeName, read, json, ctx);
      if (ctx.keys !== keysInText(text)) checkDuplicateKeys(text, typeName);
      return message;
    },
    encode(message, options) {
      return encode(message, writeContext(options));
    },
    stringify(message, options) {
      return write(message, writeContext(options));
    },
    $read: read,
    $encode: encode,
    $write: write,
  };
}

function readTop<M>(typeName: string, read: Reader<M>, json: unknown, ctx: ReadContext): M {
  try {
    return read(json, ctx);
  } catch (error) {
    throw within(error, "").inType(typeName);
  }
}

function readContext(options: JsonReadOptions | undefined): ReadContext {
  return {
    ignoreUnknownFields: options?.ignoreUnknownFields === true,
    registry: options?.registry,
    depth: 0,
    keys: 0,
  };
}

const defaultWrite: WriteContext = {
  useProtoFieldName: false,
  alwaysEmitImplicit: false,
  enumAsInteger: false,
  registry: undefined,
};

function writeContext(options: JsonWriteOptions | undefined): WriteContext {
  if (options === undefined) return defaultWrite;
  return {
    useProtoFieldName: options.useProtoFieldName === true,
    alwaysEmitImplicit: options.alwaysEmitImplicit === true,
    enumAsInteger: options.enumAsInteger === true,
    registry: options.registry,
  };
}

// ---- messages ----

/** Checks that a message's JSON is an object and enters one nesting level. */
export function enterMessage(json: unknown, ctx: ReadContext): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("an object", json);
  if (++ctx.depth > maxDepth) tooDeep(`at most ${maxDepth} nested messages`);
  return json as Record<string, unknown>;
}

/** A key that names no field: an error, or skipped with `ignoreUnknownFields`. */
export function unknownKey(value: unknown, ctx: ReadContext): void {
  if (!ctx.ignoreUnknownFields) throw new JsonDecodeError("", "a field of the message", "an unknown key");
  ctx.keys += countKeys(value);
}

/** A field given under both its names. */
export function duplicateField(jsonName: string, protoName: string): never {
  throw new JsonDecodeError("", `the field once (as "${jsonName}" or "${protoName}")`, "both names");
}

/** A second member of a oneof. */
export function oneofTwice(oneof: string): never {
  throw new JsonDecodeError("", `at most one member of oneof ${oneof}`, "a second member");
}

/** Defines an own property, so that a key `__proto__` is data and not the prototype. */
export function defineKey<V>(target: { [key: string]: V }, key: string, value: V): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// ---- scalars: read ----

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;
const uint32Max = 0xffffffff;
const float32Max = 3.4028234663852886e38;
/** A JSON number, also accepted inside a string for integers and floats. */
const numberText = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const integerText = /^-?\d{1,25}$/;

function integer(json: unknown, min: number, max: number, expected: string): number {
  let n: number;
  if (typeof json === "number") n = json;
  else if (typeof json === "string" && numberText.test(json)) n = Number(json);
  else return fail(expected, json);
  if (!Number.isInteger(n) || n < min || n > max) fail(expected, json);
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

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;

function bigInteger(json: unknown, min: bigint, max: bigint, expected: string): bigint {
  let n: bigint;
  if (typeof json === "string" && integerText.test(json)) n = BigInt(json);
  else if (typeof json === "number" && Number.isInteger(json)) n = BigInt(json);
  else return fail(expected, json);
  if (n < min || n > max) fail(expected, json);
  return n;
}

/** Whether a string is a decimal integer of at most 18 digits: below 2^63, so no range check. */
function shortDecimal(json: string): boolean {
  const start = json.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const length = json.length;
  if (length === start || length - start > 18) return false;
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
  return fail('a number or "NaN", "Infinity", "-Infinity"', json);
}

export function readFloat(json: unknown): number {
  const n = readDouble(json);
  // A finite value that rounds to infinity as a 32-bit float is out of range.
  if (Number.isFinite(n) && (n > float32Max || n < -float32Max) && !Number.isFinite(Math.fround(n))) {
    fail("a number in float range", json);
  }
  return n;
}

export function readBool(json: unknown): boolean {
  if (typeof json === "boolean") return json;
  return fail("true or false", json);
}

type WellFormed = { isWellFormed?(): boolean };
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const wellFormed: (s: string) => boolean =
  typeof (String.prototype as WellFormed).isWellFormed === "function"
    ? (s) => (s as WellFormed).isWellFormed!()
    : (s) => !loneSurrogate.test(s);

export function readString(json: unknown): string {
  if (typeof json === "string" && wellFormed(json)) return json;
  return fail(typeof json === "string" ? "a string without lone surrogates" : "a string", json);
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

/** Standard or URL-safe base64, padded or not. */
export function readBytes(json: unknown): Uint8Array {
  if (typeof json !== "string") return fail("a base64 string", json);
  let end = json.length;
  if (end % 4 === 0 && end > 0 && json.charCodeAt(end - 1) === 61) end -= json.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) return fail("a base64 string", json);
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let count = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    const c = json.charCodeAt(i);
    const v = c < 128 ? base64Values[c]! : -1;
    if (v < 0) return fail("a base64 string", json);
    bits = (bits << 6) | v;
    if (++count === 4) {
      bytes[out++] = bits >> 16;
      bytes[out++] = (bits >> 8) & 0xff;
      bytes[out++] = bits & 0xff;
      bits = 0;
      count = 0;
    }
  }
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
  return fail(`a value of enum ${typeName}`, json);
}

/** `google.protobuf.NullValue`: JSON `null` (also its name or 0). */
export function readNullValue(json: unknown): 0 {
  if (json === null || json === "NULL_VALUE" || json === 0) return 0;
  return fail("null", json);
}

// ---- lists and maps: read ----

export function readList<T>(json: unknown, read: Reader<T | undefined>, ctx: ReadContext): T[] {
  if (!Array.isArray(json)) return fail("an array", json);
  const out: T[] = [];
  let i = 0;
  try {
    for (; i < json.length; i++) {
      const value = read(json[i], ctx);
      if (value !== undefined) out.push(value);
    }
  } catch (error) {
    throw within(error, `[${i}]`);
  }
  return out;
}

/** How a map key is checked and spelled (protoc-gen-es keeps keys as strings). */
export type MapKeyKind = "string" | "bool" | "int32" | "uint32" | "int64" | "uint64";

function mapKey(key: string, kind: MapKeyKind): string {
  switch (kind) {
    case "string":
      return key;
    case "bool":
      if (key === "true" || key === "false") return key;
      return fail("a map key true or false", key);
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

export function readMap<T>(
  json: unknown,
  keyKind: MapKeyKind,
  read: Reader<T | undefined>,
  ctx: ReadContext,
): { [key: string]: T } {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("an object", json);
  const out: { [key: string]: T } = {};
  const keys = Object.keys(json);
  ctx.keys += keys.length;
  let key = "";
  try {
    for (key of keys) {
      const k = mapKey(key, keyKind);
      if (keyKind !== "string" && Object.hasOwn(out, k)) fail("each map key once", `a second key for ${k}`);
      const value = read((json as Record<string, unknown>)[key], ctx);
      if (value !== undefined) defineKey(out, k, value);
    }
  } catch (error) {
    throw within(error, keySegment(key));
  }
  return out;
}

// ---- scalars: encode and write ----

export function encodeDouble(value: number): JsonValue {
  return Number.isFinite(value) ? value : String(value);
}

/** Like JSON.stringify for finite numbers, except that -0 stays -0 (it is not the default 0). */
export function writeDouble(value: number): string {
  if (!Number.isFinite(value)) return `"${value}"`;
  return value === 0 && 1 / value < 0 ? "-0" : String(value);
}

/** A JSON string literal. */
export function quote(value: string): string {
  // Most strings are short and need no escaping: check them here, and let JSON.stringify
  // escape the others (and the long ones, where its native loop wins).
  if (value.length > 64) return JSON.stringify(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(value);
  }
  return `"${value}"`;
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding. */
export function encodeBytes(bytes: Uint8Array): string {
  let out = "";
  const whole = bytes.length - (bytes.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += base64Chars[n >> 18]! + base64Chars[(n >> 12) & 63]! + base64Chars[(n >> 6) & 63]! + base64Chars[n & 63]!;
  }
  if (bytes.length - whole === 1) {
    const n = bytes[whole]! << 16;
    out += base64Chars[n >> 18]! + base64Chars[(n >> 12) & 63]! + "==";
  } else if (bytes.length - whole === 2) {
    const n = (bytes[whole]! << 16) | (bytes[whole + 1]! << 8);
    out += base64Chars[n >> 18]! + base64Chars[(n >> 12) & 63]! + base64Chars[(n >> 6) & 63]! + "=";
  }
  return out;
}

export function writeBytes(bytes: Uint8Array): string {
  return `"${encodeBytes(bytes)}"`;
}

export function writeInt64(value: bigint | string): string {
  return `"${value}"`;
}

export function encodeInt64(value: bigint | string): string {
  return String(value);
}

// ---- lists and maps: encode and write ----

export function encodeList<T>(list: readonly T[], encode: Encoder<T>, ctx: WriteContext): JsonValue[] {
  const out: JsonValue[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) out[i] = encode(list[i]!, ctx);
  return out;
}

export function writeList<T>(list: readonly T[], write: Writer<T>, ctx: WriteContext): string {
  if (list.length === 0) return "[]";
  let out = "[" + write(list[0]!, ctx);
  for (let i = 1; i < list.length; i++) out += "," + write(list[i]!, ctx);
  return out + "]";
}

export function isEmptyMap(map: object): boolean {
  for (const key in map) if (Object.hasOwn(map, key)) return false;
  return true;
}

export function encodeMap<T>(map: { readonly [key: string]: T }, encode: Encoder<T>, ctx: WriteContext): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(map)) defineKey(out, key, encode(map[key]!, ctx));
  return out;
}

export function writeMap<T>(map: { readonly [key: string]: T }, write: Writer<T>, ctx: WriteContext): string {
  let out = "{";
  for (const key of Object.keys(map)) out += (out.length > 1 ? "," : "") + quote(key) + ":" + write(map[key]!, ctx);
  return out + "}";
}

// Scalars as list elements and map values: encoders/writers with the shared signature.
export function encodeSame<T extends JsonValue>(value: T): T {
  return value;
}

export function writeNumber(value: number | boolean): string {
  return String(value);
}

export function encodeNull(_value: number): null {
  return null;
}

export function writeNull(_value: number): string {
  return "null";
}

// ---- well-known types, delegated to @bufbuild/protobuf ----

/** Whether a JSON value nests no deeper than `limit` levels. */
function withinDepth(json: unknown, limit: number): boolean {
  if (typeof json !== "object" || json === null) return true;
  if (limit <= 0) return false;
  for (const value of Array.isArray(json) ? json : Object.values(json)) {
    if (!withinDepth(value, limit - 1)) return false;
  }
  return true;
}

/** Object keys in a parsed JSON value (iterative: the value may nest deeply). */
function countKeys(json: unknown): number {
  let count = 0;
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) stack.push(...value);
    else {
      const values = Object.values(value);
      count += values.length;
      for (const v of values) stack.push(v);
    }
  }
  return count;
}

export function wktReader<M>(schema: DescMessage): Reader<M> {
  return (json, ctx) => {
    const limit = maxDepth - ctx.depth;
    if (!withinDepth(json, limit)) tooDeep(`at most ${maxDepth} nested levels`);
    ctx.keys += countKeys(json);
    try {
      return fromJson(schema, json as JsonValue, { ignoreUnknownFields: ctx.ignoreUnknownFields, registry: ctx.registry }) as M;
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^cannot decode [^:]*: /, "") : String(error);
      return fail(`${schema.typeName} in JSON form`, `${describe(json)} (${reason})`);
    }
  };
}

/** A copy of a JSON value with `__proto__` keys as data. */
function copyJson(json: JsonValue): JsonValue {
  if (typeof json !== "object" || json === null) return json;
  if (Array.isArray(json)) return json.map(copyJson);
  const out: JsonObject = {};
  for (const key of Object.keys(json)) defineKey(out, key, copyJson(json[key]!));
  return out;
}

/** `google.protobuf.Struct`, which protoc-gen-es represents as a plain JSON object. */
export function readStruct(json: unknown, ctx: ReadContext): JsonObject {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail("an object", json);
  if (!withinDepth(json, maxDepth - ctx.depth)) tooDeep(`at most ${maxDepth} nested levels`);
  ctx.keys += countKeys(json);
  return copyJson(json as JsonObject) as JsonObject;
}

export function encodeStruct(value: JsonObject, _ctx?: WriteContext): JsonObject {
  return copyJson(value) as JsonObject;
}

export function writeStruct(value: JsonObject, _ctx?: WriteContext): string {
  return JSON.stringify(value);
}

function toJsonOptions(ctx: WriteContext) {
  return {
    useProtoFieldName: ctx.useProtoFieldName,
    alwaysEmitImplicitValues: ctx.alwaysEmitImplicit,
    enumAsInteger: ctx.enumAsInteger,
    registry: ctx.registry,
  };
}

export function wktEncoder<M>(schema: DescMessage): Encoder<M> {
  return (value, ctx) => toJson(schema, value as never, toJsonOptions(ctx));
}

export function wktWriter<M>(schema: DescMessage): Writer<M> {
  return (value, ctx) => JSON.stringify(toJson(schema, value as never, toJsonOptions(ctx)));
}

// ---- duplicate keys in JSON text ----

/**
 * The keys in a JSON text, counted cheaply: one native search per colon. A colon ends a key
 * when, past any whitespace, an unescaped quote precedes it. Inside a string that can only be
 * the string's opening quote (`": x"`), which makes the count too high, never too low: `parse`
 * then scans the text exactly, which is slower but never wrong.
 */
function keysInText(text: string): number {
  let count = 0;
  for (let colon = text.indexOf(":"); colon !== -1; colon = text.indexOf(":", colon + 1)) {
    let i = colon - 1;
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(--i);
    if (c !== 0x22 /* " */) continue;
    // A quote after an odd run of backslashes is escaped: it is inside a string.
    let backslashes = 0;
    while (text.charCodeAt(i - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

/** Scans JSON text (already accepted by JSON.parse) for an object key given twice. */
function checkDuplicateKeys(text: string, typeName: string): void {
  // One frame per open object (its keys) or array (its index); the path is built from them.
  const frames: { keys: Set<string> | undefined; key: string; index: number }[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      frames.push({ keys: c === 0x7b ? new Set() : undefined, key: "", index: 0 });
      expectKey = c === 0x7b;
    } else if (c === 0x7d || c === 0x5d) {
      frames.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = frames[frames.length - 1]!;
      if (top.keys === undefined) top.index++;
      expectKey = top.keys !== undefined;
    } else if (c === 0x22 /* " */) {
      const open = i;
      let escaped = false;
      for (i++; text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          escaped = true;
          i++;
        }
      }
      const top = frames[frames.length - 1];
      if (expectKey && top?.keys !== undefined) {
        const key = escaped ? (JSON.parse(text.slice(open, i + 1)) as string) : text.slice(open + 1, i);
        if (top.keys.has(key)) {
          const error = new JsonDecodeError(keySegment(key), "each key once", "a key given twice", typeName);
          for (let f = frames.length - 2; f >= 0; f--) {
            const frame = frames[f]!;
            error.within(frame.keys === undefined ? `[${frame.index}]` : keySegment(frame.key));
          }
          throw error;
        }
        top.keys.add(key);
        top.key = key;
      }
      expectKey = false;
    }
  }
}

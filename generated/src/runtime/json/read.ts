// Runtime of the generated proto3 JSON readers (`<Message>JsonReader`): JSON (text or parsed)
// in, protoc-gen-es message out, every value checked. Copied verbatim into the generated
// package. Nothing here writes JSON: a bundle that only reads never holds writer code.

import type { Registry } from "@bufbuild/protobuf";
import type { MapKeyKind } from "./common.js";
import { beyondFloat32, defineKey, describe, describeThrown, hasBrand, int32Max, int32Min, int64Max, int64Min, JsonPathError, keySegment, maxDepth, uint32Max, uint64Max, wellFormed } from "./common.js";

/** Options of `decode` and `parse`. */
export interface JsonReadOptions {
  /** Skip keys that name no field, and enum value names that are not known (default: error). */
  readonly ignoreUnknownFields?: boolean;
  /** Message types that `google.protobuf.Any` values may hold. */
  readonly registry?: Registry;
}

/** The proto3 JSON reader of one message type `M` (protoc-gen-es's message type). */
export interface MessageJsonReader<M> {
  /** The message's fully qualified proto name. */
  readonly typeName: string;
  /** Reads a message from a parsed JSON value. Throws {@link JsonDecodeError} for bad input. */
  decode(json: unknown, options?: JsonReadOptions): M;
  /** Reads a message from JSON text; also rejects a key given twice. Throws {@link JsonDecodeError}. */
  parse(text: string, options?: JsonReadOptions): M;
  /** @internal Used by the readers of messages that contain this one. */
  readonly $read: Reader<M>;
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

// ---- reader objects ----

/** Builds the reader object of a message from its generated read function. */
export function jsonReader<M>(typeName: string, read: Reader<M>): MessageJsonReader<M> {
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
        throw new JsonDecodeError("", "valid JSON text", describeThrown(error), typeName);
      }
      const ctx = readContext(options);
      const message = readTop(typeName, read, json, ctx);
      if (ctx.keys !== keysInText(text)) checkDuplicateKeys(text, typeName);
      return message;
    },
    $read: read,
  };
}

function readTop<M>(typeName: string, read: Reader<M>, json: unknown, ctx: ReadContext): M {
  try {
    return read(json, ctx);
  } catch (error) {
    throw decodeWithin(error, "").inType(typeName);
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

// ---- messages ----

/** Checks that a message's JSON is an object and enters one nesting level. */
export function enterMessage(json: unknown, ctx: ReadContext): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) invalidJson("an object", json);
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

/** Object keys in a parsed JSON value (iterative: the value may nest deeply). */
export function countKeys(json: unknown): number {
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

// ---- scalars: read ----

/** A JSON number, also accepted inside a string for integers and floats. */
const numberText = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const integerText = /^-?\d{1,25}$/;

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
  if (typeof json === "string" && integerText.test(json)) n = BigInt(json);
  else if (typeof json === "number" && Number.isInteger(json)) n = BigInt(json);
  else return invalidJson(expected, json);
  if (n < min || n > max) invalidJson(expected, json);
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

/** Standard or URL-safe base64, padded or not. */
export function readBytes(json: unknown): Uint8Array {
  if (typeof json !== "string") return invalidJson("a base64 string", json);
  let end = json.length;
  if (end % 4 === 0 && end > 0 && json.charCodeAt(end - 1) === 61) end -= json.charCodeAt(end - 2) === 61 ? 2 : 1;
  if (end % 4 === 1) return invalidJson("a base64 string", json);
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let bits = 0;
  let count = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    const c = json.charCodeAt(i);
    const v = c < 128 ? base64Values[c]! : -1;
    if (v < 0) return invalidJson("a base64 string", json);
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


function mapKey(key: string, kind: MapKeyKind): string {
  switch (kind) {
    case "string":
      return key;
    case "bool":
      if (key === "true" || key === "false") return key;
      return invalidJson("a map key true or false", key);
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
  if (typeof json !== "object" || json === null || Array.isArray(json)) return invalidJson("an object", json);
  const out: { [key: string]: T } = {};
  const keys = Object.keys(json);
  ctx.keys += keys.length;
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

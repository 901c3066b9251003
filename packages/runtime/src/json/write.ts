// Runtime of the generated proto3 JSON writers (`<Message>JsonWriter`): a message-init object
// (what protoc-gen-es's `create()` takes; a complete message is one too) in, JSON text out.
// Every value is checked against its field's type before a byte is written, so untyped input
// (`JSON.parse` of a request body) cannot add fields or break out of a string.
// Nothing here reads JSON: a bundle that only writes holds no reader.
import type { JsonValue, Registry } from "@bufbuild/protobuf";
import {
  beyondFloat32,
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

/** Options of `encode` and `stringify`. */
export interface JsonWriteOptions {
  /** Write proto field names (`track_sid`) instead of JSON names (`trackSid`). */
  readonly useProtoFieldName?: boolean;
  /** Also write fields that hold their implicit default (0, "", false, empty list or map). */
  readonly alwaysEmitImplicit?: boolean;
  /**
   * Write every field that is not in a oneof (Go protojson's `EmitUnpopulated`, the form the
   * LiveKit server sends): implicit defaults as with `alwaysEmitImplicit`, and unset message
   * fields as `null`. Unset proto3 `optional` fields and oneofs stay out, as in Go.
   */
  readonly emitUnpopulated?: boolean;
  /** Write enum values as numbers instead of names. */
  readonly enumAsInteger?: boolean;
  /**
   * Refuse enum numbers the schema does not declare. proto3 enums are open, so by default any
   * int32 is written (as a number); the Twirp clients set this for requests.
   */
  readonly onlyKnownEnumValues?: boolean;
  /** Message types that `google.protobuf.Any` values may hold. */
  readonly registry?: Registry;
}

/** The proto3 JSON writer of one message type, taking its init shape `I`. */
export interface MessageJsonWriter<I> {
  /** The message's fully qualified proto name. */
  readonly typeName: string;
  /** The message as a JSON value (what `JSON.parse(stringify(init))` returns). Throws {@link JsonEncodeError}. */
  encode(init: I, options?: JsonWriteOptions): JsonValue;
  /** The message as JSON text. Throws {@link JsonEncodeError} for a value its field cannot hold. */
  stringify(init: I, options?: JsonWriteOptions): string;
  /** @internal Used by the writers of messages that contain this one. */
  readonly $write: Writer;
}

/** Options of one write call, with every flag spelled out. */
export interface WriteContext {
  readonly useProtoFieldName: boolean;
  /** `alwaysEmitImplicit` or `emitUnpopulated`. */
  readonly implicit: boolean;
  readonly emitUnpopulated: boolean;
  readonly enumAsInteger: boolean;
  readonly onlyKnownEnumValues: boolean;
  readonly registry: Registry | undefined;
  /** Messages entered so far on the current path. */
  depth: number;
}

/** Writes one value (of any type: it is checked) as JSON text. */
export type Writer = (value: unknown, ctx: WriteContext) => string;

const encodeBrand: unique symbol = Symbol.for("protoc-gen-livekit.JsonEncodeError");

/**
 * A value that its field cannot hold: `path` says where in the init object
 * (`egress.room.roomName`, `participants[3]`, `kind.value` for a oneof member), `expected` what
 * the field's type allows, and `found` what was there. Nothing is written. `instanceof` holds
 * across copies of this runtime.
 */
export class JsonEncodeError extends JsonPathError {
  override name = "JsonEncodeError";
  readonly code = "invalid_value";

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, encodeBrand);
  }

  get [encodeBrand](): true {
    return true;
  }

  protected override get action(): readonly [string, string] {
    return ["encode", "to"];
  }
}

export function invalidValue(expected: string, found: unknown): never {
  throw new JsonEncodeError("", expected, describe(found));
}

/** Adds a path segment to a JsonEncodeError; turns anything else (a throwing getter, a revoked proxy) into one. */
export function encodeWithin(error: unknown, segment: string): JsonEncodeError {
  if (error instanceof JsonEncodeError) return error.within(segment);
  return new JsonEncodeError(segment, "a readable value", describeThrown(error));
}

// ---- writer objects ----

/** Builds the writer object of a message from its generated write function. */
export function jsonWriter<I>(typeName: string, write: Writer): MessageJsonWriter<I> {
  const stringify = (init: I, options: JsonWriteOptions | undefined): string => {
    const ctx = writeContext(options);
    try {
      return write(init, ctx);
    } catch (error) {
      throw encodeWithin(error, "").inType(typeName);
    }
  };
  return {
    typeName,
    encode: (init, options) => JSON.parse(stringify(init, options)) as JsonValue,
    stringify,
    $write: write,
  };
}

function writeContext(options: JsonWriteOptions | undefined): WriteContext {
  const emitUnpopulated = options?.emitUnpopulated === true;
  return {
    useProtoFieldName: options?.useProtoFieldName === true,
    implicit: emitUnpopulated || options?.alwaysEmitImplicit === true,
    emitUnpopulated,
    enumAsInteger: options?.enumAsInteger === true,
    onlyKnownEnumValues: options?.onlyKnownEnumValues === true,
    registry: options?.registry,
    depth: 0,
  };
}

// ---- messages and oneofs ----

/** Checks that a message's init value is an object and enters one nesting level. */
export function enterInit(init: unknown, ctx: WriteContext): Record<string, unknown> {
  if (typeof init !== "object" || init === null || Array.isArray(init)) invalidValue("an object of the message's fields", init);
  // A cycle in the init object ends here too.
  if (++ctx.depth > maxDepth) throw new JsonEncodeError("", `at most ${maxDepth} nested messages`, "deeper nesting");
  return init as Record<string, unknown>;
}

/** A oneof's value: `{ case, value }`, or nothing set. */
export interface OneofInit {
  readonly case?: unknown;
  readonly value?: unknown;
}

const unsetOneof: OneofInit = Object.freeze({ case: undefined });

/** Checks that a oneof's init value is an object (or unset); its case is checked by the caller. */
export function oneofInit(init: unknown): OneofInit {
  if (init === undefined || init === null) return unsetOneof;
  if (typeof init !== "object" || Array.isArray(init)) invalidValue("a oneof as { case, value }", init);
  return init as OneofInit;
}

/** A oneof whose `case` names none of its members. */
export function unknownCase(found: unknown, cases: string): never {
  throw new JsonEncodeError("case", `undefined or one of ${cases}`, describe(found));
}

// ---- fields ----
// One call per field keeps the generated writers small (a bundle holds one writer per message
// it sends). The generated code writes the value itself (a direct call of the value's writer at
// each field, which V8 can inline); these only decide whether and how the field is appended.

/** `json` with a field of implicit presence (`text`) appended, unless it holds its default `zero` (then omitted). */
export function implicitField(json: string, ctx: WriteContext, text: string, zero: string, jsonKey: string, protoKey: string): string {
  return text === zero && !ctx.implicit ? json : appendField(json, ctx, text, jsonKey, protoKey);
}

/** `json` with a field of explicit presence appended when set (`text`), or as `null` for an unset message under emitUnpopulated. */
export function presentField(
  json: string,
  ctx: WriteContext,
  text: string | undefined,
  jsonKey: string,
  protoKey: string,
  nullWhenUnpopulated: boolean,
): string {
  if (text !== undefined) return appendField(json, ctx, text, jsonKey, protoKey);
  return nullWhenUnpopulated && ctx.emitUnpopulated ? appendField(json, ctx, "null", jsonKey, protoKey) : json;
}

/**
 * `json` (an object's text so far, `{` when empty) with `,"key":text` appended; the keys come
 * with their comma, dropped for the first field (a two-piece rope per field, not three). The
 * generated writers call it directly where they have checked that the field is set.
 */
export function appendField(json: string, ctx: WriteContext, text: string, jsonKey: string, protoKey: string): string {
  const key = ctx.useProtoFieldName ? protoKey : jsonKey;
  return json + (json.length > 1 ? key : key.slice(1)) + text;
}

// ---- scalars ----

export function writeString(value: unknown): string {
  if (typeof value !== "string") return invalidValue("a string", value);
  // Most strings are short and need no escaping: check them here, and let JSON.stringify
  // escape the others (and the long ones, where its native loop wins).
  if (value.length <= 64) {
    let i = 0;
    for (; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) break;
    }
    if (i === value.length) return `"${value}"`;
  }
  if (!wellFormed(value)) invalidValue("a string without lone surrogates", value);
  return JSON.stringify(value);
}

export function writeBool(value: unknown): string {
  if (value === true) return "true";
  if (value === false) return "false";
  return invalidValue("true or false", value);
}

export function writeInt32(value: unknown): string {
  if (typeof value === "number" && (value | 0) === value) return "" + value;
  return invalidValue("an int32 (an integer number)", value);
}

export function writeUint32(value: unknown): string {
  if (typeof value === "number" && value >>> 0 === value) return "" + value;
  return invalidValue("a uint32 (a non-negative integer number)", value);
}

const decimal = /^-?\d{1,20}$/;

/** A 64-bit integer given as a bigint, a safe integer or a decimal string; undefined for anything else. */
export function bigIntOf(value: unknown): bigint | undefined {
  if (typeof value === "bigint") return value;
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : undefined;
  return typeof value === "string" && decimal.test(value) ? BigInt(value) : undefined;
}

/** A 64-bit integer as bigint, safe integer or decimal string, in range; the canonical decimal. */
function int64Text(value: unknown, min: bigint, max: bigint): string | undefined {
  if (typeof value === "number") {
    // The usual case, without a bigint.
    if (!Number.isSafeInteger(value)) return undefined;
    if (value >= 0 || min < 0n) return `"${value === 0 ? 0 : value}"`;
    return undefined;
  }
  const n = bigIntOf(value);
  return n !== undefined && n >= min && n <= max ? `"${n}"` : undefined;
}

export function writeInt64(value: unknown): string {
  return int64Text(value, int64Min, int64Max) ?? invalidValue("an int64 (a bigint, a safe integer or a decimal string)", value);
}

export function writeUint64(value: unknown): string {
  return int64Text(value, 0n, uint64Max) ?? invalidValue("a uint64 (a bigint, a safe integer or a decimal string)", value);
}

/** Like JSON.stringify for finite numbers, except that -0 stays -0 (it is not the default 0). */
export function writeDouble(value: unknown): string {
  if (typeof value !== "number") return invalidValue("a number", value);
  if (!Number.isFinite(value)) return `"${value}"`;
  return value === 0 && 1 / value < 0 ? "-0" : "" + value;
}

export function writeFloat(value: unknown): string {
  if (typeof value === "number" && Number.isFinite(value) && beyondFloat32(value)) invalidValue("a number in float range", value);
  return writeDouble(value);
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Whether a value is a Uint8Array (of this realm or another). */
function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === "[object Uint8Array]");
}

/** Standard base64 with padding, quoted. */
export function writeBytes(value: unknown): string {
  if (!isBytes(value)) return invalidValue("a Uint8Array", value);
  const bytes = value;
  let out = '"';
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
  return out + '"';
}

/**
 * The rest of a generated enum writer, after its switch over the known numbers: any int32
 * (proto3 enums are open: a number from a newer peer is kept, and written as a number),
 * unless only known values are allowed.
 */
export function writeEnumNumber(value: unknown, typeName: string, ctx: WriteContext): string {
  if (typeof value === "number" && (value | 0) === value && !ctx.onlyKnownEnumValues) return "" + value;
  return invalidValue(`a ${ctx.onlyKnownEnumValues ? "known " : ""}value of enum ${typeName} (an int32 number)`, value);
}

/** `google.protobuf.NullValue`: its only value, 0, is JSON `null`. */
export function writeNull(value: unknown): string {
  if (value === 0) return "null";
  return invalidValue("0 (NullValue.NULL_VALUE)", value);
}

// ---- lists and maps ----

/** Whether a list field holds no element: a writer then skips `writeList` (a call with a try block, not inlined). */
export function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

export function writeList(list: unknown, write: Writer, ctx: WriteContext): string {
  if (!Array.isArray(list)) return invalidValue("an array", list);
  let i = 0;
  try {
    if (list.length === 0) return "[]";
    let out = "[" + write(list[0], ctx);
    for (i = 1; i < list.length; i++) out += "," + write(list[i], ctx);
    return out + "]";
  } catch (error) {
    throw encodeWithin(error, `[${i}]`);
  }
}

/** Whether a value is a plain object (a map holds its entries as own properties of one). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A map key as JSON text, checked against the key type (keys are written as they are). */
function mapKeyText(key: string, kind: MapKeyKind): string {
  switch (kind) {
    case "string":
      return writeString(key);
    case "bool":
      if (key === "true" || key === "false") return `"${key}"`;
      break;
    case "int32":
    case "uint32": {
      const n = Number(key);
      const inRange = kind === "int32" ? n >= int32Min && n <= int32Max : n >= 0 && n <= uint32Max;
      if (inRange && String(n) === key) return `"${key}"`;
      break;
    }
    case "int64":
    case "uint64":
      if (/^(?:0|-?[1-9]\d{0,19})$/.test(key)) {
        const n = BigInt(key);
        if (kind === "int64" ? n >= int64Min && n <= int64Max : n >= 0n && n <= uint64Max) return `"${key}"`;
      }
      break;
  }
  return invalidValue(`a map key of type ${kind}`, key);
}

export function writeMap(map: unknown, keyKind: MapKeyKind, write: Writer, ctx: WriteContext): string {
  if (!isPlainObject(map)) return invalidValue("a plain object (a map)", map);
  const keys = Object.keys(map);
  // The constant, not a new "{}": a writer compares the text with its zero text.
  if (keys.length === 0) return "{}";
  let out = "{";
  let key = "";
  try {
    for (key of keys) {
      out += (out.length > 1 ? "," : "") + mapKeyText(key, keyKind) + ":" + write(map[key], ctx);
    }
  } catch (error) {
    throw encodeWithin(error, keySegment(key));
  }
  return out + "}";
}

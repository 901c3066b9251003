// The well-known types (google.protobuf.Timestamp, Duration, Any, Value, wrappers...), read and
// written through @bufbuild/protobuf, and google.protobuf.Struct, which protoc-gen-es holds as
// a plain JSON object; readers and writers here
// import only their own side of the runtime.
import {
  create,
  fromJson,
  toJson,
  type DescMessage,
  type JsonObject,
  type JsonReadOptions,
  type JsonValue,
  type JsonWriteOptions,
} from "@bufbuild/protobuf";
import { defineKey, describe, describeThrown, keySegment, maxDepth } from "./common.js";
import { countKeys, invalidJson, JsonDecodeError, type Reader, type ReadContext } from "./read.js";
import { encodeWithin, invalidValue, JsonEncodeError, writeDouble, writeString, type Writer, type WriteContext } from "./write.js";

// ---- read ----

/** Whether a JSON value nests no deeper than `limit` levels. */
function withinDepth(json: unknown, limit: number): boolean {
  if (typeof json !== "object" || json === null) return true;
  if (limit <= 0) return false;
  for (const value of Array.isArray(json) ? json : Object.values(json)) {
    if (!withinDepth(value, limit - 1)) return false;
  }
  return true;
}

function checkDepth(json: unknown, ctx: ReadContext): void {
  if (!withinDepth(json, maxDepth - ctx.depth)) throw new JsonDecodeError("", `at most ${maxDepth} nested levels`, "deeper nesting");
}

export function wktReader<M>(schema: DescMessage): Reader<M> {
  return (json, ctx) => {
    checkDepth(json, ctx);
    if (ctx.counting) ctx.keys += countKeys(json);
    const options: Partial<JsonReadOptions> = { ignoreUnknownFields: ctx.ignoreUnknownFields };
    if (ctx.registry !== undefined) options.registry = ctx.registry;
    try {
      return fromJson(schema, json as JsonValue, options) as M;
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^cannot decode [^:]*: /, "") : String(error);
      // `found` is described here (with the reason), not by invalidJson, which would quote it again.
      throw new JsonDecodeError("", `${schema.typeName} in JSON form`, `${describe(json)} (${reason})`);
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
  if (typeof json !== "object" || json === null || Array.isArray(json)) return invalidJson("an object", json);
  checkDepth(json, ctx);
  if (ctx.counting) ctx.keys += countKeys(json);
  return copyJson(json as JsonObject) as JsonObject;
}

// ---- write ----

/**
 * A well-known type's init value (or message) through `create` and `toJson`; what they reject
 * is a JsonEncodeError. Their output is a JSON value, written as Struct values are (so that -0
 * stays -0 inside a wrapper, Value or Any, as in a double field and in Go's protojson).
 */
export function wktWriter(schema: DescMessage): Writer {
  return (value, ctx) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) invalidValue(`a ${schema.typeName} init object`, value);
    const options: Partial<JsonWriteOptions> = {
      useProtoFieldName: ctx.useProtoFieldName,
      alwaysEmitImplicit: ctx.implicit,
      enumAsInteger: ctx.enumAsInteger,
    };
    if (ctx.registry !== undefined) options.registry = ctx.registry;
    let json: JsonValue;
    try {
      json = toJson(schema, create(schema, value as never), options);
    } catch (error) {
      const reason = describeThrown(error).replace(/^\w*Error: cannot encode [^:]*: /, "");
      throw new JsonEncodeError("", `a valid ${schema.typeName}`, `${describe(value)} (${reason})`);
    }
    return jsonText(json, maxDepth - ctx.depth);
  };
}

/** `google.protobuf.Struct` as JSON text: a plain object of JSON values, checked. */
export function writeStruct(value: unknown, ctx: WriteContext): string {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return invalidValue("a JSON object", value);
  return jsonText(value, maxDepth - ctx.depth);
}

/** A JSON value as text: only null, booleans, finite numbers, well-formed strings, arrays and plain objects. */
function jsonText(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      return writeString(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (Number.isFinite(value)) return writeDouble(value);
      break;
    case "object": {
      if (value === null) return "null";
      if (depth <= 0) throw new JsonEncodeError("", `at most ${maxDepth} nested levels`, "deeper nesting");
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i > 0 ? "," : "") + inside(() => jsonText(value[i], depth - 1), `[${i}]`);
        return out + "]";
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) break;
      let out = "{";
      for (const key of Object.keys(value)) {
        const item = inside(() => jsonText((value as Record<string, unknown>)[key], depth - 1), keySegment(key));
        out += (out.length > 1 ? "," : "") + writeString(key) + ":" + item;
      }
      return out + "}";
    }
  }
  return invalidValue("a JSON value (null, boolean, finite number, string, array or plain object)", value);
}

function inside(write: () => string, segment: string): string {
  try {
    return write();
  } catch (error) {
    throw encodeWithin(error, segment);
  }
}

// The reader objects (`<Message>JsonReader`): `decode` reads a parsed JSON value with the
// generated `read<Message>` functions; `parse` is JSON.parse, the same functions, and a check of
// the text for a key given twice (which JSON.parse hides).
import { describe, describeThrown, keySegment } from "./common.js";
import { decodeWithin, JsonDecodeError, readContext, type JsonReadOptions, type Reader, type ReadContext } from "./read.js";

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

/** Builds the reader object of a message from its generated read function. */
export function jsonReader<M>(typeName: string, read: Reader<M>): MessageJsonReader<M> {
  return {
    typeName,
    decode(json, options) {
      return readTop(typeName, read, json, readContext(options, false));
    },
    parse(text, options) {
      if (typeof text !== "string") throw new JsonDecodeError("", "JSON text", describe(text), typeName);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new JsonDecodeError("", "valid JSON text", describeThrown(error), typeName);
      }
      const ctx = readContext(options, true);
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

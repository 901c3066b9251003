// `parse` rejects a key given twice in the text (JSON.parse keeps the last one silently), wherever
// JSON allows whitespace around it and whatever the key holds: the second key is found with its
// path. Each case has exactly one duplicate, so that a key the check failed to see would hide it.
import { JsonDecodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";

/** The JsonDecodeError that parse throws for `text` (it must throw one). */
function parseError(text: string): JsonDecodeError {
  let caught: unknown;
  try {
    CasesJson.parse(text);
  } catch (error) {
    caught = error;
  }
  expect(caught, text).toBeInstanceOf(JsonDecodeError);
  return caught as JsonDecodeError;
}

/** JSON's four whitespace characters (RFC 8259), one at a time and all together. */
const whitespace = [" ", "\n", "\r", "\t", " \t\r\n", "\n\n\t\t  \r\r"];

describe("a key given twice in JSON text", () => {
  it.each(whitespace)("is found with %j before the colon of either occurrence", (ws) => {
    for (const text of [
      `{"int32Field"${ws}:1,"int32Field"${ws}:2}`,
      `{"int32Field":1,"int32Field"${ws}:2}`,
      `{"int32Field"${ws}:1,"int32Field":2}`,
      `{"stringField":"a","int32Field":1,"int32Field"${ws}:2}`,
      `{${ws}"int32Field"${ws}:${ws}1${ws},${ws}"int32Field"${ws}:${ws}2${ws}}`,
    ]) {
      const error = parseError(text);
      expect(error.path, text).toBe("int32Field");
      expect(error.found).toBe("a key given twice");
    }
    expect(CasesJson.parse(`{"int32Field"${ws}:1,"uint32Field"${ws}:2}`)).toMatchObject({ int32Field: 1, uint32Field: 2 });
  });

  it.each(whitespace)("is found inside a map, a list of messages and a Struct, with %j before the colon", (ws) => {
    expect(parseError(`{"byName":{"a"${ws}:1,"a"${ws}:2}}`).path).toBe("byName.a");
    expect(parseError(`{"nodes":[{},{"value"${ws}:1,"value"${ws}:2}]}`).path).toBe("nodes[1].value");
    expect(parseError(`{"struct":{"x":[1,{"y"${ws}:1,"y"${ws}:2}]}}`).path).toBe("struct.x[1].y");
  });

  it("is found beside keys that end in escaped backslashes or hold escaped quotes", () => {
    const keys = ["a\\\\", "a\\\\\\\\", 'q\\"', 'q\\"\\\\', '\\\\\\"'];
    for (const key of keys) {
      const text = `{"byName":{"${key}":1,"b":2,"b":3}}`;
      expect(parseError(text).path, text).toBe("byName.b");
      expect(Object.keys(CasesJson.parse(`{"byName":{"${key}":1,"b":2}}`).byName)).toEqual([JSON.parse(`"${key}"`), "b"]);
    }
    expect(parseError('{"byName":{"q\\"":1,"q\\"":2}}').path).toBe('byName["q\\""]');
  });

  it("is found when the text also holds colons and quotes inside strings", () => {
    const error = parseError('{"stringField":"\\":\\"\\\\","hostile":":","int32Field":1,"int32Field":2}');
    expect(error.path).toBe("int32Field");
    // As many colons inside strings as keys that JSON.parse keeps.
    expect(parseError('{"stringField":"a:b:c","int32Field":1,"int32Field":2}').path).toBe("int32Field");
    expect(parseError('{"hostile":":","int32Field":1,"int32Field":2}').path).toBe("int32Field");
  });

  it("is found whatever follows the colons (a string value, a number, an object)", () => {
    expect(parseError('{"int32Field":1,"int32Field":"2"}').path).toBe("int32Field");
    expect(parseError('{"int32Field":"1","int32Field":2}').path).toBe("int32Field");
    expect(parseError('{"stringField":"a","stringField":"b"}').path).toBe("stringField");
    expect(parseError('{"node":{"value":"1","value":"2"}}').path).toBe("node.value");
  });

  it("is found among keys that ignoreUnknownFields skips", () => {
    for (const text of [
      '{"nope":{"a":1,"a":2}}',
      '{"nope":[{"a":1},{"b":1,"b":2}],"int32Field":1}',
      '{"nope":{"x":{"a":1}},"int32Field":1,"int32Field":2}',
    ]) {
      expect(() => CasesJson.parse(text, { ignoreUnknownFields: true }), text).toThrow(/each key once/);
    }
    expect(CasesJson.parse('{"nope":{"a":1,"b":{"a":2}},"int32Field":3}', { ignoreUnknownFields: true }).int32Field).toBe(3);
  });
});

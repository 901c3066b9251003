// What a codec error says: its message ("cannot decode <type> from JSON at <path>: expected ...,
// found ..."), with or without a path and a type, and how `found` names the value that was
// refused (strings quoted and cut at 40 characters, numbers and booleans as written, everything
// else by kind). Expected texts are written out here, as docs/codecs.md shows them to users.
import { JsonDecodeError, JsonEncodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJson, CasesJsonWriter } from "../../fixtures/golden/json_json.js";

/** The error `run` throws (it must throw). */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

const decodeError = (json: unknown) => thrown(() => CasesJson.decode(json)) as JsonDecodeError;
const encodeError = (init: unknown) => thrown(() => CasesJsonWriter.stringify(init as never)) as JsonEncodeError;

const digits40 = "0123456789".repeat(4);

describe("the message of an error", () => {
  it("names the type and the path when both are known", () => {
    const error = decodeError({ int32Field: "x" });
    expect(error).toBeInstanceOf(JsonDecodeError);
    expect(error.message).toBe(`cannot decode fixtures.json.Cases from JSON at int32Field: expected ${error.expected}, found "x"`);
    const written = encodeError({ int32Field: "x" });
    expect(written).toBeInstanceOf(JsonEncodeError);
    expect(written.message).toBe(`cannot encode fixtures.json.Cases to JSON at int32Field: expected ${written.expected}, found "x"`);
  });

  it("has no 'at' for the top level (an empty path)", () => {
    const error = decodeError(5);
    expect(error.path).toBe("");
    expect(error.message).toBe(`cannot decode fixtures.json.Cases from JSON: expected ${error.expected}, found 5`);
    const written = encodeError(5);
    expect(written.path).toBe("");
    expect(written.message).toBe(`cannot encode fixtures.json.Cases to JSON: expected ${written.expected}, found 5`);
  });

  it("has no type name until one is given", () => {
    const error = new JsonDecodeError("", "an int32", '"x"');
    expect(error.typeName).toBe("");
    expect(error.message).toBe('cannot decode from JSON: expected an int32, found "x"');
    const nested = new JsonEncodeError("a.b", "a string", "5");
    expect(nested.typeName).toBe("");
    expect(nested.message).toBe("cannot encode to JSON at a.b: expected a string, found 5");
    expect(nested.inType("x.Y").message).toBe("cannot encode x.Y to JSON at a.b: expected a string, found 5");
    expect(new JsonDecodeError("", "e", "f", "x.Y").message).toBe("cannot decode x.Y from JSON: expected e, found f");
  });
});

describe("what `found` says", () => {
  it("quotes a string as JSON, cut after 40 characters", () => {
    expect(decodeError({ int32Field: digits40 }).found).toBe(`"${digits40}"`);
    expect(decodeError({ int32Field: `${digits40}A` }).found).toBe(`"${digits40}…"`);
    expect(decodeError({ int32Field: `${digits40}ABCDEFGHIJ` }).found).toBe(`"${digits40}…"`);
    expect(decodeError({ int32Field: 'say "hi"\n' }).found).toBe('"say \\"hi\\"\\n"');
    expect(encodeError({ int32Field: `${digits40}${digits40}` }).found).toBe(`"${digits40}…"`);
    expect(encodeError({ int32Field: "" }).found).toBe('""');
  });

  it("writes numbers and booleans as they are", () => {
    expect(decodeError({ stringField: 5 }).found).toBe("5");
    expect(decodeError({ stringField: -1.5 }).found).toBe("-1.5");
    expect(decodeError({ int32Field: 0.5 }).found).toBe("0.5");
    expect(decodeError({ stringField: true }).found).toBe("true");
    expect(decodeError({ int32Field: false }).found).toBe("false");
    expect(encodeError({ stringField: 7 }).found).toBe("7");
    expect(encodeError({ stringField: NaN }).found).toBe("NaN");
    expect(encodeError({ int32Field: true }).found).toBe("true");
  });

  it("writes a bigint with its n", () => {
    expect(decodeError({ int64Field: 5n }).found).toBe("5n");
    expect(encodeError({ int32Field: -12n }).found).toBe("-12n");
  });

  it("names undefined, null, arrays and objects", () => {
    expect(decodeError({ int32Field: undefined }).found).toBe("undefined");
    expect(decodeError({ ints: [null] }).found).toBe("null");
    expect(decodeError({ int32Field: [] }).found).toBe("an array");
    expect(decodeError({ int32Field: {} }).found).toBe("an object");
    expect(decodeError(null).found).toBe("null");
    expect(decodeError([]).found).toBe("an array");
    expect(encodeError({ ints: [null] }).found).toBe("null");
    expect(encodeError({ stringField: [1] }).found).toBe("an array");
    expect(encodeError({ stringField: {} }).found).toBe("an object");
  });

  it("names other values by their type", () => {
    expect(decodeError({ int32Field: () => 1 }).found).toBe("a function");
    expect(decodeError({ int32Field: Symbol("s") }).found).toBe("a symbol");
    expect(encodeError({ stringField: () => "x" }).found).toBe("a function");
    expect(encodeError({ stringField: Symbol.iterator }).found).toBe("a symbol");
  });
});

describe("parse of what is not text", () => {
  it("says it expected JSON text, whatever the value", () => {
    for (const [value, found] of [
      [undefined, "undefined"],
      [5, "5"],
      [null, "null"],
      [{}, "an object"],
      [["{}"], "an array"],
    ] as const) {
      let caught: unknown;
      try {
        CasesJson.parse(value as never);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(JsonDecodeError);
      const error = caught as JsonDecodeError;
      expect(error.expected).toBe("JSON text");
      expect(error.found).toBe(found);
      expect(error.typeName).toBe("fixtures.json.Cases");
    }
  });

  it("says it expected valid JSON text when the text is not JSON", () => {
    for (const text of ["", "{", "{'a':1}", "undefined"]) {
      let caught: unknown;
      try {
        CasesJson.parse(text);
      } catch (error) {
        caught = error;
      }
      expect((caught as JsonDecodeError).expected, text).toBe("valid JSON text");
      expect((caught as JsonDecodeError).found, text).toMatch(/^SyntaxError: /);
    }
  });
});

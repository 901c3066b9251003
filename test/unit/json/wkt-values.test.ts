// Struct, Value and Any fields, read and written: a Struct is a JSON object (nothing else, in a
// field, a list or a map), read into a copy that shares nothing with the input; written from a
// plain object (null prototype too) of JSON values; Value nesting counts toward the limit of 100;
// Any and Value init values must be objects; ignoreUnknownFields reaches inside an Any.
import { create, createRegistry } from "@bufbuild/protobuf";
import { JsonDecodeError, JsonEncodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJson, CasesJsonWriter } from "../../fixtures/golden/json_json.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";
import { RepeatedWellKnownJson, WellKnownJson } from "../../fixtures/golden/wkt_json.js";

function thrown(run: () => unknown): JsonDecodeError | JsonEncodeError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught instanceof JsonDecodeError || caught instanceof JsonEncodeError).toBe(true);
  return caught as JsonDecodeError;
}

describe("Struct read", () => {
  it("is a copy of the input, at every level, with every kind of JSON value", () => {
    const input = { a: null, b: "text", c: 1.5, d: true, e: [1, "x", null, { f: [] }], g: { h: { i: "j" } }, k: "", l: 0 };
    const message = CasesJson.decode({ struct: input });
    expect(message.struct).toEqual(input);
    expect(message.struct).not.toBe(input);
    const struct = message.struct as typeof input;
    expect(struct.e).not.toBe(input.e);
    expect(struct.e[3]).not.toBe(input.e[3]);
    expect(struct.g).not.toBe(input.g);
    expect(struct.g.h).not.toBe(input.g.h);
    input.g.h.i = "changed";
    (input.e as unknown[]).push(2);
    expect(struct.g.h.i).toBe("j");
    expect(struct.e).toHaveLength(4);
  });

  it("is an object: not an array, a string, a number or a boolean; null only as unset", () => {
    for (const json of [[1], [], "ab", 5, true]) {
      const error = thrown(() => CasesJson.decode({ struct: json }));
      expect(error.path).toBe("struct");
      expect(error.expected).toBe("an object");
    }
    expect(CasesJson.decode({ struct: null }).struct).toBeUndefined();
    for (const json of [null, [], "ab", 5]) {
      expect(thrown(() => RepeatedWellKnownJson.decode({ struct: [{}, json] })).path).toBe("struct[1]");
    }
    expect(RepeatedWellKnownJson.decode({ struct: [{}, { a: 1 }] }).struct).toEqual([{}, { a: 1 }]);
  });
});

describe("Struct written", () => {
  it("is a plain object (null prototype too) of JSON values", () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { x: 1 });
    expect(JSON.parse(CasesJsonWriter.stringify({ struct: { a: bare, b: [bare] } }))).toEqual({ struct: { a: { x: 1 }, b: [{ x: 1 }] } });
    expect(JSON.parse(CasesJsonWriter.stringify({ struct: bare as never }))).toEqual({ struct: { x: 1 } });
  });

  it("refuses what is not an object, naming what it expected", () => {
    for (const value of [5, "ab", [1], [], true]) {
      const error = thrown(() => CasesJsonWriter.stringify({ struct: value as never }));
      expect(error.path).toBe("struct");
      expect(error.expected).toBe("a JSON object");
    }
    expect(thrown(() => CasesJsonWriter.stringify({ struct: { a: new Date(0) } })).path).toBe("struct.a");
  });

  it("refuses null as an element of a list (null leaves only a field unset)", () => {
    const error = thrown(() => RepeatedWellKnownJson.stringify({ struct: [{}, null] } as never));
    expect(error.path).toBe("struct[1]");
    expect(error.expected).toBe("a JSON object");
    const any = thrown(() => RepeatedWellKnownJson.stringify({ any: [null] } as never));
    expect(any.path).toBe("any[0]");
    expect(any.expected).toBe("a google.protobuf.Any init object");
  });
});

describe("Value written", () => {
  /** A Value of `depth` nested lists around 1. */
  const nested = (depth: number): object =>
    depth === 0 ? { kind: { case: "numberValue", value: 1 } } : { kind: { case: "listValue", value: { values: [nested(depth - 1)] } } };

  it("counts its levels with the message around it: 100 in all, not more", () => {
    expect(JSON.parse(CasesJsonWriter.stringify({ value: nested(99) as never })).value).toBeDefined();
    const error = thrown(() => CasesJsonWriter.stringify({ value: nested(100) as never }));
    expect(error.expected).toBe("at most 100 nested levels");
    expect(error.found).toBe("deeper nesting");
    expect(error.path.startsWith("value[0]")).toBe(true);
  });
});

describe("Any and Value init values", () => {
  it("must be objects", () => {
    for (const value of [5, "x", [], [1], true]) {
      const any = thrown(() => WellKnownJson.stringify({ any: value as never }));
      expect(any.path).toBe("any");
      expect(any.expected).toBe("a google.protobuf.Any init object");
      const error = thrown(() => CasesJsonWriter.stringify({ value: value as never }));
      expect(error.path).toBe("value");
      expect(error.expected).toBe("a google.protobuf.Value init object");
    }
  });
});

describe("ignoreUnknownFields inside an Any", () => {
  it("skips a key that names no field of the message in the Any, and is an error without it", () => {
    const registry = createRegistry(CasesSchema);
    const json = { any: { "@type": "type.googleapis.com/fixtures.json.Cases", int32Field: 3, nope: 1 } };
    const message = WellKnownJson.decode(json, { registry, ignoreUnknownFields: true });
    expect(message.any?.typeUrl).toBe("type.googleapis.com/fixtures.json.Cases");
    expect(WellKnownJson.encode(message, { registry })).toEqual({ any: { "@type": json.any["@type"], int32Field: 3 } });
    expect(thrown(() => WellKnownJson.decode(json, { registry })).path).toBe("any");
    expect(create(CasesSchema).int32Field).toBe(0);
  });
});

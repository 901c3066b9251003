// Struct and Value in the codecs: nesting is counted with the messages around them (a message
// and each JSON object or array inside a well-known type is one level; more than 100 is an
// error, read and written), and the reason @bufbuild/protobuf gives for a bad well-known value
// is passed on without its own "cannot decode ...:" prefix. A message inside an Any is written
// with the writer's options, as @bufbuild/protobuf's toJson writes it.
import { create, createRegistry, equals, toJson } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { CasesJson, CasesJsonWriter } from "../../fixtures/golden/json_json.js";
import { CasesSchema, Kind } from "../../fixtures/golden/json_pb.js";
import { WellKnownSchema } from "../../fixtures/golden/wkt_pb.js";
import { WellKnownJson } from "../../fixtures/golden/wkt_json.js";

/** `depth` nested arrays (or objects under "a") around 1. */
const arrays = (depth: number): unknown => (depth === 0 ? 1 : [arrays(depth - 1)]);
const objects = (depth: number): unknown => (depth === 0 ? 1 : { a: objects(depth - 1) });

describe("nesting in a Struct, counted with the message around it", () => {
  // Cases is level 1, the Struct object level 2, so 98 more levels inside it make 100.
  it.each([
    ["arrays", arrays],
    ["objects", objects],
  ])("of %s: 100 levels in all are read and written, 101 are an error", (_kind, nest) => {
    const within = { struct: { x: nest(98) } };
    expect(CasesJson.decode(within).struct).toEqual(within.struct);
    expect(CasesJson.parse(JSON.stringify(within)).struct).toEqual(within.struct);
    expect(JSON.parse(CasesJsonWriter.stringify(within as never))).toEqual(within);

    const beyond = { struct: { x: nest(99) } };
    expect(() => CasesJson.decode(beyond)).toThrow(/at most 100 nested levels, found deeper nesting/);
    expect(() => CasesJson.parse(JSON.stringify(beyond))).toThrow(/at most 100 nested levels/);
    expect(() => CasesJsonWriter.stringify(beyond as never)).toThrow(/at most 100 nested levels, found deeper nesting/);
  });

  it("counts the levels of the messages around it: one level less inside a list of Values", () => {
    // values is a list of google.protobuf.Value: the Value's own JSON is counted from level 2.
    expect(CasesJson.decode({ values: [arrays(98)] }).values).toHaveLength(1);
    expect(() => CasesJson.decode({ values: [arrays(99)] })).toThrow(/at most 100 nested levels|google\.protobuf\.Value/);
    expect(() => CasesJson.decode({ values: [arrays(100)] })).toThrow(/at most 100 nested levels/);
  });
});

describe("a bad well-known value", () => {
  it("is an error at its field, naming the type", () => {
    let caught: unknown;
    try {
      WellKnownJson.decode({ any: "x" });
    } catch (error) {
      caught = error;
    }
    const error = caught as { path: string; expected: string; found: string };
    expect(error.path).toBe("any");
    expect(error.expected).toBe("google.protobuf.Any in JSON form");
    expect(error.found).toContain("x");
    expect(error.found).not.toMatch(/cannot decode/);
    // The value, quoted once, then the reason @bufbuild/protobuf gives.
    expect(error.found).toBe('"x" (expected object but got "x")');
  });

  it("is an error when written, with the reason and without its prefix", () => {
    let caught: unknown;
    try {
      WellKnownJson.stringify({ any: { typeUrl: "type.googleapis.com/x.Unknown", value: new Uint8Array(1) } });
    } catch (error) {
      caught = error;
    }
    const error = caught as { path: string; expected: string; found: string };
    expect(error.path).toBe("any");
    expect(error.expected).toBe("a valid google.protobuf.Any");
    expect(error.found.startsWith("an object (")).toBe(true);
    expect(error.found).not.toMatch(/cannot encode/);
    expect(error.found).toBe('an object ("type.googleapis.com/x.Unknown" is not in the type registry)');
  });
});

describe("a message in google.protobuf.Any, written with the writer's options", () => {
  const registry = createRegistry(CasesSchema);
  const inner = create(CasesSchema, { fieldName2: 5, kind: Kind.B, ints: [] });
  const message = create(WellKnownSchema, { any: anyPack(CasesSchema, inner) });

  it.each([
    {},
    { useProtoFieldName: true },
    { alwaysEmitImplicit: true },
    { enumAsInteger: true },
    { useProtoFieldName: true, enumAsInteger: true },
  ])("%o: as toJson writes it", (options) => {
    const expected = toJson(WellKnownSchema, message, { ...options, registry });
    expect(JSON.parse(WellKnownJson.stringify(message, { ...options, registry }))).toEqual(expected);
    expect(WellKnownJson.encode(message, { ...options, registry })).toEqual(expected);
  });

  it("the options change what is written (the cases above are not all alike)", () => {
    const any = (options: object) => (WellKnownJson.encode(message, { ...options, registry }) as { any: Record<string, unknown> }).any;
    expect(any({})).toEqual({ "@type": "type.googleapis.com/fixtures.json.Cases", fieldName2: 5, kind: "KIND_B" });
    expect(any({ useProtoFieldName: true })).toMatchObject({ field_name2: 5 });
    expect(any({ enumAsInteger: true })).toMatchObject({ kind: 2 });
    expect(any({ alwaysEmitImplicit: true })).toMatchObject({ int32Field: 0, ints: [] });
  });

  it("reads it back only with the registry", () => {
    const text = WellKnownJson.stringify(message, { registry });
    expect(equals(WellKnownSchema, WellKnownJson.parse(text, { registry }), message)).toBe(true);
    expect(() => WellKnownJson.parse(text)).toThrow(/google\.protobuf\.Any/);
    expect(() => WellKnownJson.stringify(message)).toThrow(/google\.protobuf\.Any/);
  });
});

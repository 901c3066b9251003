// Zod schemas of the fixture protos: every constraint kind, valid and invalid. Where an input is
// also proto3 JSON, @bufbuild/protobuf's fromJson is the reference for the converted value.
import { create, equals, fromJson, type DescMessage, type JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { UsesAliasedSchema } from "../../fixtures/golden/aliases_pb.js";
import { UsesAliasedZod } from "../../fixtures/golden/aliases_zod.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";
import { CasesZod } from "../../fixtures/golden/json_zod.js";
import { MapCombosSchema, MapKeysSchema, MapValuesSchema } from "../../fixtures/golden/maps_pb.js";
import { MapCombosZod, MapKeysZod, MapValuesZod } from "../../fixtures/golden/maps_zod.js";
import { ReservedFieldsZod } from "../../fixtures/golden/names_zod.js";
import { NodeSchema } from "../../fixtures/golden/nested_pb.js";
import { AZod, NodeZod, UsesEnumsZod, UsesNestedZod } from "../../fixtures/golden/nested_zod.js";
import { OneofKindsSchema } from "../../fixtures/golden/oneofs_pb.js";
import { NestedOneofZod, OneofKindsZod, TwoOneofsZod } from "../../fixtures/golden/oneofs_zod.js";
import { OptionalScalarsSchema, RepeatedScalarsSchema, ScalarsSchema } from "../../fixtures/golden/scalars_pb.js";
import { MixedScalarsZod, OptionalScalarsZod, RepeatedScalarsZod, ScalarsZod } from "../../fixtures/golden/scalars_zod.js";
import { WellKnownSchema } from "../../fixtures/golden/wkt_pb.js";
import { MapWellKnownZod, OneofWellKnownZod, RepeatedWellKnownZod, WellKnownZod } from "../../fixtures/golden/wkt_zod.js";
import { issuesOf } from "../../support/zod.js";

/** The issues of a failed parse as `path: message`, or fails the test when parsing succeeds. */
/** Parses JSON-compatible input and checks the result against fromJson of the same input. */
function expectSameAsFromJson(desc: DescMessage, schema: z.ZodType, json: JsonValue): void {
  const parsed = schema.parse(json);
  expect(equals(desc, create(desc, parsed as never), fromJson(desc, json))).toBe(true);
}

const int32Cases = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const uint32Cases = { min: 0, max: 2 ** 32 - 1 };

describe("scalars", () => {
  it.each(["int32Field", "sint32Field", "sfixed32Field"])("%s: integers in [-2^31, 2^31-1]", (field) => {
    expect(ScalarsZod.parse({ [field]: int32Cases.min })).toEqual({ [field]: int32Cases.min });
    expect(ScalarsZod.parse({ [field]: int32Cases.max })).toEqual({ [field]: int32Cases.max });
    for (const bad of [int32Cases.max + 1, int32Cases.min - 1, 1.5, "1", NaN, Infinity, 1n]) {
      expect(issuesOf(ScalarsZod, { [field]: bad })[0]).toMatch(new RegExp(`^${field}: `));
    }
  });

  it.each(["uint32Field", "fixed32Field"])("%s: integers in [0, 2^32-1]", (field) => {
    expect(ScalarsZod.parse({ [field]: uint32Cases.max })).toEqual({ [field]: uint32Cases.max });
    expect(ScalarsZod.parse({ [field]: 0 })).toEqual({ [field]: 0 });
    for (const bad of [-1, uint32Cases.max + 1, 0.5]) issuesOf(ScalarsZod, { [field]: bad });
  });

  it.each(["int64Field", "sint64Field", "sfixed64Field"])(
    "%s: bigint in int64 range; decimal strings and safe integers converted",
    (field) => {
      const cases: [unknown, bigint][] = [
        [-(2n ** 63n), -(2n ** 63n)],
        ["9223372036854775807", 2n ** 63n - 1n],
        ["-9223372036854775808", -(2n ** 63n)],
        [Number.MAX_SAFE_INTEGER, BigInt(Number.MAX_SAFE_INTEGER)],
        [-42, -42n],
        ["0", 0n],
      ];
      for (const [input, output] of cases) expect(ScalarsZod.parse({ [field]: input })).toEqual({ [field]: output });
      const expected =
        "expected int64 (an integer from -9223372036854775808 to 9223372036854775807: a bigint, a safe integer or a decimal string)";
      const bad: [unknown, string][] = [
        [2n ** 63n, "9223372036854775808n"],
        ["9223372036854775808", '"9223372036854775808"'],
        [2 ** 53, "9007199254740992"],
        [1.5, "1.5"],
        ["1.5", '"1.5"'],
        ["", '""'],
        [" 1", '" 1"'],
        ["1e3", '"1e3"'],
        ["0x10", '"0x10"'],
        [true, "true"],
        [null, "null"],
      ];
      for (const [input, shown] of bad)
        expect(issuesOf(ScalarsZod, { [field]: input })).toEqual([`${field}: ${expected}, received ${shown}`]);
    },
  );

  it.each(["uint64Field", "fixed64Field"])("%s: bigint in [0, 2^64-1]", (field) => {
    expect(ScalarsZod.parse({ [field]: "18446744073709551615" })).toEqual({ [field]: 2n ** 64n - 1n });
    expect(ScalarsZod.parse({ [field]: 7 })).toEqual({ [field]: 7n });
    for (const bad of [-1, "-1", 2n ** 64n, "18446744073709551616"]) issuesOf(ScalarsZod, { [field]: bad });
  });

  it("64-bit fields with [jstype = JS_STRING]: the same inputs, converted to the decimal string protoc-gen-es types them as", () => {
    expect(CasesZod.parse({ int64AsString: 5, uint64sAsStrings: ["18446744073709551615", 7n] })).toEqual({
      int64AsString: "5",
      uint64sAsStrings: ["18446744073709551615", "7"],
    });
    expect(CasesZod.parse({ int64AsString: "-9223372036854775808" })).toEqual({ int64AsString: "-9223372036854775808" });
    expectSameAsFromJson(CasesSchema, CasesZod, { int64AsString: "-12", uint64sAsStrings: ["0", "3"] });
    expect(issuesOf(CasesZod, { int64AsString: "9223372036854775808" })[0]).toMatch(/^int64AsString: expected int64 /);
    issuesOf(CasesZod, { uint64sAsStrings: ["-1"] });
    issuesOf(CasesZod, { int64AsString: "1.0" });
  });

  it("float: within float range, NaN and infinities allowed", () => {
    for (const ok of [3.4028234663852886e38, -3.4028234663852886e38, 0.1, NaN, Infinity, -Infinity]) {
      expect(ScalarsZod.parse({ floatField: ok })).toEqual({ floatField: ok });
    }
    for (const bad of [3.5e38, -1e39, "1"]) expect(issuesOf(ScalarsZod, { floatField: bad })[0]).toMatch(/^floatField: expected a float/);
  });

  it("double: any number", () => {
    for (const ok of [Number.MAX_VALUE, -0, NaN, -Infinity]) expect(ScalarsZod.parse({ doubleField: ok })).toEqual({ doubleField: ok });
    for (const bad of ["1", 1n, null]) issuesOf(ScalarsZod, { doubleField: bad });
  });

  it("bool and string take only their own type", () => {
    expect(ScalarsZod.parse({ boolField: false, stringField: "" })).toEqual({ boolField: false, stringField: "" });
    issuesOf(ScalarsZod, { boolField: "true" });
    issuesOf(ScalarsZod, { boolField: 1 });
    issuesOf(ScalarsZod, { stringField: 1 });
  });

  it("bytes: Uint8Array, or base64 (standard or URL-safe, padding optional) converted", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
    expect(ScalarsZod.parse({ bytesField: bytes }).bytesField).toBe(bytes);
    for (const text of ["+/+/", "-_-_"]) expect(ScalarsZod.parse({ bytesField: text }).bytesField).toEqual(bytes);
    expect(ScalarsZod.parse({ bytesField: "aGk=" }).bytesField).toEqual(new Uint8Array([104, 105]));
    expect(ScalarsZod.parse({ bytesField: "aGk" }).bytesField).toEqual(new Uint8Array([104, 105]));
    expect(ScalarsZod.parse({ bytesField: "" }).bytesField).toEqual(new Uint8Array());
    for (const bad of ["a", "aGk==", "a*Gk", "+/-_", 5]) {
      expect(issuesOf(ScalarsZod, { bytesField: bad })).toEqual([
        `bytesField: expected bytes (a Uint8Array or a base64 string), received ${JSON.stringify(bad)}`,
      ]);
    }
    expect(issuesOf(ScalarsZod, { bytesField: [104, 105] })).toEqual([
      "bytesField: expected bytes (a Uint8Array or a base64 string), received an array",
    ]);
  });

  it("converts a proto3 JSON object exactly as fromJson does", () => {
    expectSameAsFromJson(ScalarsSchema, ScalarsZod, {
      doubleField: 1.25,
      floatField: -2.5,
      int32Field: -7,
      int64Field: "-9007199254740993",
      uint32Field: 4000000000,
      uint64Field: "18446744073709551615",
      sint32Field: 5,
      sint64Field: "-5",
      fixed32Field: 9,
      fixed64Field: "10",
      sfixed32Field: -11,
      sfixed64Field: "-12",
      boolField: true,
      stringField: "héllo",
      bytesField: "aGVsbG8=",
    });
    expectSameAsFromJson(RepeatedScalarsSchema, RepeatedScalarsZod, {
      int64Field: ["1", "-2"],
      bytesField: ["AQI=", ""],
      stringField: ["a"],
      floatField: [1, 2],
    });
  });

  it("rejects unknown keys, naming them (a typo is an error, not dropped)", () => {
    expect(issuesOf(ScalarsZod, { int32Feild: 1 })).toEqual([': Unrecognized key: "int32Feild"']);
    // Proto names are not the init shape's keys either.
    expect(issuesOf(ScalarsZod, { int32_field: 1 })).toEqual([': Unrecognized key: "int32_field"']);
    issuesOf(ScalarsZod, "not an object");
    issuesOf(ScalarsZod, null);
  });

  it("implicit-presence fields may be left out, but not set to undefined", () => {
    expect(ScalarsZod.parse({})).toEqual({});
    expect(issuesOf(ScalarsZod, { stringField: undefined })[0]).toMatch(/^stringField: /);
  });

  it("proto3 optional fields may also be undefined, as the init type allows", () => {
    expect(OptionalScalarsZod.parse({ int64Field: undefined, stringField: "x" })).toEqual({ int64Field: undefined, stringField: "x" });
    expectSameAsFromJson(OptionalScalarsSchema, OptionalScalarsZod, { int64Field: "0", stringField: "", boolField: false });
    issuesOf(OptionalScalarsZod, { int32Field: "1" });
  });
});

describe("required fields from the sidecar (test/fixtures/proto/scalars.api.json)", () => {
  it("needs every required key; a nonEmpty string must not be empty", () => {
    expect(MixedScalarsZod.parse({ plain: 0, list: [], farAway: "x" })).toEqual({ plain: 0, list: [], farAway: "x" });
    expect(issuesOf(MixedScalarsZod, {})).toEqual([
      "plain: Invalid input: expected number, received undefined",
      "list: Invalid input: expected array, received undefined",
      "farAway: Invalid input: expected string, received undefined",
    ]);
    expect(issuesOf(MixedScalarsZod, { plain: 0, list: [], farAway: "" })).toEqual([
      "farAway: Too small: expected string to have >=1 characters",
    ]);
  });

  it("a nonEmpty list needs one element, and no empty string in it", () => {
    expect(RepeatedScalarsZod.parse({ stringField: ["a"] })).toEqual({ stringField: ["a"] });
    expect(issuesOf(RepeatedScalarsZod, { stringField: [] })).toEqual(["stringField: Too small: expected array to have >=1 items"]);
    expect(issuesOf(RepeatedScalarsZod, { stringField: ["a", ""] })).toEqual([
      "stringField.1: Too small: expected string to have >=1 characters",
    ]);
  });
});

describe("enums", () => {
  it("take known numbers and proto value names, converted to numbers", () => {
    expect(UsesEnumsZod.parse({ signed: "SIGNED_MIN", status: 2, sparse: "SPARSE_HUNDRED" })).toEqual({
      signed: -2147483648,
      status: 2,
      sparse: 100,
    });
    expect(UsesEnumsZod.parse({ signedList: [-1, "SIGNED_MAX"], maybeStatus: "OK" })).toEqual({
      signedList: [-1, 2147483647],
      maybeStatus: 0,
    });
  });

  it("reject unknown numbers and names, naming the enum and its values", () => {
    expect(issuesOf(UsesEnumsZod, { sparse: 4 })).toEqual([
      "sparse: expected a value of enum fixtures.nested.Sparse (SPARSE_NONE, SPARSE_TEN, SPARSE_HUNDRED, SPARSE_THREE, or its number), received 4",
    ]);
    for (const bad of ["sparse_ten", "TEN", 10.5, null, "toString", "__proto__"]) issuesOf(UsesEnumsZod, { sparse: bad });
    expect(issuesOf(UsesEnumsZod, { signedList: [0, "NOPE"] })[0]).toMatch(/^signedList\.1: /);
  });

  it("accept every alias of a value", () => {
    expect(UsesAliasedZod.parse({ state: "ALIASED_DEFAULT", history: ["ALIASED_RUNNING", "ALIASED_TERMINATED"] })).toEqual({
      state: 0,
      history: [1, 2],
    });
    expectSameAsFromJson(UsesAliasedSchema, UsesAliasedZod, {
      state: "ALIASED_HALTED",
      byName: { a: "ALIASED_STARTED" },
      maybe: "ALIASED_UNSPECIFIED",
    });
  });
});

describe("maps", () => {
  it("check keys by key type", () => {
    const ok = {
      int32Key: { "-2147483648": "a", "2147483647": "b" },
      int64Key: { "-9223372036854775808": "c" },
      uint32Key: { "4294967295": "d" },
      uint64Key: { "18446744073709551615": "e" },
      boolKey: { true: "f", false: "g" },
      stringKey: { "": "h", "any key": "i" },
      fixed32Key: { 0: "j" },
    };
    expect(MapKeysZod.parse(ok)).toEqual(ok);
    expectSameAsFromJson(MapKeysSchema, MapKeysZod, ok);
    const bad: [string, string][] = [
      ["int32Key", "2147483648"],
      ["int32Key", "1.5"],
      ["int32Key", "01"],
      ["int32Key", "x"],
      ["int32Key", "-0"],
      ["uint32Key", "-1"],
      ["sint64Key", "9223372036854775808"],
      ["uint64Key", "18446744073709551616"],
      ["boolKey", "True"],
      ["boolKey", "1"],
      ["stringKey", "__proto__"],
    ];
    for (const [field, key] of bad) {
      const input = JSON.parse(JSON.stringify({ [field]: { [key]: "v" } })) as unknown;
      expect(issuesOf(MapKeysZod, input)[0], `${field} ${key}`).toMatch(new RegExp(`^${field}\\.`));
    }
    expect(issuesOf(MapKeysZod, { uint32Key: { "-1": "v" } })).toEqual([
      'uint32Key.-1: expected a map key of type uint32 (a decimal integer from 0 to 4294967295), received "-1"',
    ]);
  });

  it("check and convert values, with the key in the error path", () => {
    const json = {
      int64Value: { a: "-1" },
      bytesValue: { b: "AQID" },
      enumValue: { c: "MAP_ENUM_BAR" },
      messageValue: { d: { name: "n", count: 3 } },
      nestedEnumValue: { e: "KIND_ONE" },
      importedMessageValue: { f: { uint64Field: "5" } },
      floatValue: { g: 1.5 },
    };
    expectSameAsFromJson(MapValuesSchema, MapValuesZod, json);
    expect(issuesOf(MapValuesZod, { messageValue: { d: { count: 2 ** 31 } } })).toEqual([
      "messageValue.d.count: Too big: expected number to be <=2147483647",
    ]);
    expect(issuesOf(MapValuesZod, { messageValue: { d: { nmae: "x" } } })).toEqual(['messageValue.d: Unrecognized key: "nmae"']);
    expect(issuesOf(MapValuesZod, { int32Value: [] })[0]).toMatch(/^int32Value: /);
    expectSameAsFromJson(MapCombosSchema, MapCombosZod, {
      int64ToMessage: { "-5": { name: "x" } },
      uint64ToEnum: { 5: 1 },
      boolToBytes: { true: "AA==" },
      sfixed64ToInt64: { 1: "2" },
    });
  });
});

describe("nested and recursive messages", () => {
  it("check nested messages at any depth, with the full path", () => {
    const tree = { id: "root", children: [{ id: "a", children: [{ id: "b", byName: { x: { id: "c", parent: { id: "d" } } } }] }] };
    expect(NodeZod.parse(tree)).toEqual(tree);
    expect(issuesOf(NodeZod, { children: [{}, { children: [{ byName: { x: { parent: { id: 7 } } } }] }] })).toEqual([
      "children.1.children.0.byName.x.parent.id: Invalid input: expected string, received number",
    ]);
    expect(issuesOf(AZod, { b: { a: { bs: [{ maybeA: { b: { a: { typo: 1 } } } }] } } })).toEqual([
      'b.a.bs.0.maybeA.b.a: Unrecognized key: "typo"',
    ]);
  });

  it("use the same schema for a type from another file", () => {
    expect(UsesNestedZod.parse({ inner: { kind: "INNER_ENUM_B", outerKind: 1 }, innerMap: { k: { name: "n" } } })).toEqual({
      inner: { kind: 2, outerKind: 1 },
      innerMap: { k: { name: "n" } },
    });
    issuesOf(UsesNestedZod, { inner: { kind: "OUTER_ENUM_X" } });
  });

  it("accept a complete message as create() returns it, checking its fields", () => {
    const node = create(NodeSchema, { id: "x", children: [{ id: "y" }] });
    const parsed = NodeZod.parse({ next: node });
    expect(equals(NodeSchema, create(NodeSchema, parsed), create(NodeSchema, { next: node }))).toBe(true);
    issuesOf(NodeZod, { next: { ...node, $typeName: "fixtures.nested.A" } });
    issuesOf(NodeZod, { next: { ...node, id: 5 } });
  });
});

describe("oneofs", () => {
  it("take protoc-gen-es's { case, value } shape, checking the value by its case", () => {
    const cases: [unknown, unknown][] = [
      [
        { case: "stringValue", value: "x" },
        { case: "stringValue", value: "x" },
      ],
      [
        { case: "int64Value", value: "-3" },
        { case: "int64Value", value: -3n },
      ],
      [
        { case: "bytesValue", value: "AQ==" },
        { case: "bytesValue", value: new Uint8Array([1]) },
      ],
      [
        { case: "enumValue", value: "COLOR_GREEN" },
        { case: "enumValue", value: 2 },
      ],
      [
        { case: "messageValue", value: { text: "t" } },
        { case: "messageValue", value: { text: "t" } },
      ],
      [
        { case: "importedMessageValue", value: { int64Field: 1 } },
        { case: "importedMessageValue", value: { int64Field: 1n } },
      ],
      [{ case: undefined }, { case: undefined }],
    ];
    for (const [input, output] of cases) {
      const parsed = OneofKindsZod.parse({ kind: input });
      expect(parsed).toEqual({ kind: output });
      expect(() => create(OneofKindsSchema, parsed)).not.toThrow();
    }
  });

  it("reject an unknown case, a value of the wrong type, and extra keys", () => {
    expect(issuesOf(OneofKindsZod, { kind: { case: "int32Value", value: "1" } })).toEqual([
      "kind.value: Invalid input: expected number, received string",
    ]);
    expect(issuesOf(OneofKindsZod, { kind: { case: "strinValue", value: "x" } })[0]).toMatch(/^kind\.case: Invalid discriminator value/);
    issuesOf(OneofKindsZod, { kind: { case: "stringValue" } });
    issuesOf(OneofKindsZod, { kind: { case: "stringValue", value: "x", extra: 1 } });
    issuesOf(OneofKindsZod, { kind: "x" });
    issuesOf(OneofKindsZod, { stringValue: "x" });
  });

  it("keep two oneofs of one message apart, and nest", () => {
    expect(TwoOneofsZod.parse({ first: { case: "firstText", value: "a" }, second: { case: "secondUint64", value: 5 }, maybe: 0 })).toEqual({
      first: { case: "firstText", value: "a" },
      second: { case: "secondUint64", value: 5n },
      maybe: 0,
    });
    issuesOf(TwoOneofsZod, { first: { case: "secondColor", value: 1 } });
    expect(issuesOf(NestedOneofZod, { outer: { case: "kinds", value: { kind: { case: "enumValue", value: 9 } } } })[0]).toMatch(
      /^outer\.value\.kind\.value: expected a value of enum fixtures\.oneofs\.Color/,
    );
  });
});

describe("hostile names", () => {
  it("use protoc-gen-es's property names, and own keys only", () => {
    expect(ReservedFieldsZod.parse({ constructor$: "a", delete: "b", case: "c", typeName: "d" })).toEqual({
      constructor$: "a",
      delete: "b",
      case: "c",
      typeName: "d",
    });
    issuesOf(ReservedFieldsZod, { constructor: "a" });
    issuesOf(ReservedFieldsZod, JSON.parse('{"__proto__": {"delete": 1}}'));
  });
});

describe("well-known types accept what the init shape accepts", () => {
  it("Timestamp: { seconds, nanos }, a Date or an RFC 3339 string, within 0001..9999", () => {
    expect(WellKnownZod.parse({ timestamp: { seconds: "1700000000", nanos: 5 } })).toEqual({
      timestamp: { seconds: 1700000000n, nanos: 5 },
    });
    expect(WellKnownZod.parse({ timestamp: new Date(Date.UTC(2026, 10, 25, 10, 0, 0, 250)) })).toEqual({
      timestamp: { seconds: 1795600800n, nanos: 250_000_000 },
    });
    expect(WellKnownZod.parse({ timestamp: new Date(-1) })).toEqual({ timestamp: { seconds: -1n, nanos: 999_000_000 } });
    expect(WellKnownZod.parse({ timestamp: "2026-11-25T10:00:00.000000001Z" })).toEqual({ timestamp: { seconds: 1795600800n, nanos: 1 } });
    expectSameAsFromJson(WellKnownSchema, WellKnownZod, { timestamp: "1970-01-01T00:00:01.5+01:00" });
    expect(issuesOf(WellKnownZod, { timestamp: "yesterday" })).toEqual([
      'timestamp: expected a google.protobuf.Timestamp (RFC 3339: "1972-01-01T10:00:20.021Z"), received "yesterday"',
    ]);
    expect(issuesOf(WellKnownZod, { timestamp: { nanos: 1_000_000_000 } })[0]).toMatch(/^timestamp\.nanos: /);
    issuesOf(WellKnownZod, { timestamp: { nanos: -1 } });
    issuesOf(WellKnownZod, { timestamp: { seconds: 253_402_300_800 } });
    issuesOf(WellKnownZod, { timestamp: new Date(NaN) });
    issuesOf(WellKnownZod, { timestamp: { secs: 1 } });
  });

  it("Duration: { seconds, nanos } of one sign, or its JSON string", () => {
    expect(WellKnownZod.parse({ duration: "-1.5s" })).toEqual({ duration: { seconds: -1n, nanos: -500_000_000 } });
    expect(WellKnownZod.parse({ duration: { seconds: 3 } })).toEqual({ duration: { seconds: 3n } });
    issuesOf(WellKnownZod, { duration: { seconds: 1, nanos: -1 } });
    issuesOf(WellKnownZod, { duration: { seconds: 315_576_000_001 } });
    issuesOf(WellKnownZod, { duration: "1.5" });
  });

  it("wrappers: unboxed in singular fields, boxed in lists, maps and oneofs", () => {
    expectSameAsFromJson(WellKnownSchema, WellKnownZod, {
      int64Value: "5",
      bytesValue: "AQ==",
      stringValue: "",
      boolValue: false,
      uint32Value: 1,
    });
    expect(WellKnownZod.parse({ int64Value: undefined })).toEqual({ int64Value: undefined });
    issuesOf(WellKnownZod, { int32Value: { value: 1 } });
    expect(RepeatedWellKnownZod.parse({ int64Value: [{ value: "1" }, {}] })).toEqual({ int64Value: [{ value: 1n }, {}] });
    issuesOf(RepeatedWellKnownZod, { int64Value: ["1"] });
    expect(MapWellKnownZod.parse({ uint32Value: { a: { value: 4 } } })).toEqual({ uint32Value: { a: { value: 4 } } });
    expect(OneofWellKnownZod.parse({ choice: { case: "label", value: { value: "x" } } })).toEqual({
      choice: { case: "label", value: { value: "x" } },
    });
  });

  it("Struct fields: plain JSON objects; Value and ListValue: their message form", () => {
    const struct = { a: [1, "x", null, { b: true }] };
    expect(WellKnownZod.parse({ struct })).toEqual({ struct });
    issuesOf(WellKnownZod, { struct: { a: undefined } });
    issuesOf(WellKnownZod, { struct: { a: NaN } });
    issuesOf(WellKnownZod, { struct: [1] });
    const value = {
      kind: {
        case: "structValue",
        value: { fields: { k: { kind: { case: "listValue", value: { values: [{ kind: { case: "numberValue", value: 1 } }] } } } } },
      },
    };
    expect(WellKnownZod.parse({ value })).toEqual({ value });
    expect(
      issuesOf(WellKnownZod, {
        value: { kind: { case: "structValue", value: { fields: { k: { kind: { case: "numberValue", value: "1" } } } } } },
      })[0],
    ).toMatch(/^value\.kind\.value\.fields\.k\.kind\.value: /);
    expect(WellKnownZod.parse({ nullValue: null, listValue: { values: [] } })).toEqual({ nullValue: 0, listValue: { values: [] } });
    expect(WellKnownZod.parse({ nullValue: "NULL_VALUE" })).toEqual({ nullValue: 0 });
    issuesOf(WellKnownZod, { nullValue: 1 });
  });

  it("Any, FieldMask and Empty", () => {
    expect(
      WellKnownZod.parse({ any: { typeUrl: "type.googleapis.com/x", value: "AQ==" }, fieldMask: { paths: ["a.b"] }, empty: {} }),
    ).toEqual({
      any: { typeUrl: "type.googleapis.com/x", value: new Uint8Array([1]) },
      fieldMask: { paths: ["a.b"] },
      empty: {},
    });
    issuesOf(WellKnownZod, { empty: { x: 1 } });
    issuesOf(WellKnownZod, { fieldMask: { paths: "a" } });
  });
});

// Every case of the proto3 JSON mapping (shared/reference/protojson.md), on the codec generated
// for test/fixtures/proto/json.proto. Expected values come from the spec text; where a case is
// about a valid input, @bufbuild/protobuf's fromJson/toJson is checked to agree.
import { create, equals, fromJson, toJson, type JsonValue } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { CasesJson, NodeJson } from "../../fixtures/golden/json_json.js";
import { CasesSchema, Kind, NodeSchema, type Cases } from "../../fixtures/golden/json_pb.js";
import { JsonDecodeError } from "protoc-gen-livekit-runtime/json";

type Init = Parameters<typeof create<typeof CasesSchema>>[1];

/** Decodes a JSON value (or text, through parse) and checks the result against `init`. */
function expectDecodes(json: JsonValue | { text: string }, init: Init, options?: { ignoreUnknownFields?: boolean }): Cases {
  const message =
    "text" in (json as object) && typeof (json as { text: unknown }).text === "string"
      ? CasesJson.parse((json as { text: string }).text, options)
      : CasesJson.decode(json, options);
  const expected = create(CasesSchema, init);
  expect(message).toEqual(expected);
  expect(equals(CasesSchema, message, expected)).toBe(true);
  return message;
}

/** Expects a JsonDecodeError at `path` (and nothing else). */
function expectError(run: () => unknown, path: string, expected?: RegExp): JsonDecodeError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(JsonDecodeError);
  const error = caught as JsonDecodeError;
  expect(error.path).toBe(path);
  if (expected) expect(error.expected).toMatch(expected);
  expect(error.message).toContain("fixtures.json.Cases");
  return error;
}

const decodeError = (json: unknown, path: string, expected?: RegExp, options?: { ignoreUnknownFields?: boolean }) =>
  expectError(() => CasesJson.decode(json, options), path, expected);
const parseError = (text: string, path: string, expected?: RegExp) => expectError(() => CasesJson.parse(text), path, expected);

describe("names", () => {
  it("reads the json_name and the proto name", () => {
    expectDecodes({ fieldName2: 2 }, { fieldName2: 2 });
    expectDecodes({ field_name2: 2 }, { fieldName2: 2 });
  });

  it("takes json_name from the descriptor, never recomputed", () => {
    const json = { fieldname1: 1, fieldName2: 2, FieldName3: 3, fieldName4: 4, field0name5: 5, field0Name6: 6 };
    const message = expectDecodes(json, { fieldname1: 1, fieldName2: 2, FieldName3: 3, fieldName4: 4, field0name5: 5, field0Name6: 6 });
    expect(CasesJson.encode(message)).toEqual(json);
    expect(CasesJson.encode(message, { useProtoFieldName: true })).toEqual({
      fieldname1: 1,
      field_name2: 2,
      _field_name3: 3,
      field__name4_: 4,
      field0name5: 5,
      field_0_name6: 6,
    });
    expect(toJson(CasesSchema, message)).toEqual(json);
  });

  it("mixes both casings in one object", () => {
    expectDecodes(
      { int32Field: 1, uint32_field: 2, kind_by_id: { "7": "KIND_A" }, byName: { a: 1 } },
      {
        int32Field: 1,
        uint32Field: 2,
        kindById: { "7": Kind.A },
        byName: { a: 1 },
      },
    );
  });

  it("treats escaped keys as ordinary keys", () => {
    expectDecodes({ text: '{"fieldn\\u0061me1":1}' }, { fieldname1: 1 });
  });

  it("rejects one field given under both names, in either order, even when one is null", () => {
    decodeError({ fieldName2: 1, field_name2: 2 }, "field_name2", /once/);
    decodeError({ field_name2: 1, fieldName2: 2 }, "fieldName2", /once/);
    decodeError({ fieldName2: null, field_name2: 2 }, "field_name2", /once/);
    parseError('{"node":{"value":1},"node":{}}', "node", /once/);
  });

  it("rejects the same key twice in JSON text (which JSON.parse would collapse), with its path", () => {
    parseError('{"int32Field":1,"int32Field":2}', "int32Field", /each key once/);
    parseError('{"nodes":[{},{"value":1,"value":2}]}', "nodes[1].value", /each key once/);
    parseError('{"byName":{"a":1,"a":2}}', "byName.a", /each key once/);
    parseError('{"struct":{"x":{"y":1,"y":1}}}', "struct.x.y", /each key once/);
    parseError('{"int32Field" : 1, "int32Field" : 2}', "int32Field", /each key once/);
    parseError('{"stringField":"a\\":b","stringField":"c"}', "stringField", /each key once/);
    parseError('{"byName":{"a\\\\":1,"a\\\\":2}}', 'byName["a\\\\"]', /each key once/);
    // Keys written with escapes are the same key.
    parseError('{"int32Field":1,"int32\\u0046ield":2}', "int32Field", /each key once/);
  });

  it("does not mistake colons and quotes inside strings for keys", () => {
    expectDecodes({ text: '{"stringField":"\\":x\\":","hostile":"\\":"}' }, { stringField: '":x":', hostile: '":' });
    expectDecodes({ text: '{"byName":{"\\":":1,":\\"":2}}' }, { byName: { '":': 1, ':"': 2 } });
    expectDecodes({ text: '{ "int32Field" : 1 , "node" : { "value" : 2 } }' }, { int32Field: 1, node: { value: 2 } });
  });

  it("rejects unknown keys unless ignoreUnknownFields, and a top-level null", () => {
    decodeError({ nope: 1 }, "nope", /field/);
    expectDecodes({ nope: { deep: [1, { a: 2 }] }, int32Field: 3 }, { int32Field: 3 }, { ignoreUnknownFields: true });
    expectDecodes({ text: '{"nope":{"a":1,"b":[{"c":2}]},"int32Field":3}' }, { int32Field: 3 }, { ignoreUnknownFields: true });
    decodeError(null, "", /object/);
    parseError("null", "", /object/);
    decodeError([], "", /object/);
    decodeError("{}", "", /object/);
  });

  it("writes json_name keys, or proto names with useProtoFieldName", () => {
    const message = create(CasesSchema, { int64Field: 5n, choice: { case: "choiceText", value: "x" } });
    expect(CasesJson.encode(message)).toEqual({ int64Field: "5", choiceText: "x" });
    expect(CasesJson.encode(message, { useProtoFieldName: true })).toEqual({ int64_field: "5", choice_text: "x" });
    expect(CasesJson.stringify(message, { useProtoFieldName: true })).toBe('{"int64_field":"5","choice_text":"x"}');
  });
});

describe("presence and null", () => {
  it("reads null as unset for singular, repeated and map fields", () => {
    expectDecodes(
      { int32Field: null, stringField: null, node: null, ints: null, byName: null, kind: null, maybe: null, bytesField: null },
      {},
    );
  });

  it("rejects null inside a list and as a map value", () => {
    decodeError({ ints: [1, null, 2] }, "ints[1]", /int32/);
    decodeError({ nodes: [{}, null] }, "nodes[1]", /object/);
    decodeError({ byName: { a: null } }, "byName.a", /int32/);
  });

  it("rejects two members of a oneof; a member given as null does not count", () => {
    decodeError({ choiceText: "a", choiceNode: {} }, "choiceNode", /one member of oneof choice/);
    expectDecodes({ choiceText: null, choiceNode: { value: 1 } }, { choice: { case: "choiceNode", value: { value: 1 } } });
    expectDecodes({ choiceNode: null, choiceText: "t" }, { choice: { case: "choiceText", value: "t" } });
  });

  it("reads null for a google.protobuf.Value member as a value (so it does count)", () => {
    expectDecodes({ choiceValue: null }, { choice: { case: "choiceValue", value: { kind: { case: "nullValue", value: 0 } } } });
    decodeError({ choiceValue: null, choiceText: "x" }, "choiceText", /one member/);
  });

  it("omits implicit defaults unless alwaysEmitImplicit, but writes set oneof members and optionals", () => {
    expect(CasesJson.encode(create(CasesSchema))).toEqual({});
    expect(CasesJson.stringify(create(CasesSchema))).toBe("{}");
    const zeroes = create(CasesSchema, { maybe: 0, choice: { case: "choiceText", value: "" } });
    expect(CasesJson.encode(zeroes)).toEqual({ maybe: 0, choiceText: "" });
    const all = CasesJson.encode(create(CasesSchema), { alwaysEmitImplicit: true }) as Record<string, JsonValue>;
    expect(all).toEqual(toJson(CasesSchema, create(CasesSchema), { alwaysEmitImplicit: true }));
    expect(all.int32Field).toBe(0);
    expect(all.ints).toEqual([]);
    expect(all.byName).toEqual({});
    expect(all.kind).toBe("KIND_UNSPECIFIED");
    expect(all).not.toHaveProperty("node");
    expect(all).not.toHaveProperty("maybe");
    // Only a NullValue field is written as null.
    expect(Object.entries(all).filter(([, v]) => v === null)).toEqual([["nullValue", null]]);
  });
});

describe("numbers", () => {
  it("reads 32-bit integers from numbers and decimal strings, exponents and .000 included", () => {
    for (const json of [100000, "100000", 1e5, "1e5", 100000.0, "100000.000", "1E5"]) {
      expectDecodes({ int32Field: json }, { int32Field: 100000 });
    }
    expectDecodes(
      { text: '{"int32Field":100000.000,"uint32Field":4294967295,"sint32Field":-2147483648}' },
      {
        int32Field: 100000,
        uint32Field: 4294967295,
        sint32Field: -2147483648,
      },
    );
    expectDecodes({ fixed32Field: "4294967295" }, { fixed32Field: 4294967295 });
  });

  it("rejects out-of-range, fractional and malformed 32-bit integers", () => {
    decodeError({ int32Field: 2147483648 }, "int32Field", /int32/);
    decodeError({ int32Field: -2147483649 }, "int32Field", /int32/);
    decodeError({ uint32Field: -1 }, "uint32Field", /uint32/);
    decodeError({ uint32Field: 4294967296 }, "uint32Field", /uint32/);
    for (const bad of [0.5, "0.5", "12abc", " 1", "1 ", "", true, "0x10", "Infinity", "NaN", [], {}]) {
      decodeError({ int32Field: bad }, "int32Field", /int32/);
    }
  });

  it("reads 64-bit integers from strings and numbers and writes them as strings", () => {
    const m = expectDecodes(
      { int64Field: "-9223372036854775808", uint64Field: "18446744073709551615", sfixed64Field: 1234 },
      {
        int64Field: -9223372036854775808n,
        uint64Field: 18446744073709551615n,
        sfixed64Field: 1234n,
      },
    );
    expect(CasesJson.encode(m)).toEqual({ int64Field: "-9223372036854775808", uint64Field: "18446744073709551615", sfixed64Field: "1234" });
    expectDecodes({ int64Field: "9223372036854775807" }, { int64Field: 9223372036854775807n });
    expectDecodes({ int64Field: "-1" }, { int64Field: -1n });
  });

  it("reads 64-bit integers into strings for jstype = JS_STRING fields", () => {
    const m = expectDecodes(
      { int64AsString: 12, uint64sAsStrings: ["18446744073709551615", 7] },
      {
        int64AsString: "12",
        uint64sAsStrings: ["18446744073709551615", "7"],
      },
    );
    expect(CasesJson.encode(m)).toEqual(toJson(CasesSchema, m));
    decodeError({ int64AsString: "9223372036854775808" }, "int64AsString", /int64/);
  });

  it("range-checks 64-bit integers exactly and rejects fractions and huge exponents", () => {
    decodeError({ int64Field: "9223372036854775808" }, "int64Field", /int64/);
    decodeError({ int64Field: "-9223372036854775809" }, "int64Field", /int64/);
    decodeError({ uint64Field: "18446744073709551616" }, "uint64Field", /uint64/);
    decodeError({ uint64Field: "-1" }, "uint64Field", /uint64/);
    for (const bad of ["0.5", 0.5, "1e536870000", "1" + "0".repeat(100000), "", " 1", "abc", true, 1e300]) {
      decodeError({ int64Field: bad }, "int64Field", /int64/);
    }
  });

  it("reads floats and doubles from numbers, numeric strings and NaN/Infinity/-Infinity", () => {
    expectDecodes({ doubleField: 1.5, floatField: "2.5" }, { doubleField: 1.5, floatField: 2.5 });
    expectDecodes({ doubleField: "1e3" }, { doubleField: 1000 });
    const special = CasesJson.decode({ doubleField: "NaN", floatField: "-Infinity" });
    expect(special.doubleField).toBeNaN();
    expect(special.floatField).toBe(-Infinity);
    expect(CasesJson.encode(special)).toEqual({ doubleField: "NaN", floatField: "-Infinity" });
    expect(CasesJson.stringify(create(CasesSchema, { doubleField: Infinity }))).toBe('{"doubleField":"Infinity"}');
  });

  it("rejects floats out of float range, and bad numeric input", () => {
    decodeError({ floatField: 3.5e38 }, "floatField", /float range/);
    decodeError({ floatField: "-3.5e38" }, "floatField", /float range/);
    expectDecodes({ floatField: 3.4028234663852886e38 }, { floatField: 3.4028234663852886e38 });
    decodeError({ doubleField: "" }, "doubleField", /number/);
    decodeError({ doubleField: "1x" }, "doubleField", /number/);
    decodeError({ doubleField: "nan" }, "doubleField", /number/);
    decodeError({ doubleField: true }, "doubleField", /number/);
    parseError('{"doubleField":-1.89769e+308}', "doubleField", /number/);
  });

  it("keeps -0 (it is not the default 0) through stringify and parse", () => {
    const m = create(CasesSchema, { doubleField: -0 });
    expect(CasesJson.stringify(m)).toBe('{"doubleField":-0}');
    expect(Object.is(CasesJson.parse(CasesJson.stringify(m)).doubleField, -0)).toBe(true);
  });

  it("reads bool only from true and false", () => {
    expectDecodes({ boolField: true }, { boolField: true });
    for (const bad of ["true", 1, 0, "false"]) decodeError({ boolField: bad }, "boolField", /true or false/);
  });
});

describe("strings and bytes", () => {
  it("reads any valid string and rejects a lone surrogate", () => {
    expectDecodes({ stringField: '\u{1F600} é \u2028 "\\' }, { stringField: '\u{1F600} é \u2028 "\\' });
    parseError('{"stringField":"\\uD800"}', "stringField", /lone surrogates/);
    parseError('{"stringField":"a\\uDC00b"}', "stringField", /lone surrogates/);
    decodeError({ stringField: 5 }, "stringField", /string/);
  });

  it("reads standard and URL-safe base64, padded or not", () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x01]);
    for (const text of ["+/+/AQ==", "-_-_AQ==", "+/+/AQ", "-_-_AQ"]) {
      expectDecodes({ bytesField: text }, { bytesField: bytes });
    }
    expectDecodes({ bytesField: "" }, { bytesField: new Uint8Array(0) });
    expectDecodes({ bytesField: "aGkh" }, { bytesField: new TextEncoder().encode("hi!") });
  });

  it("rejects invalid base64", () => {
    for (const bad of ["a", "ab=c", "ab*d", "====", "abc==", "ab c", "é===", 12]) {
      decodeError({ bytesField: bad }, "bytesField", /base64/);
    }
  });

  it("writes standard base64 with padding", () => {
    const m = create(CasesSchema, { bytesField: new Uint8Array([0x68, 0x69, 0x21, 0xfb, 0xef, 0xff, 0xff, 0xff, 0, 0]) });
    expect(CasesJson.encode(m)).toEqual({ bytesField: "aGkh++////8AAA==" });
    expect(CasesJson.encode(m)).toEqual(toJson(CasesSchema, m));
  });
});

describe("enums", () => {
  it("reads a value name or a number; keeps an unknown number and writes it back as a number", () => {
    expectDecodes({ kind: "KIND_A", kinds: [2, "KIND_A"] }, { kind: Kind.A, kinds: [Kind.B, Kind.A] });
    const unknown = expectDecodes({ kind: 42, kinds: [43] }, { kind: 42, kinds: [43] });
    expect(CasesJson.encode(unknown)).toEqual({ kind: 42, kinds: [43] });
    expect(CasesJson.stringify(unknown)).toBe('{"kind":42,"kinds":[43]}');
  });

  it("rejects an unknown name; with ignoreUnknownFields leaves the field unset and drops list/map entries", () => {
    decodeError({ kind: "KIND_C" }, "kind", /enum fixtures.json.Kind/);
    decodeError({ kinds: ["KIND_A", "KIND_C"] }, "kinds[1]", /enum/);
    decodeError({ kind: 1.5 }, "kind", /enum/);
    decodeError({ kind: "1" }, "kind", /enum/);
    const ignore = { ignoreUnknownFields: true };
    expectDecodes(
      { kind: "KIND_C", kinds: ["KIND_A", "KIND_C", "KIND_B"], kindById: { "1": "KIND_C", "2": "KIND_B" } },
      {
        kinds: [Kind.A, Kind.B],
        kindById: { "2": Kind.B },
      },
      ignore,
    );
    expectDecodes({ choiceKind: "KIND_C" }, {}, ignore);
  });

  it("writes names, or numbers with enumAsInteger", () => {
    const m = create(CasesSchema, { kind: Kind.B, kinds: [Kind.A], kindById: { "5": Kind.A } });
    expect(CasesJson.encode(m)).toEqual({ kind: "KIND_B", kinds: ["KIND_A"], kindById: { "5": "KIND_A" } });
    expect(CasesJson.encode(m, { enumAsInteger: true })).toEqual({ kind: 2, kinds: [1], kindById: { "5": 1 } });
    expect(CasesJson.stringify(m, { enumAsInteger: true })).toBe('{"kind":2,"kinds":[1],"kindById":{"5":1}}');
  });
});

describe("maps", () => {
  it("reads string, int and bool keys; never re-cases keys", () => {
    expectDecodes(
      { byName: { snake_case_key: 1, camelKey: 2 }, byInt: { "1": "a", "-5": "b" }, byBool: { true: "t", false: "f" } },
      {
        byName: { snake_case_key: 1, camelKey: 2 },
        byInt: { 1: "a", [-5]: "b" },
        byBool: { true: "t", false: "f" },
      },
    );
    const m = create(CasesSchema, { byName: { snake_case_key: 1 } });
    expect(CasesJson.encode(m, { useProtoFieldName: true })).toEqual({ by_name: { snake_case_key: 1 } });
  });

  it("type-checks keys and values", () => {
    decodeError({ byInt: { x: "a" } }, "byInt.x", /int32/);
    decodeError({ byInt: { "1.5": "a" } }, 'byInt["1.5"]', /int32/);
    decodeError({ byBool: { yes: "a" } }, "byBool.yes", /true or false/);
    decodeError({ kindById: { "9223372036854775808": "KIND_A" } }, 'kindById["9223372036854775808"]', /int64/);
    decodeError({ byName: { a: "1x" } }, "byName.a", /int32/);
    decodeError({ nodeById: { "1": { value: "x" } } }, 'nodeById["1"].value', /int32/);
    decodeError({ byName: [] }, "byName", /object/);
  });

  it("rejects two keys that are one key once read (-0 and 0), and integer keys that are not plain decimals", () => {
    decodeError({ byInt: { "0": "a", "-0": "b" } }, 'byInt["-0"]', /each map key once/);
    for (const key of ["01", "+1", "1e2", " 1", "0x1"])
      decodeError({ byInt: { [key]: "a" } }, `byInt[${JSON.stringify(key)}]`, /decimal digits/);
    decodeError({ kindById: { "007": "KIND_A" } }, 'kindById["007"]', /decimal digits/);
  });
});

// Where @bufbuild/protobuf and we disagree, we follow the proto3 JSON spec and Go's protojson
// (encoding/protojson/decode.go), which LiveKit's server runs; README "Agreement" lists these.
describe("agreement decisions (spec and Go's protojson over @bufbuild/protobuf)", () => {
  const es = (json: JsonValue) => {
    try {
      return fromJson(CasesSchema, json);
    } catch {
      return "error";
    }
  };

  it("numbers in strings follow JSON's number grammar: no +, leading zeros, 0x, bare points or whitespace", () => {
    for (const bad of ["+1", "01", "0x10", "1.", ".5", " 1", "1 "]) {
      decodeError({ int32Field: bad }, "int32Field", /int32/);
      decodeError({ int64Field: bad }, "int64Field", /int64/);
      decodeError({ doubleField: bad }, "doubleField", /number/);
    }
    expect(es({ int32Field: "+1" })).not.toBe("error"); // @bufbuild/protobuf: Number("+1")
    expect(es({ int64Field: "0x10" })).not.toBe("error"); // @bufbuild/protobuf: BigInt("0x10")
  });

  it("64-bit integers with leading zeros are rejected, however short or long", () => {
    for (const bad of ["007", "-01", "0".repeat(30) + "1"]) decodeError({ int64Field: bad }, "int64Field", /int64/);
    expect(es({ int64Field: "0".repeat(30) + "1" })).not.toBe("error");
  });

  it("64-bit integers in strings take exponents and zero fractions, as the spec says and Go does", () => {
    expectDecodes(
      { int64Field: "1e2", uint64Field: "100.000", sfixed64Field: "-1.5e1" },
      { int64Field: 100n, uint64Field: 100n, sfixed64Field: -15n },
    );
    expectDecodes({ int64Field: "92233720368547758.07e2" }, { int64Field: 9223372036854775807n });
    decodeError({ int64Field: "1.5" }, "int64Field", /int64/);
    expect(es({ int64Field: "1e2" })).toBe("error"); // @bufbuild/protobuf: BigInt("1e2") throws
  });

  it("base64: padding only where the length needs it, one alphabet per value", () => {
    for (const bad of ["AQ=", "AQ===", "A", "+-AA", "ab/_"]) decodeError({ bytesField: bad }, "bytesField", /base64/);
    for (const good of ["AQ", "AQ==", "-_8", "+/8="]) expect(CasesJson.decode({ bytesField: good }).bytesField.length).toBeGreaterThan(0);
    expect(es({ bytesField: "AQ=" })).not.toBe("error");
  });

  it("a bigint is not JSON: decode takes JSON values only", () => {
    decodeError({ int64Field: 5n }, "int64Field", /int64/);
  });

  it("__proto__ is an ordinary map key (kept; the reference's toJson loses it)", () => {
    const message = CasesJson.parse('{"byName":{"__proto__":1}}');
    expect(Object.getOwnPropertyDescriptor(message.byName, "__proto__")?.value).toBe(1);
    expect(JSON.parse(CasesJson.stringify(message))).toEqual(JSON.parse('{"byName":{"__proto__":1}}'));
  });
});

describe("well-known types", () => {
  it("reads and writes Timestamp as RFC 3339 (offsets on input, Z with 0/3/6/9 digits on output)", () => {
    const m = expectDecodes({ timestamp: "1972-01-01T10:00:20.021Z" }, { timestamp: { seconds: 63108020n, nanos: 21_000_000 } });
    expect(CasesJson.encode(m)).toEqual({ timestamp: "1972-01-01T10:00:20.021Z" });
    expectDecodes({ timestamp: "1972-01-01T11:00:20.021+01:00" }, { timestamp: { seconds: 63108020n, nanos: 21_000_000 } });
    const whole = create(CasesSchema, { timestamp: { seconds: 0n, nanos: 0 } });
    expect(CasesJson.stringify(whole)).toBe('{"timestamp":"1970-01-01T00:00:00Z"}');
    const micros = create(CasesSchema, { timestamp: { seconds: 0n, nanos: 1000 } });
    expect(CasesJson.stringify(micros)).toBe('{"timestamp":"1970-01-01T00:00:00.000001Z"}');
    decodeError({ timestamp: "yesterday" }, "timestamp", /Timestamp/);
  });

  it("reads and writes Duration as seconds with an s", () => {
    const m = expectDecodes({ duration: "1.5s" }, { duration: { seconds: 1n, nanos: 500_000_000 } });
    expect(CasesJson.encode(m)).toEqual({ duration: "1.500s" });
    decodeError({ duration: "1.5" }, "duration", /Duration/);
  });

  it("reads wrappers as bare values", () => {
    const m = expectDecodes({ wrappedInt32: 5, wrappedString: "" }, { wrappedInt32: 5, wrappedString: "" });
    expect(CasesJson.encode(m)).toEqual({ wrappedInt32: 5, wrappedString: "" });
    expectDecodes({ wrappedInt32: null }, {});
    decodeError({ wrappedInt32: "x" }, "wrappedInt32", /int32/);
  });

  it("reads Struct and Value as any JSON", () => {
    const json = { struct: { a: [1, "b", null, { c: true }] }, value: [1, { x: null }], values: [null, "s", 2] };
    const m = CasesJson.decode(json);
    expect(equals(CasesSchema, m, fromJson(CasesSchema, json))).toBe(true);
    expect(CasesJson.encode(m)).toEqual(json);
    expect(JSON.parse(CasesJson.stringify(m))).toEqual(json);
    decodeError({ struct: [1] }, "struct", /object/);
  });

  it("reads NullValue from null and writes it as null", () => {
    const m = CasesJson.decode({ nullValue: null });
    expect(m.nullValue).toBe(0);
    expect(CasesJson.encode(m, { alwaysEmitImplicit: true })).toMatchObject({ nullValue: null });
  });
});

describe("errors", () => {
  it("carry the JSON path, what was expected and what was found", () => {
    const error = decodeError({ nodes: [{}, {}, { child: { child: { value: "x" } } }] }, "nodes[2].child.child.value");
    expect(error.expected).toBe("an int32");
    expect(error.found).toBe('"x"');
    expect(error.code).toBe("invalid_json");
    expect(error.message).toBe('cannot decode fixtures.json.Cases from JSON at nodes[2].child.child.value: expected an int32, found "x"');
    expect(decodeError({ nodes: {} }, "nodes").found).toBe("an object");
    expect(decodeError({ byName: { "a b": "x" } }, 'byName["a b"]').found).toBe('"x"');
  });

  it("name the codec's own type", () => {
    expect(() => NodeJson.decode({ value: "x" })).toThrow(/fixtures.json.Node from JSON at value/);
  });

  it("reject text that is not JSON and non-string input to parse", () => {
    const error = parseError("{", "", /JSON text/);
    expect(error.found).not.toBe("");
    parseError(undefined as unknown as string, "", /JSON text/);
  });
});

describe("hostile input", () => {
  const hostileKeys = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];

  it("rejects (or ignores) prototype member names as keys, never assigning them", () => {
    for (const key of hostileKeys) {
      const text = `{"${key}":{"polluted":true}}`;
      parseError(text, key, /field/);
      const message = CasesJson.parse(text, { ignoreUnknownFields: true });
      expect(Object.hasOwn(message, key)).toBe(false);
      expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("stores them as ordinary entries when they are map keys, and round-trips them", () => {
    const text = `{"byName":{${hostileKeys.map((k, i) => `"${k}":${i}`).join(",")}}}`;
    const message = CasesJson.parse(text);
    expect(Object.keys(message.byName)).toEqual(hostileKeys);
    expect(Object.getPrototypeOf(message.byName)).toBe(Object.prototype);
    // biome-ignore lint/suspicious/noProto: the own property named __proto__ is what is tested
    expect(message.byName.__proto__).toBe(0);
    expect(CasesJson.stringify(message)).toBe(text);
    expect(CasesJson.encode(message)).toEqual(JSON.parse(text));
    expect(equals(CasesSchema, CasesJson.parse(CasesJson.stringify(message)), message)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects nesting deeper than 100 messages with an error, not a stack overflow", () => {
    const nested = (depth: number) => `${'{"child":'.repeat(depth)}{}${"}".repeat(depth)}`;
    expect(NodeJson.parse(nested(99))).toBeDefined();
    const error = expectError(() => CasesJson.parse(`{"node":${nested(150)}}`), `node${".child".repeat(99)}`, /at most 100/);
    expect(error.found).toBe("deeper nesting");
    expect(() => NodeJson.parse(nested(100_000))).toThrow(JsonDecodeError);
  });

  it("rejects deep JSON inside Struct and Value, and survives it in ignored fields", () => {
    const deep = `${"[".repeat(50_000)}${"]".repeat(50_000)}`;
    parseError(`{"value":${deep}}`, "value", /nested/);
    parseError(`{"struct":{"a":${deep}}}`, "struct", /nested/);
    expectDecodes({ text: `{"ignored":${deep}}` }, {}, { ignoreUnknownFields: true });
  });

  it("emits a hostile json_name only as an escaped string (the generated module loaded fine)", () => {
    const name = 'a"];process.exit()//';
    const m = expectDecodes({ [name]: "x" }, { hostile: "x" });
    expect(CasesJson.stringify(m)).toBe(JSON.stringify({ [name]: "x" }));
    expect(CasesJson.encode(m)).toEqual({ [name]: "x" });
  });
});

describe("the LiveKit server's form", () => {
  it("reads snake_case with every field present and unset messages as null", () => {
    const json = {
      ...(toJson(CasesSchema, create(CasesSchema), { useProtoFieldName: true, alwaysEmitImplicit: true }) as object),
      node: null,
      timestamp: null,
      struct: null,
      wrapped_int32: null,
    };
    expectDecodes(json as JsonValue, {});
    expect(equals(NodeSchema, NodeJson.decode({ value: 0, child: null }), create(NodeSchema))).toBe(true);
  });
});

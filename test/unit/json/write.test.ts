// The writers (`<Message>JsonWriter`, and `<Message>Json.encode`/`stringify`) take init shapes
// and check every value against its field's type: a mismatch is a JsonEncodeError with the path
// in the init object, and nothing is written. Valid output is compared with @bufbuild/protobuf's
// toJson of the same message (`create(Schema, init)`), the reference.
import { create, toJson } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { CreateRoomRequestSchema, UpdateParticipantRequestSchema } from "livekit-room-api/livekit_room_pb";
import { CreateRoomRequestJsonWriter, UpdateParticipantRequestJsonWriter } from "livekit-room-api/livekit_room_json";
import { JsonEncodeError as PackageEncodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJson, CasesJsonWriter, NodeJsonWriter } from "../../fixtures/golden/json_json.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";
import { ReservedFieldsJsonWriter } from "../../fixtures/golden/names_json.js";
import { ReservedFieldsSchema } from "../../fixtures/golden/names_pb.js";
import { secondCopy } from "../../support/second-copy.js";

const { JsonEncodeError } = await secondCopy<typeof import("protoc-gen-livekit-runtime/json")>("json/write.ts");
type JsonEncodeError = InstanceType<typeof JsonEncodeError>;

type Init = Parameters<typeof create<typeof CasesSchema>>[1];

/** Writes `init` (untyped on purpose: these are the values a caller forwards from user JSON). */
const write = (init: unknown, options?: object) => CasesJsonWriter.stringify(init as Init, options);

/** Expects a JsonEncodeError at `path` and nothing written. */
function rejects(run: () => unknown, path: string, expected?: RegExp): JsonEncodeError {
  let caught: unknown;
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    caught = error;
  }
  expect(result).toBeUndefined();
  expect(caught).toBeInstanceOf(JsonEncodeError);
  const error = caught as JsonEncodeError;
  expect(error.code).toBe("invalid_value");
  expect(error.path).toBe(path);
  if (expected) expect(error.expected).toMatch(expected);
  return error;
}

/** Writes `init` and compares with the reference (toJson of create(init)), in every option set. */
function writesLikeReference(init: Init): void {
  for (const options of [{}, { useProtoFieldName: true }, { alwaysEmitImplicit: true }, { enumAsInteger: true }]) {
    const reference = toJson(CasesSchema, create(CasesSchema, init), options);
    expect(JSON.parse(write(init, options))).toEqual(reference);
    expect(CasesJson.encode(init, options)).toEqual(reference);
  }
}

describe("the injection of issue 9", () => {
  it("rejects a string where CreateRoomRequest.emptyTimeout (uint32) goes: nothing is written", () => {
    const body = '{"name":"r","emptyTimeout":"1,\\"maxParticipants\\":100000,\\"egress\\":{\\"room\\":{\\"roomName\\":\\"x\\"}}"}';
    const error = rejects(() => CreateRoomRequestJsonWriter.stringify(JSON.parse(body)), "emptyTimeout", /uint32/);
    expect(error.found).toContain("1,");
    expect(error.message).toContain("livekit.CreateRoomRequest");
  });

  it("rejects injection through bool, enum and int64 fields too", () => {
    const injected = '1,"hidden":true';
    rejects(
      () => UpdateParticipantRequestJsonWriter.stringify({ room: "r", identity: "i", permission: { canPublish: injected } } as never),
      "permission.canPublish",
    );
    rejects(
      () =>
        UpdateParticipantRequestJsonWriter.stringify({ room: "r", identity: "i", permission: { canPublishSources: [injected] } } as never),
      "permission.canPublishSources[0]",
    );
    rejects(() => write({ int64Field: injected }), "int64Field", /int64/);
    rejects(() => write({ kind: injected }), "kind", /enum fixtures\.json\.Kind/);
  });

  it("names the path through nested messages, lists and maps", () => {
    rejects(
      () => CreateRoomRequestJsonWriter.stringify({ egress: { room: { roomName: 5 } } } as never),
      "egress.room.roomName",
      /a string/,
    );
    rejects(() => write({ nodes: [{}, { child: { value: "x" } }] }), "nodes[1].child.value");
    rejects(() => write({ nodeById: { 7: { value: 1.5 } } }), 'nodeById["7"].value');
  });

  it("writes what a valid request holds, as the reference does", () => {
    const init = { name: "r", emptyTimeout: 10, egress: { room: { roomName: "x" } }, tags: { a: "b" } };
    expect(JSON.parse(CreateRoomRequestJsonWriter.stringify(init))).toEqual(
      toJson(CreateRoomRequestSchema, create(CreateRoomRequestSchema, init)),
    );
    const update = { room: "r", identity: "i", permission: { canPublish: true, canPublishSources: [1, 2] } };
    expect(UpdateParticipantRequestJsonWriter.encode(update)).toEqual(
      toJson(UpdateParticipantRequestSchema, create(UpdateParticipantRequestSchema, update)),
    );
  });
});

describe("scalars", () => {
  it("int32 and uint32: integer numbers in range", () => {
    writesLikeReference({ int32Field: -(2 ** 31), uint32Field: 2 ** 32 - 1, sint32Field: 2 ** 31 - 1, fixed32Field: 0 });
    for (const bad of [2 ** 31, 1.5, "1", NaN, Infinity, true, 1n, {}]) rejects(() => write({ int32Field: bad }), "int32Field", /int32/);
    for (const bad of [-1, 2 ** 32, 0.5]) rejects(() => write({ uint32Field: bad }), "uint32Field", /uint32/);
  });

  it("64-bit: a bigint, a safe integer or a decimal string, in range; written as a canonical decimal string", () => {
    writesLikeReference({ int64Field: -(2n ** 63n), uint64Field: 2n ** 64n - 1n, sfixed64Field: 5n });
    expect(JSON.parse(write({ int64Field: 2 ** 53 - 1, uint64Field: "18446744073709551615", sfixed64Field: "-0012" }))).toEqual({
      int64Field: "9007199254740991",
      uint64Field: "18446744073709551615",
      sfixed64Field: "-12",
    });
    for (const bad of [2n ** 63n, "9223372036854775808", 2 ** 53, 1.5, "1e3", " 1", "+1", "0x10", "", "1n", true]) {
      rejects(() => write({ int64Field: bad }), "int64Field", /int64/);
    }
    for (const bad of [-1n, "-1", -1]) rejects(() => write({ uint64Field: bad }), "uint64Field", /uint64/);
    expect(JSON.parse(write({ int64AsString: "-5", uint64sAsStrings: ["1", 2n, 3] }))).toEqual({
      int64AsString: "-5",
      uint64sAsStrings: ["1", "2", "3"],
    });
  });

  it("float and double: numbers, NaN and ±Infinity; float within float range", () => {
    writesLikeReference({ floatField: 1.5, doubleField: -0 });
    writesLikeReference({ floatField: NaN, doubleField: Infinity });
    writesLikeReference({ floatField: -Infinity, doubleField: 1e300 });
    rejects(() => write({ floatField: 1e39 }), "floatField", /float range/);
    for (const bad of ["1", "NaN", 1n, null as never])
      if (bad !== null) rejects(() => write({ doubleField: bad }), "doubleField", /number/);
  });

  it("bool: true or false only", () => {
    writesLikeReference({ boolField: true });
    for (const bad of [1, "true", 0]) rejects(() => write({ boolField: bad }), "boolField", /true or false/);
  });

  it("string: any well-formed string; a lone surrogate is rejected as the reader rejects it", () => {
    writesLikeReference({ stringField: 'quote " backslash \\ newline \n \u2028 😀' });
    writesLikeReference({ stringField: "x".repeat(100) + "😀" });
    rejects(() => write({ stringField: "a\uD800b" }), "stringField", /lone surrogate/);
    rejects(() => write({ stringField: "x".repeat(100) + "\uDC00" }), "stringField", /lone surrogate/);
    for (const bad of [1, true, ["a"], { toString: () => "a" }]) rejects(() => write({ stringField: bad }), "stringField", /a string/);
  });

  it("bytes: a Uint8Array (a Buffer is one); never a base64 string", () => {
    writesLikeReference({ bytesField: new Uint8Array([0, 1, 254, 255]) });
    expect(JSON.parse(write({ bytesField: Buffer.from("hi!") }))).toEqual({ bytesField: "aGkh" });
    for (const bad of ["AQ==", [1, 2], new ArrayBuffer(2), new Uint16Array(2)])
      rejects(() => write({ bytesField: bad }), "bytesField", /Uint8Array/);
  });

  it("enums: any int32 number (known ones written by name, others as numbers); names are not numbers", () => {
    writesLikeReference({ kind: 2, kinds: [0, 1, 77], kindById: { "-3": 1 } });
    for (const bad of ["KIND_A", 1.5, 2 ** 31, null as never]) if (bad !== null) rejects(() => write({ kind: bad }), "kind", /enum/);
  });

  it("NullValue: 0, written as null", () => {
    expect(JSON.parse(write({ nullValue: 0 }, { alwaysEmitImplicit: true })).nullValue).toBeNull();
    rejects(() => write({ nullValue: 1 }), "nullValue");
  });
});

describe("lists, maps, messages and oneofs", () => {
  it("lists: arrays, every element checked", () => {
    writesLikeReference({ ints: [1, -2], nodes: [{ value: 1 }, {}] });
    rejects(() => write({ ints: "1,2" }), "ints", /an array/);
    rejects(() => write({ ints: { 0: 1, length: 1 } }), "ints", /an array/);
    rejects(() => write({ ints: [1, "2"] }), "ints[1]", /int32/);
    // eslint-disable-next-line no-sparse-arrays
    // biome-ignore lint/suspicious/noSparseArray: a hole is what is rejected
    rejects(() => write({ ints: [1, , 3] }), "ints[1]");
  });

  it("maps: plain objects with keys valid for the key type", () => {
    writesLikeReference({ byName: { a: 1 }, byInt: { [-5]: "x", 7: "y" }, byBool: { true: "t" }, kindById: { "-9223372036854775808": 1 } });
    rejects(() => write({ byName: [1] }), "byName", /plain object/);
    rejects(() => write({ byName: new Map([["a", 1]]) }), "byName", /plain object/);
    rejects(() => write({ byInt: { x: "a" } }), "byInt.x", /int32/);
    rejects(() => write({ byInt: { "01": "a" } }), 'byInt["01"]', /int32/);
    rejects(() => write({ byInt: { 2147483648: "a" } }), 'byInt["2147483648"]', /int32/);
    rejects(() => write({ byBool: { yes: "a" } }), "byBool.yes", /bool/);
    rejects(() => write({ kindById: { "9223372036854775808": 1 } }), 'kindById["9223372036854775808"]', /int64/);
    rejects(() => write({ byName: { a: "1" } }), "byName.a", /int32/);
    rejects(() => write({ byName: { "\uD800": 1 } }), 'byName["\\ud800"]', /lone surrogate/);
  });

  it("a map key __proto__ is an ordinary entry", () => {
    const byName = JSON.parse('{"__proto__": 1}') as Record<string, number>;
    const json = CasesJson.encode({ byName }) as { byName: object };
    expect(Object.getOwnPropertyDescriptor(json.byName, "__proto__")?.value).toBe(1);
  });

  it("messages: objects of their fields; a complete message from create() is one too", () => {
    writesLikeReference({ node: { value: 1, child: { value: 2 } } });
    writesLikeReference(create(CasesSchema, { node: { value: 3 }, stringField: "s" }));
    for (const bad of ["x", 1, [{}], true]) rejects(() => write({ node: bad }), "node", /an object/);
    rejects(() => CasesJsonWriter.stringify("{}" as never), "", /an object/);
    rejects(() => CasesJsonWriter.stringify(null as never), "", /an object/);
  });

  it("oneofs: { case, value } with a known case", () => {
    writesLikeReference({ choice: { case: "choiceText", value: "" } });
    writesLikeReference({ choice: { case: "choiceNode", value: { value: 1 } } });
    writesLikeReference({ choice: { case: "choiceKind", value: 0 } });
    writesLikeReference({ choice: { case: undefined } });
    rejects(() => write({ choice: { case: "bogus", value: 1 } }), "choice.case", /choiceText/);
    rejects(() => write({ choice: { case: "toString", value: 1 } }), "choice.case");
    rejects(() => write({ choice: "choiceText" }), "choice", /case, value/);
    rejects(() => write({ choice: { case: "choiceText", value: 1 } }), "choice.value", /a string/);
    rejects(() => write({ choice: { case: "choiceNode", value: { value: "1" } } }), "choice.value.value", /int32/);
  });

  it("proto3 optional: written when set, even to zero", () => {
    writesLikeReference({ maybe: 0 });
    rejects(() => write({ maybe: "0" }), "maybe", /int32/);
  });

  it("undefined and null leave a field unset, as create() does", () => {
    expect(write({ int32Field: undefined, node: null, stringField: null, choice: undefined, ints: null })).toBe("{}");
  });

  it("reads fields named like Object.prototype members only as own properties", () => {
    expect(ReservedFieldsJsonWriter.stringify({})).toBe("{}");
    const init = { hasOwnProperty: "h", isPrototypeOf: "i", constructor$: "c", toString$: "t" };
    expect(JSON.parse(ReservedFieldsJsonWriter.stringify(init))).toEqual(toJson(ReservedFieldsSchema, create(ReservedFieldsSchema, init)));
  });

  it("never writes keys that name no field (nor $typeName)", () => {
    expect(write({ stringField: "s", bogus: 1, $typeName: "x.Y", string_field: "t", 'a"];process.exit()//': "h" })).toBe(
      '{"stringField":"s"}',
    );
  });
});

describe("well-known types", () => {
  it("go through @bufbuild/protobuf's create and toJson", () => {
    writesLikeReference({ timestamp: { seconds: 1n, nanos: 5000 }, duration: { seconds: -1n }, wrappedInt32: 0, wrappedString: "s" });
    writesLikeReference({ value: { kind: { case: "numberValue", value: 1 } }, values: [{ kind: { case: "nullValue", value: 0 } }] });
    rejects(() => write({ timestamp: "1970-01-01T00:00:00Z" }), "timestamp", /Timestamp/);
    rejects(() => write({ wrappedInt32: "1" }), "wrappedInt32", /int32/);
  });

  it("Struct: plain JSON values only", () => {
    writesLikeReference({ struct: { a: [1, "x", null, true, { b: -0 }] } });
    rejects(() => write({ struct: { a: () => 1 } }), "struct.a", /JSON value/);
    rejects(() => write({ struct: { a: [1, 2n] } }), "struct.a[1]", /JSON value/);
    rejects(() => write({ struct: { a: NaN } }), "struct.a", /JSON value/);
    rejects(() => write({ struct: { d: new Date(0) } }), "struct.d", /JSON value/);
    rejects(() => write({ struct: { "\uDC00": 1 } }), "struct", /lone surrogate/);
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) deep = [deep];
    // 100 levels in all: the message Cases is one, the Struct object another.
    rejects(() => write({ struct: { deep } }), "struct.deep" + "[0]".repeat(98), /nested levels/);
  });
});

describe("hostile init objects", () => {
  it("a cycle is an error at the depth limit, not a stack overflow", () => {
    const node: Record<string, unknown> = { value: 1 };
    node.child = node;
    const error = rejects(
      () => NodeJsonWriter.stringify(node as never),
      "child".concat(".child".repeat(99)),
      /at most 100 nested messages/,
    );
    expect(error.found).toBe("deeper nesting");
  });

  it("a throwing getter or a revoked proxy is a JsonEncodeError with the path", () => {
    const getter = rejects(
      () =>
        write({
          node: {
            get value() {
              throw new Error("boom");
            },
          },
        }),
      "node.value",
    );
    expect(getter.found).toContain("boom");
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    rejects(() => write(proxy), "");
    rejects(() => write({ node: proxy }), "node");
    rejects(() => write({ ints: proxy }), "ints");
    rejects(() => write({ byName: proxy }), "byName");
    rejects(() => write({ choice: proxy }), "choice");
    rejects(() => write({ struct: { a: proxy } }), "struct.a");
    const throwingKeys = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new TypeError("no keys");
        },
        getPrototypeOf: () => Object.prototype,
      },
    );
    rejects(() => write({ byName: throwingKeys }), "byName");
    rejects(
      () =>
        write({
          stringField: {
            [Symbol.toPrimitive]: () => {
              throw new Error("x");
            },
          },
        }),
      "stringField",
      /a string/,
    );
  });

  it("a value that throws when described is still a JsonEncodeError", () => {
    const thrown = new Proxy(
      {},
      {
        get: () => {
          throw new Error("no");
        },
      },
    );
    rejects(
      () =>
        write({
          node: {
            get value() {
              throw thrown;
            },
          },
        }),
      "node.value",
    );
  });
});

describe("any input", () => {
  const fields = Object.keys(create(CasesSchema)).filter((k) => k !== "$typeName");
  const hostile = fc.oneof(
    fc.anything({
      withBigInt: true,
      withTypedArray: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
    }),
    fc.constantFrom('1,"x":1', "\uD800", NaN, -0, 2 ** 53, -(2n ** 64n), new Uint16Array(1), Object.create(null)),
  );

  it("is written, or rejected with a JsonEncodeError; nothing else escapes", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...fields), hostile),
        fc.constantFrom({}, { emitUnpopulated: true }, { enumAsInteger: true }),
        (init, options) => {
          try {
            const text = write(init, options);
            expect(() => JSON.parse(text)).not.toThrow();
            expect(CasesJson.parse(text)).toBeDefined();
          } catch (error) {
            expect(error).toBeInstanceOf(JsonEncodeError);
          }
        },
      ),
      { seed: 20260401, numRuns: 2000 },
    );
  });
});

describe("emitUnpopulated (Go protojson's EmitUnpopulated, the LiveKit server's form)", () => {
  it("writes zero values, [] and {}, null for unset message fields; leaves out unset oneofs and proto3 optional", () => {
    const json = JSON.parse(write({}, { emitUnpopulated: true, useProtoFieldName: true })) as Record<string, unknown>;
    expect(json).toMatchObject({
      int32_field: 0,
      int64_field: "0",
      float_field: 0,
      bool_field: false,
      string_field: "",
      bytes_field: "",
      kind: "KIND_UNSPECIFIED",
      ints: [],
      by_name: {},
      node: null,
      timestamp: null,
      wrapped_int32: null,
      struct: null,
      value: null,
      null_value: null,
      int64_as_string: "0",
    });
    // Go: "It does not emit unpopulated oneof fields"; a proto3 optional field is in a synthetic oneof.
    for (const absent of ["maybe", "choice_text", "choice_node", "choice_value", "choice_kind"]) expect(json).not.toHaveProperty(absent);
    // Set values are written as usual, nested messages in the same form.
    const set = JSON.parse(write({ maybe: 0, node: {}, choice: { case: "choiceNode", value: {} } }, { emitUnpopulated: true })) as Record<
      string,
      unknown
    >;
    expect(set).toMatchObject({ maybe: 0, node: { value: 0, child: null }, choiceNode: { value: 0, child: null } });
  });
});

describe("error identity", () => {
  it("instanceof holds across two copies of the runtime (a Symbol.for brand), and only for its own class", () => {
    // Two separate instances of write.ts, as with two installed copies of the runtime.
    expect(PackageEncodeError).not.toBe(JsonEncodeError);
    let caught: unknown;
    try {
      CreateRoomRequestJsonWriter.stringify({ name: 1 } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PackageEncodeError);
    expect(caught).toBeInstanceOf(JsonEncodeError);
    expect(caught).toBeInstanceOf(Error);
    expect(new Error("x")).not.toBeInstanceOf(JsonEncodeError);
    expect({ code: "invalid_value", path: "" }).not.toBeInstanceOf(JsonEncodeError);
  });
});

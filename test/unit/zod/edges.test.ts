// Zod schemas at edges that mutation testing found unchecked (`npm run mutate`): how rejected
// values are named, issue codes, map keys, complete messages with unknown fields, Duration
// signs, Timestamp from an invalid Date, and the runtime's scalar schemas used on their own.
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { CasesZod, NodeZod } from "../../fixtures/golden/json_zod.js";
import { NodeSchema } from "../../fixtures/golden/json_pb.js";
import { MapKeysZod } from "../../fixtures/golden/maps_zod.js";
import { bytesZod, doubleZod, int64Zod } from "protoc-gen-livekit-runtime/zod";
import { WellKnownZod } from "../../fixtures/golden/wkt_zod.js";
import { issuesOf } from "../../support/zod.js";

describe("rejected values are named in the message", () => {
  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };

  it.each([
    ["a", 'received "a"'],
    ["a".repeat(40), `received "${"a".repeat(40)}"`],
    ["a".repeat(41), `received "${"a".repeat(40)}…"`],
    [5n, "received 5n"],
    [true, "received true"],
    [null, "received null"],
    [undefined, "received undefined"],
    [Symbol.for("s"), "received Symbol(s)"],
    [() => 1, "received a function"],
    [[1], "received an array"],
    [new Uint8Array(1), "received a Uint8Array"],
    [{}, "received an object"],
  ])("%s: %s", (value, named) => {
    expect(issuesOf(doubleZod, value)).toEqual([`: expected a number (double), ${named}`]);
  });

  it("values that throw when asked what they are", () => {
    expect(issuesOf(doubleZod, revoked())).toEqual([": expected a number (double), received an object"]);
    expect(issuesOf(bytesZod, revoked())).toEqual([": expected bytes (a Uint8Array or a base64 string), received an object"]);
    const lying = new Proxy(
      {},
      {
        getPrototypeOf: () => {
          throw new Error("no");
        },
      },
    );
    expect(issuesOf(bytesZod, lying)).toEqual([": expected bytes (a Uint8Array or a base64 string), received an object"]);
  });

  it("every custom issue has the code custom", () => {
    for (const [schema, input] of [
      [int64Zod, "x"],
      [bytesZod, "!"],
      [CasesZod, { kind: "KIND_Z" }],
      [CasesZod, { duration: "forever" }],
      [WellKnownZod, { timestamp: new Date(NaN) }],
      [MapKeysZod, { stringKey: JSON.parse('{"__proto__": "x"}') }],
      [
        NodeZod,
        {
          get value(): never {
            throw new Error("boom");
          },
        },
      ],
    ] as const) {
      const result = schema.safeParse(input);
      expect(result.error?.issues.map((i) => i.code)).toEqual(["custom"]);
    }
  });
});

describe("maps", () => {
  it("a __proto__ key is refused at its path", () => {
    expect(issuesOf(MapKeysZod, { stringKey: JSON.parse('{"a": "1", "__proto__": "x"}') })).toEqual([
      'stringKey.__proto__: the map key "__proto__" is not supported',
    ]);
  });

  it("null or a non-object for a map is an issue, not a TypeError", () => {
    for (const value of [null, 1, "x", [["a", "b"]]]) {
      expect(issuesOf(MapKeysZod, { stringKey: value })).toHaveLength(1);
    }
  });

  it("a bool key is named in the message", () => {
    expect(issuesOf(MapKeysZod, { boolKey: { yes: "x" } })).toEqual([
      'boolKey.yes: expected a map key of type bool ("true" or "false"), received "yes"',
    ]);
  });
});

describe("complete messages", () => {
  it("are read without $typeName and $unknown, also with unknown fields from binary", () => {
    const bytes = new Uint8Array([...toBinary(NodeSchema, create(NodeSchema, { value: 7 })), 0xf8, 0x01, 0x01]); // + field 31 = 1
    const message = fromBinary(NodeSchema, bytes);
    expect(message.$unknown).toHaveLength(1);
    expect(NodeZod.parse(message)).toEqual({ value: 7 });
  });

  it("of another type are not unwrapped: $typeName is then an unknown key", () => {
    expect(issuesOf(NodeZod, { $typeName: "fixtures.json.Cases", value: 1 })).toEqual([': Unrecognized key: "$typeName"']);
  });
});

describe("google.protobuf.Duration: seconds and nanos of one sign", () => {
  it.each([
    [{ seconds: -5n }, true],
    [{ seconds: -1n, nanos: 0 }, true],
    [{ seconds: 0n, nanos: -5 }, true],
    [{ seconds: -1n, nanos: -1 }, true],
    [{ seconds: 1n, nanos: 1 }, true],
    [{ nanos: 999_999_999 }, true],
    [{ seconds: 1n, nanos: -1 }, false],
    [{ seconds: -1n, nanos: 1 }, false],
  ])("%o: %s", (duration, accepted) => {
    const result = WellKnownZod.safeParse({ duration });
    expect(result.success).toBe(accepted);
    if (!accepted) expect(result.error?.issues[0]?.message).toBe("expected google.protobuf.Duration seconds and nanos of the same sign");
  });
});

describe("google.protobuf.Timestamp", () => {
  it("an invalid Date is an issue at its field", () => {
    expect(issuesOf(WellKnownZod, { timestamp: new Date(NaN) })).toEqual([
      "timestamp: expected google.protobuf.Timestamp: an invalid Date",
    ]);
  });

  it("a Date before 1970 keeps its milliseconds as positive nanos", () => {
    expect(WellKnownZod.parse({ timestamp: new Date(-1) })).toEqual({ timestamp: { seconds: -1n, nanos: 999_000_000 } });
  });
});

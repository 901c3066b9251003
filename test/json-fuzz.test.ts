// Random hostile JSON against generated codecs: whatever comes in, the only exception that
// escapes is JsonDecodeError, nothing overflows the stack, and Object.prototype stays as it was.
import * as fc from "fast-check";
import { RoomJson, ParticipantInfoJson } from "livekit-room-api/livekit_models_json";
import { ListParticipantsResponseJson } from "livekit-room-api/livekit_room_json";
import type { MessageJson } from "livekit-room-api/runtime/json/codec";
import { JsonDecodeError } from "livekit-room-api/runtime/json/read";
import { describe, expect, it } from "vitest";
import { CasesJson } from "./fixtures/golden/json_json.js";
import { JsonDecodeError as FixtureDecodeError } from "./fixtures/golden/runtime/json/read.js";

const fieldKeys = [
  "participants", "tracks", "layers", "sid", "identity", "state", "joinedAt", "joined_at", "attributes", "permission",
  "canPublishSources", "version", "unixMicro", "emptyTimeout", "enabledCodecs", "int64Field", "bytesField", "byName",
  "byInt", "byBool", "kindById", "nodeById", "node", "child", "nodes", "choiceText", "choiceNode", "choiceValue",
  "struct", "value", "values", "timestamp", "duration", "wrappedInt32", "floatField", "stringField", "kind", "kinds",
];
const hostileKeys = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__"];
const key = fc.oneof(fc.constantFrom(...fieldKeys), fc.constantFrom(...hostileKeys), fc.string({ maxLength: 6 }));

const hostileScalar = fc.oneof(
  fc.constantFrom(
    1e308, -1e308, 2 ** 53 + 1, 9223372036854775808, -0, 0.5, 4294967296, -2147483649,
    "1e536870000", "99999999999999999999999999", "-9223372036854775809", "0x10", " 1", "", "NaN", "Infinity",
    "@@@@", "ab=c", "a", "====", "+/+/AQ", "\uD800", "a\uDC00", "\uDBFF\uDFFF", "KIND_C", "ACTIVE", "1972-13-01T00:00:00Z",
    true, false, null,
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: "binary", maxLength: 8 }),
);

/** Entries -> object with own `__proto__` keys (as JSON.parse would make them). */
function record(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

const value: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileScalar,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 6 }).map(record),
  ),
})).value;

/** A chain of `depth` objects (under a field name) or arrays, with hostile keys on the way. */
const deep = fc
  .record({ depth: fc.integer({ min: 90, max: 1500 }), via: fc.constantFrom("child", "node", "participants", "__proto__", "[]"), leaf: value })
  .map(({ depth, via, leaf }) => {
    let out: unknown = leaf;
    for (let i = 0; i < depth; i++) out = via === "[]" ? [out] : record([[via, out]]);
    return out;
  });

const input = fc.oneof(value, deep, fc.array(fc.tuple(key, fc.oneof(value, deep)), { maxLength: 8 }).map(record));

/** JSON text with a twist: duplicated keys, cut short, or as is. */
const text = fc.tuple(input, fc.nat(), fc.constantFrom("as is", "duplicate", "cut")).map(([json, n, twist]) => {
  const t = JSON.stringify(json) ?? "null";
  if (twist === "cut") return t.slice(0, n % (t.length + 1));
  if (twist === "duplicate") return t.replace(/\{("[^"\\]*":[^,{}[\]]*)/, "{$1,$1");
  return t;
});

function prototypeSnapshot() {
  return Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);
}

function onlyDecodeErrors(run: () => unknown, errorClass: typeof JsonDecodeError): void {
  try {
    const message = run() as object;
    expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
  } catch (error) {
    if (!(error instanceof errorClass)) throw error;
    expect(error.path).toBeTypeOf("string");
  }
}

// The fixtures have their own copy of the runtime, so their own error class.
const codecs: [string, MessageJson<unknown>, typeof JsonDecodeError][] = [
  ["fixtures.json.Cases", CasesJson as MessageJson<unknown>, FixtureDecodeError as typeof JsonDecodeError],
  ["livekit.ListParticipantsResponse", ListParticipantsResponseJson as MessageJson<unknown>, JsonDecodeError],
  ["livekit.ParticipantInfo", ParticipantInfoJson as MessageJson<unknown>, JsonDecodeError],
  ["livekit.Room", RoomJson as MessageJson<unknown>, JsonDecodeError],
];

describe("fuzz: hostile JSON", () => {
  it.each(codecs)("%s: only JsonDecodeError escapes, Object.prototype unchanged", (_name, codec, errorClass) => {
    const before = prototypeSnapshot();
    fc.assert(
      fc.property(input, text, fc.boolean(), (json, jsonText, ignoreUnknownFields) => {
        onlyDecodeErrors(() => codec.decode(json, { ignoreUnknownFields }), errorClass);
        onlyDecodeErrors(() => codec.parse(jsonText, { ignoreUnknownFields }), errorClass);
      }),
      { seed: 4242, numRuns: 800 },
    );
    expect(prototypeSnapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

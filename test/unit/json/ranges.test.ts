// Edges of the generated codecs' readers that a mutation check found untested: enum numbers at
// both ends of the int32 range (in every place an enum can be), and base64 of every length.
// @bufbuild/protobuf's fromJson is the reference where it agrees with proto3 JSON.
import { fromJson } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { SendDataRequestJson } from "livekit-room-api/livekit_room_json";
import { SendDataRequestSchema } from "livekit-room-api/livekit_room_pb";
import { describe, expect, it } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };
const beyondInt32 = [int32.min - 1, int32.max + 1, -(2 ** 53), 2 ** 53, 2 ** 32, 1e300];

/** Each place an enum value is read in the fixture, with a getter for what was read. */
const enumPlaces: [string, (n: unknown) => unknown, (m: ReturnType<typeof CasesJson.decode>) => unknown][] = [
  ["a field", (n) => ({ kind: n }), (m) => m.kind],
  ["a list element", (n) => ({ kinds: [0, n] }), (m) => m.kinds[1]],
  ["a map value", (n) => ({ kindById: { "7": n } }), (m) => m.kindById["7"]],
  ["a oneof member", (n) => ({ choiceKind: n }), (m) => m.choice.value],
];

describe("enum numbers in the codecs", () => {
  it.each(enumPlaces)("in %s: unknown numbers kept up to both ends of int32", (_place, json, read) => {
    for (const n of [int32.min, int32.max, -1, 99]) {
      expect(read(CasesJson.decode(json(n)))).toBe(n);
      expect(read(CasesJson.parse(JSON.stringify(json(n))))).toBe(n);
      expect(read(fromJson(CasesSchema, json(n) as never) as never)).toBe(n);
    }
  });

  it.each(enumPlaces)("in %s: numbers beyond int32, fractions and non-finite numbers rejected", (_place, json) => {
    for (const n of [...beyondInt32, 0.5, -1.5, NaN, Infinity]) {
      expect(() => CasesJson.decode(json(n)), String(n)).toThrow(/expected a value of enum fixtures\.json\.Kind/);
      expect(() => fromJson(CasesSchema, json(n) as never), String(n)).toThrow();
    }
    for (const n of beyondInt32) expect(() => CasesJson.parse(JSON.stringify(json(n))), String(n)).toThrow(/enum/);
  });

  it('LiveKit\'s codec: {"kind": 2147483648} is an error, 2147483647 an open enum value', () => {
    const request = { room: "r", data: "", destinationIdentities: [] };
    expect(() => SendDataRequestJson.parse('{"room":"r","kind":2147483648}')).toThrow(
      /at kind: expected a value of enum livekit\.DataPacket\.Kind/,
    );
    expect(() => SendDataRequestJson.decode({ ...request, kind: -2147483649 })).toThrow(/at kind/);
    expect(SendDataRequestJson.decode({ ...request, kind: 2147483647 }).kind).toBe(2147483647);
    expect(fromJson(SendDataRequestSchema, { ...request, kind: 2147483647 }).kind).toBe(2147483647);
  });

  it("unknown enum names are errors, or skipped with ignoreUnknownFields", () => {
    expect(() => CasesJson.decode({ kind: "KIND_Z" })).toThrow(/kind/);
    expect(CasesJson.decode({ kind: "KIND_Z" }, { ignoreUnknownFields: true }).kind).toBe(0);
    expect(CasesJson.decode({ kinds: ["KIND_A", "KIND_Z", "KIND_B"] }, { ignoreUnknownFields: true }).kinds).toEqual([1, 2]);
    // ignoreUnknownFields skips unknown names, never bad numbers.
    expect(() => CasesJson.decode({ kind: int32.max + 1 }, { ignoreUnknownFields: true })).toThrow(/kind/);
  });
});

describe("base64 length in the codecs", () => {
  const alphabet = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

  it("unpadded: every length but 4n+1 is read, to floor(3 * length / 4) bytes as the reference reads it", () => {
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 21 }), (chars) => {
        const text = chars.join("");
        if (text.length % 4 === 1) {
          expect(() => CasesJson.decode({ bytesField: text })).toThrow(/at bytesField: expected a base64 string/);
        } else {
          const bytes = CasesJson.decode({ bytesField: text }).bytesField;
          expect(bytes).toHaveLength(Math.floor((text.length * 3) / 4));
          expect(bytes).toEqual(fromJson(CasesSchema, { bytesField: text }).bytesField);
        }
      }),
      { seed: 51, numRuns: 400 },
    );
  });

  it.each([
    ["A", "one character"],
    ["AAAAA", "five characters"],
    ["AAAAAAAAA", "nine characters"],
    ["AAAAA===", "five characters padded to eight"],
    ["A===", "one character padded to four"],
    ["AA=", "two characters and one pad"],
    ["AAA==", "three characters and two pads"],
    ["AAAA=", "a whole group and a pad"],
    ["AAAA==", "a whole group and two pads"],
    ["=", "a pad alone"],
  ])("rejects %j (%s)", (text) => {
    expect(() => CasesJson.decode({ bytesField: text })).toThrow(/at bytesField: expected a base64 string/);
  });

  it.each([
    ["AA==", [0]],
    ["AAA=", [0, 0]],
    ["AAAA", [0, 0, 0]],
    ["AAAAAA==", [0, 0, 0, 0]],
    ["/w", [255]],
    ["//8", [255, 255]],
  ])("reads %j, padded or not", (text, bytes) => {
    expect(CasesJson.decode({ bytesField: text }).bytesField).toEqual(new Uint8Array(bytes));
    expect(CasesJson.decode({ bytesField: text.replace(/=+$/, "") }).bytesField).toEqual(new Uint8Array(bytes));
  });
});

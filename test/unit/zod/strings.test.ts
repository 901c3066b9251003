// Strings in the Zod schemas: base64 of any length (a linear check, no regex to overflow),
// strings of any length elsewhere, and lone surrogates rejected where the codecs reject them.
import { fromJson } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { SendDataRequestZod } from "livekit-room-api/livekit_room_zod";
import { describe, expect, it, vi } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";
import { CasesZod } from "../../fixtures/golden/json_zod.js";
import { MapKeysZod } from "../../fixtures/golden/maps_zod.js";
import { wellFormed } from "../../../packages/runtime/src/json/common.js";
import { bytesZod } from "protoc-gen-livekit-runtime/zod";
import { MixedScalarsZod, OptionalScalarsZod, RepeatedScalarsZod, ScalarsZod } from "../../fixtures/golden/scalars_zod.js";
import { WellKnownZod } from "../../fixtures/golden/wkt_zod.js";
import { issuesOf } from "../../support/zod.js";

const bytesIssue = /^bytesField: expected bytes \(a Uint8Array or a base64 string\), received "/;

describe("bytes as base64", () => {
  it.each([
    ["", []],
    ["AQ", [1]],
    ["AQ==", [1]],
    ["AQI", [1, 2]],
    ["AQI=", [1, 2]],
    ["AQID", [1, 2, 3]],
    ["+/8", [251, 255]],
    ["-_8", [251, 255]],
    ["-_8=", [251, 255]],
    ["AAAAAQ", [0, 0, 0, 1]],
  ])("reads %j", (text, bytes) => {
    expect(ScalarsZod.parse({ bytesField: text })).toEqual({ bytesField: new Uint8Array(bytes) });
  });

  it.each([
    ["one character past a group", "A"],
    ["five characters", "AQIDB"],
    ["one pad where two belong", "AQ="],
    ["two pads where one belongs", "AQI=="],
    ["three pads", "A==="],
    ["padding only", "===="],
    ["padding inside", "AQ==AQ=="],
    ["a pad in the middle", "A=QI"],
    ["both alphabets", "+_8A"],
    ["both alphabets, far apart", `-${"A".repeat(100)}/AA`],
    ["a space", "AQ ID"],
    ["a character outside base64", "AQ!D"],
    ["a non-ASCII letter", "AQé="],
    ["a line break", "AQID\n"],
  ])("rejects %s (%j)", (_what, text) => {
    expect(issuesOf(ScalarsZod, { bytesField: text })).toEqual([expect.stringMatching(bytesIssue)]);
  });

  // The grammar before the linear check: right, but a regex that overflowed on long strings.
  const padded = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;
  const urlSafe = /^(?:[A-Za-z0-9\-_]{4})*(?:[A-Za-z0-9\-_]{2}(?:==)?|[A-Za-z0-9\-_]{3}=?)?$/;
  const nearBase64 = fc.string({ unit: fc.constantFrom("A", "b", "9", "+", "/", "-", "_", "=", " ", "!"), maxLength: 14 });

  it("accepts exactly what the regular grammar accepts, on short strings", () => {
    fc.assert(
      fc.property(nearBase64, (text) => {
        expect(bytesZod.safeParse(text).success).toBe(padded.test(text) || urlSafe.test(text));
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it("decodes to the bytes @bufbuild/protobuf reads", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), fc.boolean(), fc.boolean(), (bytes, url, unpadded) => {
        let text = Buffer.from(bytes).toString(url ? "base64url" : "base64");
        if (unpadded) text = text.replace(/=+$/, "");
        else if (url) text += "=".repeat((4 - (text.length % 4)) % 4);
        expect(ScalarsZod.parse({ bytesField: text }).bytesField).toEqual(bytes);
        expect(fromJson(CasesSchema, { bytesField: text }).bytesField).toEqual(bytes);
      }),
      { seed: 12, numRuns: 500 },
    );
  });

  it("checks 10 MB in one pass: a result, not a RangeError", () => {
    const valid = "AAEC".repeat(2_500_000);
    const result = bytesZod.safeParse(valid);
    expect(result.success && result.data.length).toBe(7_500_000);
    expect(bytesZod.safeParse(`${valid}A`).success).toBe(false);
    expect(bytesZod.safeParse(`${valid.slice(0, -1)}!`).success).toBe(false);
  });

  it("SendDataRequestZod takes a 4.5 M character payload, and refuses a broken one", () => {
    const data = "QUJD".repeat(1_125_000);
    const request = { room: "r", data, kind: "RELIABLE", destinationIdentities: [] };
    const result = SendDataRequestZod.safeParse(request);
    expect(result.success && result.data.data.length).toBe(3_375_000);
    const broken = SendDataRequestZod.safeParse({ ...request, data: `${data}==` });
    expect(broken.success).toBe(false);
  });
});

describe("strings of any length elsewhere", () => {
  const long = (s: string) => s.repeat(10_000_000 / s.length);

  it.each([
    ["int64Field", long("1")],
    ["stringField", long("a")],
    ["kind", long("K")],
    ["duration", `${long("1")}s`],
    ["timestamp", long("2")],
    ["byInt", { [long("1")]: "x" }],
    ["kindById", { [long("9")]: 1 }],
  ])("%s: a 10 MB string gives a result", (field, value) => {
    const result = CasesZod.safeParse({ [field]: value });
    expect(result.success).toBe(field === "stringField");
  });
});

describe("lone surrogates", () => {
  const lone = ["\uD800", "a\uDBFF", "\uDC00b", "\uDFFF\uD800"];
  const issue = "expected a string without lone surrogates";

  it.each(lone)("are rejected in every kind of string field: %j", (s) => {
    expect(issuesOf(ScalarsZod, { stringField: s })).toEqual([`stringField: ${issue}`]);
    expect(issuesOf(OptionalScalarsZod, { stringField: s })).toEqual([`stringField: ${issue}`]);
    expect(issuesOf(RepeatedScalarsZod, { stringField: ["ok", s] })).toEqual([`stringField.1: ${issue}`]);
    expect(issuesOf(MixedScalarsZod, { plain: 1, list: [], farAway: s })).toEqual([`farAway: ${issue}`]);
    expect(issuesOf(CasesZod, { choice: { case: "choiceText", value: s } })).toEqual([`choice.value: ${issue}`]);
    expect(issuesOf(CasesZod, { wrappedString: s })).toEqual([`wrappedString: ${issue}`]);
    expect(issuesOf(WellKnownZod, { fieldMask: { paths: [s] } })).toEqual([`fieldMask.paths.0: ${issue}`]);
    expect(issuesOf(WellKnownZod, { any: { typeUrl: s } })).toEqual([`any.typeUrl: ${issue}`]);
  });

  it.each(lone)("are rejected in string map keys, as @bufbuild/protobuf rejects them: %j", (s) => {
    expect(issuesOf(MapKeysZod, { stringKey: { [s]: "v" } })).toEqual([expect.stringMatching(new RegExp(`^stringKey(\\..*)?: ${issue}`))]);
    expect(() => fromJson(CasesSchema, { byName: { [s]: 1 } })).toThrow(/invalid UTF8/);
  });

  it("are kept in Struct and Value, as the codecs and @bufbuild/protobuf read JSON", () => {
    const struct = { "\uD800": "\uDC00", list: ["\uDBFF"] };
    expect(CasesZod.parse({ struct, value: { kind: { case: "stringValue", value: "\uD800" } } })).toEqual({
      struct,
      value: { kind: { case: "stringValue", value: "\uD800" } },
    });
    expect(fromJson(CasesSchema, { struct, value: "\uD800" }).struct).toEqual(struct);
  });

  const surrogateHeavy = fc.string({
    unit: fc.constantFrom("a", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\u{1F600}", "\uFFFF"),
    maxLength: 6,
  });

  it("without String.prototype.isWellFormed (older engines), the fallback answers the same", async () => {
    const native = Object.getOwnPropertyDescriptor(String.prototype, "isWellFormed")!;
    delete (String.prototype as { isWellFormed?: unknown }).isWellFormed;
    vi.resetModules();
    try {
      const fallback = ((await import("../../../packages/runtime/src/json/common.js")) as { wellFormed: (s: string) => boolean })
        .wellFormed;
      expect(fallback).not.toBe(wellFormed);
      fc.assert(
        fc.property(surrogateHeavy, (s) => {
          expect(fallback(s)).toBe(native.value.call(s));
        }),
        { seed: 14, numRuns: 1000 },
      );
    } finally {
      Object.defineProperty(String.prototype, "isWellFormed", native);
    }
  });

  it("a string field is accepted exactly when the codec accepts it", () => {
    fc.assert(
      fc.property(surrogateHeavy, (s) => {
        let codec = true;
        try {
          CasesJson.decode({ stringField: s });
        } catch {
          codec = false;
        }
        expect(CasesZod.safeParse({ stringField: s }).success).toBe(codec);
      }),
      { seed: 13, numRuns: 1000 },
    );
  });
});

// The edge of a float field's range. A float holds what rounds to a finite 32-bit float:
// 3.4028235e+38, the shortest text of the largest float (what Go's protojson, the LiveKit server,
// writes for it), is a float, although as a double it lies above that float's exact value
// 3.4028234663852886e38. Past the midpoint between the largest float and 2^128
// (3.4028235677973366e38, which IEEE rounding sends to infinity) a value is out of range.
// @bufbuild/protobuf refuses anything above the exact value, so the limits here are written out.
import { create, toJson } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { CasesJson, CasesJsonWriter } from "../../fixtures/golden/json_json.js";
import { CasesSchema } from "../../fixtures/golden/json_pb.js";

const largestFloat = 3.4028234663852886e38;
/** Above the largest float, below the midpoint to 2^128: rounds down to the largest float. */
const roundsToLargest = [3.4028235e38, 3.40282356e38, 3.4028235677973362e38];
/** The midpoint and beyond: rounds to infinity. */
const beyond = [3.4028235677973366e38, 3.4028236e38, 3.5e38, 1e39, Number.MAX_VALUE];

describe("float fields at the edge of the range", () => {
  it("the test's values round as described (IEEE 754, Math.fround)", () => {
    for (const n of roundsToLargest) expect(Math.fround(n)).toBe(largestFloat);
    for (const n of beyond) expect(Math.fround(n)).toBe(Infinity);
  });

  it("reads values that round to the largest float, as numbers and as strings, of either sign", () => {
    for (const n of [largestFloat, ...roundsToLargest]) {
      for (const v of [n, -n]) {
        expect(CasesJson.decode({ floatField: v }).floatField).toBe(v);
        expect(CasesJson.decode({ floatField: String(v) }).floatField).toBe(v);
        expect(CasesJson.parse(`{"floatField":${v}}`).floatField).toBe(v);
      }
    }
    expect(CasesJson.parse('{"floatField":3.4028235e+38}').floatField).toBe(3.4028235e38);
  });

  it("refuses values that round to infinity, of either sign; a double field takes them", () => {
    for (const n of beyond) {
      for (const v of [n, -n]) {
        expect(() => CasesJson.decode({ floatField: v }), String(v)).toThrow(/float range/);
        expect(() => CasesJson.decode({ floatField: String(v) }), String(v)).toThrow(/float range/);
        expect(CasesJson.decode({ doubleField: v }).doubleField).toBe(v);
      }
    }
  });

  it("writes values that round to the largest float, and refuses the others", () => {
    for (const n of [largestFloat, ...roundsToLargest]) {
      for (const v of [n, -n]) {
        const text = CasesJsonWriter.stringify({ floatField: v });
        expect(JSON.parse(text)).toEqual({ floatField: v });
        expect(JSON.parse(text)).toEqual(toJson(CasesSchema, create(CasesSchema, { floatField: v })));
      }
    }
    for (const n of beyond) {
      for (const v of [n, -n]) expect(() => CasesJsonWriter.stringify({ floatField: v }), String(v)).toThrow(/float range/);
    }
    expect(JSON.parse(CasesJsonWriter.stringify({ floatField: -Infinity }))).toEqual({ floatField: "-Infinity" });
  });
});

// Random valid messages (the arbitrary of the codec parity tests), turned into init shapes,
// always pass their Zod schema, and come out equal to the message they were made from.
import { create } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sameMessage } from "../../support/arbitrary.js";
import { goldenSets, zodCasesOf } from "../../support/zod.js";
import { validInit } from "./inputs.js";

describe.each(goldenSets)("random valid messages of $dir pass their schema", ({ dir, sidecarDir }) => {
  it("for every message, unchanged", async () => {
    const cases = await zodCasesOf(dir, sidecarDir);
    expect(cases.length).toBeGreaterThan(20);
    for (const { desc, schema, rules } of cases) {
      expect(schema, desc.typeName).toBeDefined();
      fc.assert(
        fc.property(validInit(desc, rules), ({ init }) => {
          const result = schema.safeParse(init);
          if (!result.success) throw new Error(`${desc.typeName}: ${result.error.message}`);
          expect(sameMessage(desc, create(desc, result.data as never), create(desc, init as never)), desc.typeName).toBe(true);
        }),
        { seed: 20261125, numRuns: 50 },
      );
    }
  });
});

// Random valid messages (the arbitrary of the codec parity tests), turned into init shapes,
// always pass their Zod schema, and come out equal to the message they were made from.
import { create, type DescField, type DescMessage } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RequiredRule } from "../../../generator/model/required.js";
import { messageArbitrary, sameMessage } from "../../support/arbitrary.js";
import { goldenSets, zodCasesOf } from "../../support/zod.js";

/** A message as an init shape: the same values, without `$typeName` at any depth. */
function initShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(initShape);
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === "$typeName" && typeof field === "string") continue;
    Object.defineProperty(out, key, { value: initShape(field), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Satisfies the sidecar's nonEmpty rules of the top-level message ("" -> "x", [] -> ["x"]). */
function withRules(init: Record<string, unknown>, desc: DescMessage, rules: ReadonlyMap<DescField, RequiredRule>): Record<string, unknown> {
  for (const field of desc.fields) {
    if (rules.get(field) !== "nonEmpty") continue;
    const value = init[field.localName];
    init[field.localName] = Array.isArray(value) ? (value.length === 0 ? ["x"] : value.map((v) => v || "x")) : value || "x";
  }
  return init;
}

/** Struct keys can be "__proto__", which the schemas refuse (see README). */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return false;
  return Object.hasOwn(value, "__proto__") || Object.values(value).some(hasProtoKey);
}

describe.each(goldenSets)("random valid messages of $dir pass their schema", ({ dir, sidecarDir }) => {
  it("for every message, unchanged", async () => {
    const cases = await zodCasesOf(dir, sidecarDir);
    expect(cases.length).toBeGreaterThan(20);
    for (const { desc, schema, rules } of cases) {
      expect(schema, desc.typeName).toBeDefined();
      const arbitrary = messageArbitrary(desc, { unknownEnumNumbers: false, protoMapKeys: false })
        .map((message) => ({ message, init: withRules(initShape(message) as Record<string, unknown>, desc, rules) }))
        .filter(({ init }) => !hasProtoKey(init));
      fc.assert(
        fc.property(arbitrary, ({ init }) => {
          const result = schema.safeParse(init);
          if (!result.success) throw new Error(`${desc.typeName}: ${result.error.message}`);
          expect(sameMessage(desc, create(desc, result.data as never), create(desc, init as never)), desc.typeName).toBe(true);
        }),
        { seed: 20261125, numRuns: 50 },
      );
    }
  });
});

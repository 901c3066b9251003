// The Zod Mini schemas (option `zod=mini`) against the classic ones, message by message, for
// both golden sets: on the same input (random valid messages, random hostile values, and every
// probe value below in every field) the same success or failure, the same output, and the same
// issues (code, path, message and the rest). Both run in this process, where classic Zod has
// loaded its English messages, so the messages of Zod's own issues are compared too.
import type { DescMessage } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileInput, hostileJson, materialize } from "../../support/hostile.js";
import { goldenSets } from "../../support/zod.js";
import { validInit, withHostileField } from "./inputs.js";
import { classicAndMini, type FlavourCase } from "./mini-schemas.js";

interface Parser {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly object[] } };
}

/** What a schema makes of an input: its output, or its issues. safeParse must not throw. */
function outcome(schema: Parser, input: unknown): unknown {
  const result = schema.safeParse(input);
  return canonical(result.success ? { data: result.data } : { issues: result.error.issues });
}

/**
 * A value as plain entries that spell out what an equality check could gloss over: the kind of
 * each object (its prototype: none, Object's, Array's, or another), own keys in order, bigint,
 * bytes, -0 and NaN. (Vitest's equality compares `constructor` properties, which a map key of
 * that name makes unequal.)
 */
function canonical(value: unknown): unknown {
  if (typeof value === "bigint") return { bigint: String(value) };
  if (typeof value === "number") return Object.is(value, -0) ? { number: "-0" } : Number.isNaN(value) ? { number: "NaN" } : value;
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Uint8Array) return { bytes: [...value] };
  const prototype = Object.getPrototypeOf(value);
  const kind = prototype === null ? "null" : prototype === Object.prototype ? "object" : prototype === Array.prototype ? "array" : "other";
  return { kind, entries: Object.entries(value).map(([key, v]) => [key, canonical(v)]) };
}

/** Both flavours on the same input (made afresh for each: hostile inputs count their reads). */
function expectSame({ desc, schema, mini }: FlavourCase, make: () => unknown): void {
  const classic = outcome(schema as Parser, make());
  expect(outcome(mini as Parser, make()), desc.typeName).toStrictEqual(classic);
}

/** Values at the edges of what each field type accepts, and of what no field accepts. */
const probes = (): unknown[] => [
  undefined,
  null,
  0,
  -1,
  1.5,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 32,
  2 ** 53,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  3.5e38,
  1n,
  -1n,
  2n ** 64n,
  "",
  "x",
  "0",
  "-5",
  "18446744073709551616",
  "aGk=",
  "+/-_",
  "\ud800",
  "NULL_VALUE",
  true,
  "true",
  [],
  [1],
  [""],
  {},
  { a: 1 },
  JSON.parse('{"__proto__": 1}'),
  new Uint8Array([1]),
  new Date(1500),
  new Date(Number.NaN),
  "2026-11-25T10:00:00.5+01:00",
  "-1.5s",
  { case: undefined },
  { seconds: 1, nanos: -1 },
  { seconds: "5", nanos: 5 },
  { value: 1 },
  { kind: { case: "numberValue", value: 1 } },
];

/** Each probe as the message, and in each field: as its value, as a list element, a map value, or each oneof case's value. */
function fieldProbes(desc: DescMessage): (() => unknown)[] {
  const inputs: (() => unknown)[] = [];
  for (let i = 0; i < probes().length; i++) {
    const probe = () => probes()[i];
    inputs.push(probe);
    for (const member of desc.members) {
      const key = member.localName;
      if (member.kind === "oneof") {
        for (const { localName } of member.fields) inputs.push(() => ({ [key]: { case: localName, value: probe() } }));
        continue;
      }
      inputs.push(() => ({ [key]: probe() }));
      if (member.fieldKind === "list") inputs.push(() => ({ [key]: [probe()] }));
      if (member.fieldKind === "map") inputs.push(() => ({ [key]: { k: probe(), "1": probe(), true: probe() } }));
    }
  }
  return inputs;
}

describe.each(goldenSets)("Zod Mini schemas of $dir behave as the classic ones", ({ dir, sidecarDir }) => {
  let cases: FlavourCase[] = [];
  let remove = () => {};

  beforeAll(async () => {
    ({ cases, remove } = await classicAndMini(dir, sidecarDir));
  });
  afterAll(() => remove());

  it("every message has both schemas", () => {
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) expect([c.desc.typeName, typeof c.schema, typeof c.mini]).toEqual([c.desc.typeName, "object", "object"]);
  });

  it("on random valid messages", () => {
    for (const c of cases) {
      fc.assert(
        fc.property(validInit(c.desc, c.rules), ({ init }) => expectSame(c, () => structuredClone(init))),
        { seed: 20261207, numRuns: 15 },
      );
    }
  });

  it("on random hostile values and JSON, alone and inside valid messages", () => {
    for (const c of cases) {
      fc.assert(
        fc.property(fc.oneof(hostileInput, hostileJson, withHostileField(c.desc)), (input) => expectSame(c, () => materialize(input))),
        { seed: 20261208, numRuns: 8 },
      );
    }
  });

  it("on every probe value in every field", () => {
    let compared = 0;
    for (const c of cases) {
      for (const make of fieldProbes(c.desc)) {
        expectSame(c, make);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3000);
  });
});

// Zod schemas on hostile input: `safeParse` returns a result for anything (throwing getters,
// revoked proxies, cycles, deep nesting, random hostile JSON), reads each own property once, and
// never runs into the caller's prototype chain.
import { create, toBinary, type DescMessage } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { CasesZod, NodeZod } from "../../fixtures/golden/json_zod.js";
import { ParticipantInfoZod } from "livekit-room-api/livekit_models_zod";
import { WellKnownZod } from "../../fixtures/golden/wkt_zod.js";
import { plainInput } from "../../../packages/runtime/src/plain-input.js";
import { hostileInput, hostileJson, materialize, prototypeSnapshot } from "../../support/hostile.js";
import { goldenSets, issuesOf, zodCasesOf, type ZodCase } from "../../support/zod.js";
import { withHostileField } from "./inputs.js";

/** safeParse must return; a success must be a message `create` and `toBinary` accept. */
function returnsResult(desc: DescMessage, schema: z.ZodType, input: unknown): void {
  const result = schema.safeParse(input);
  if (result.success) {
    toBinary(desc, create(desc, result.data as never));
  } else {
    expect(result.error.issues.length).toBeGreaterThan(0);
    expect(result.error.message).toBeTypeOf("string");
  }
}

describe.each(goldenSets)("safeParse of every schema in $dir returns a result for hostile input", ({ dir, sidecarDir }) => {
  it("random hostile values and JSON, alone and inside valid messages", async () => {
    const cases: ZodCase[] = await zodCasesOf(dir, sidecarDir);
    expect(cases.length).toBeGreaterThan(20);
    const before = prototypeSnapshot();
    for (const { desc, schema } of cases) {
      fc.assert(
        fc.property(fc.oneof(hostileInput, hostileJson, withHostileField(desc)), (input) =>
          returnsResult(desc, schema, materialize(input)),
        ),
        { seed: 20261126, numRuns: 40 },
      );
    }
    expect(prototypeSnapshot()).toEqual(before);
  });
});

/** A chain of `depth` objects under `key`, ending in `leaf`. */
function nested(depth: number, key: string, leaf: unknown): unknown {
  let out = leaf;
  for (let i = 0; i < depth; i++) out = { [key]: out };
  return out;
}

describe("values that cannot be read are issues where they are", () => {
  const boom = () => {
    throw new Error("boom");
  };

  it("a throwing getter, at the top and deep in a list", () => {
    expect(issuesOf(CasesZod, Object.defineProperty({}, "stringField", { get: boom, enumerable: true }))).toEqual([
      "stringField: expected a value that can be read (reading it threw Error: boom)",
    ]);
    const track = Object.defineProperty({ sid: "TR_1" }, "name", { get: boom, enumerable: true });
    expect(issuesOf(ParticipantInfoZod, { identity: "a", tracks: [{}, track] })).toEqual([
      "tracks.1.name: expected a value that can be read (reading it threw Error: boom)",
    ]);
  });

  it("a revoked proxy as the message, a field, a list and a map", () => {
    const revoked = () => {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    };
    const message = /^expected a value that can be read \(reading it threw TypeError: .*revoked/;
    expect(issuesOf(CasesZod, revoked())).toEqual([expect.stringMatching(new RegExp(`^: ${message.source.slice(1)}`))]);
    for (const field of ["node", "ints", "byName", "bytesField", "timestamp", "struct"]) {
      expect(issuesOf(CasesZod, { [field]: revoked() })).toEqual([
        expect.stringMatching(new RegExp(`^${field}: ${message.source.slice(1)}`)),
      ]);
    }
  });

  // Copying asks for the prototype (is it a Date?), the own keys, each key's descriptor and
  // value; never `has`, so that trap throwing changes nothing.
  it.each([
    ["get", false],
    ["has", true],
    ["ownKeys", false],
    ["getOwnPropertyDescriptor", false],
    ["getPrototypeOf", false],
  ])("a proxy whose %s trap throws: read %s", (trap, readable) => {
    const result = CasesZod.safeParse({ node: new Proxy({ value: 1 }, { [trap]: boom }) });
    if (readable) expect(result).toEqual({ success: true, data: { node: { value: 1 } } });
    else
      expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
        expect.stringMatching(/^node(\.value)?: expected a value that can be read \(reading it threw Error: boom\)$/),
      ]);
  });

  it("reads each property once: a proxy that answers differently each time sees one read", () => {
    let reads = 0;
    const input = new Proxy(
      { stringField: "" },
      { get: (t, k, r) => (k === "stringField" ? (reads++ === 0 ? "first" : 2) : Reflect.get(t, k, r)) },
    );
    expect(CasesZod.parse(input)).toEqual({ stringField: "first" });
    expect(reads).toBe(1);
  });

  it("reads own properties only: an inherited field or getter is not a field", () => {
    expect(CasesZod.parse(Object.create({ stringField: "inherited" }))).toEqual({});
    expect(CasesZod.parse(Object.create(Object.defineProperty({}, "stringField", { get: boom, enumerable: true })))).toEqual({});
  });

  it("copies a Date into a date, and a Date proxy is an issue, not a TypeError", () => {
    expect(WellKnownZod.parse({ timestamp: new Date(1500) })).toEqual({ timestamp: { seconds: 1n, nanos: 500_000_000 } });
    expect(issuesOf(WellKnownZod, { timestamp: new Proxy(new Date(0), {}) })[0]).toMatch(
      /^timestamp: expected a value that can be read \(reading it threw TypeError/,
    );
  });
});

describe("cycles and depth", () => {
  it("a message that contains itself is rejected where the cycle closes", () => {
    const node: Record<string, unknown> = { value: 1 };
    node.child = { child: node };
    expect(issuesOf(NodeZod, node)).toEqual(["child.child: expected a value that does not contain itself (found a cycle)"]);
    const list: unknown[] = [];
    list.push(list);
    expect(issuesOf(CasesZod, { values: list })).toEqual(["values.0: expected a value that does not contain itself (found a cycle)"]);
    const struct: Record<string, unknown> = {};
    struct.self = struct;
    expect(issuesOf(CasesZod, { struct })).toEqual(["struct.self: expected a value that does not contain itself (found a cycle)"]);
  });

  it("the same object twice, side by side, is no cycle", () => {
    const shared = { value: 2 };
    expect(CasesZod.parse({ node: shared, nodes: [shared, shared] })).toEqual({ node: { value: 2 }, nodes: [{ value: 2 }, { value: 2 }] });
  });

  it("100 nested objects and arrays are read, 101 are an issue", () => {
    // The message, then 98 objects of the chain, then its leaf: 100 objects.
    const within = { struct: nested(98, "a", {}) };
    expect(CasesZod.safeParse(within).success).toBe(true);
    const beyond = { struct: nested(99, "a", {}) };
    expect(issuesOf(CasesZod, beyond)).toEqual([`struct${".a".repeat(99)}: expected at most 100 nested objects and arrays`]);
    expect(NodeZod.safeParse(nested(99, "child", {})).success).toBe(true);
    expect(issuesOf(NodeZod, nested(100, "child", {}))[0]).toMatch(/^child(\.child){99}: expected at most 100 nested/);
  });

  it("nesting far beyond the stack is an issue, not a RangeError", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(issuesOf(CasesZod, { struct: { a: deep } })).toHaveLength(1);
    expect(issuesOf(NodeZod, nested(200_000, "child", {}))).toHaveLength(1);
  });
});

describe("plainInput, the copy under every schema", () => {
  it("copies once: a copied object is returned as it is", () => {
    const { value, issues } = plainInput({ a: [1, { b: 2 }] });
    expect(issues).toEqual([]);
    // A copy inherits nothing: no Object.prototype member can pass for a field.
    expect("toString" in (value as object)).toBe(false);
    expect(Object.getPrototypeOf(Object.getPrototypeOf(value))).toBeNull();
    expect(plainInput(value).value).toBe(value);
    const nested = (value as { a: unknown[] }).a[1];
    expect(plainInput(nested).value).toBe(nested);
  });

  it("keeps values that are not objects, and typed arrays, as they are", () => {
    const bytes = new Uint8Array([1]);
    for (const v of [1, "s", null, undefined, 1n, true, bytes]) expect(plainInput(v)).toEqual({ value: v, issues: [] });
    expect((plainInput({ bytes }).value as { bytes: unknown }).bytes).toBe(bytes);
  });

  it("reports every unreadable value with its path, and no copy", () => {
    const boom = {
      get x() {
        throw new Error("boom");
      },
    };
    const self: Record<string, unknown> = {};
    self.self = self;
    expect(plainInput({ a: boom, b: [0, self] })).toEqual({
      value: undefined,
      issues: [
        { path: ["a", "x"], message: "expected a value that can be read (reading it threw Error: boom)" },
        { path: ["b", 1, "self"], message: "expected a value that does not contain itself (found a cycle)" },
      ],
    });
  });

  it("names what was thrown, even when naming it throws", () => {
    const throwsString = {
      get x(): never {
        throw "text";
      },
    };
    const nasty = new Proxy(new Error("e"), {
      get: () => {
        throw new Error("again");
      },
    });
    const throwsNasty = {
      get x(): never {
        throw nasty;
      },
    };
    expect(plainInput(throwsString).issues[0]?.message).toBe("expected a value that can be read (reading it threw text)");
    expect(plainInput(throwsNasty).issues[0]?.message).toBe("expected a value that can be read (reading it threw an exception)");
  });
});

// Hostile input for the fuzz tests of the codecs and the Zod schemas: random JSON values biased
// towards what breaks decoders (field names next to prototype member names, numbers at the
// edges of every range, malformed strings, deep nesting), JSON text with duplicated keys or cut
// short, and values no JSON text can make (throwing getters, revoked proxies, cycles).
import * as fc from "fast-check";

const fieldKeys = [
  "participants",
  "tracks",
  "layers",
  "sid",
  "identity",
  "state",
  "joinedAt",
  "joined_at",
  "attributes",
  "permission",
  "canPublishSources",
  "version",
  "unixMicro",
  "emptyTimeout",
  "enabledCodecs",
  "int64Field",
  "bytesField",
  "byName",
  "byInt",
  "byBool",
  "kindById",
  "nodeById",
  "node",
  "child",
  "nodes",
  "choiceText",
  "choiceNode",
  "choiceValue",
  "struct",
  "value",
  "values",
  "timestamp",
  "duration",
  "wrappedInt32",
  "floatField",
  "stringField",
  "kind",
  "kinds",
];
const hostileKeys = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype", "__defineGetter__"];
const key = fc.oneof(fc.constantFrom(...fieldKeys), fc.constantFrom(...hostileKeys), fc.string({ maxLength: 6 }));

const hostileScalar = fc.oneof(
  fc.constantFrom(
    1e308,
    -1e308,
    2 ** 53 + 1,
    // biome-ignore lint/correctness/noPrecisionLoss: 2^63 as a double is the hostile value
    9223372036854775808,
    -0,
    0.5,
    4294967296,
    -2147483649,
    "1e536870000",
    "99999999999999999999999999",
    "-9223372036854775809",
    "0x10",
    " 1",
    "",
    "NaN",
    "Infinity",
    "@@@@",
    "ab=c",
    "a",
    "====",
    "+/+/AQ",
    "\uD800",
    "a\uDC00",
    "\uDBFF\uDFFF",
    "KIND_C",
    "ACTIVE",
    "1972-13-01T00:00:00Z",
    true,
    false,
    null,
  ),
  fc.double(),
  fc.integer(),
  fc.string({ unit: "binary", maxLength: 8 }),
);

/** Entries -> object with own `__proto__` keys (as JSON.parse would make them). */
export function record(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
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
function deeplyNested(leaf: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .record({
      depth: fc.integer({ min: 90, max: 1500 }),
      via: fc.constantFrom("child", "node", "participants", "struct", "__proto__", "[]"),
      leaf,
    })
    .map(({ depth, via, leaf }) => {
      let out: unknown = leaf;
      for (let i = 0; i < depth; i++) out = via === "[]" ? [out] : record([[via, out]]);
      return out;
    });
}
const deep = deeplyNested(value);

export const hostileJson = fc.oneof(value, deep, fc.array(fc.tuple(key, fc.oneof(value, deep)), { maxLength: 8 }).map(record));

/** JSON text with a twist: duplicated keys, cut short, or as is. */
export const hostileJsonText = fc.tuple(hostileJson, fc.nat(), fc.constantFrom("as is", "duplicate", "cut")).map(([json, n, twist]) => {
  const t = JSON.stringify(json) ?? "null";
  if (twist === "cut") return t.slice(0, n % (t.length + 1));
  if (twist === "duplicate") return t.replace(/\{("[^"\\]*":[^,{}[\]]*)/, "{$1,$1");
  return t;
});

export function prototypeSnapshot() {
  return Object.getOwnPropertyNames(Object.prototype).map((name) => [name, Object.getOwnPropertyDescriptor(Object.prototype, name)]);
}

// ---- values no JSON text can make ----

class Boom extends Error {}
const boom = () => {
  throw new Boom("hostile");
};

/** Proxy traps that throw, one at a time: every way of reading an object. */
const trapNames = ["get", "has", "ownKeys", "getOwnPropertyDescriptor", "getPrototypeOf"] as const;

/** What is done to an object: made to contain itself, read through a trap that throws, ... */
const twists: Record<string, (target: object, key: string) => unknown> = {
  cycle: (target, key) => Object.defineProperty(target, key, { value: target, enumerable: true }),
  "throwing getter": (target, key) => Object.defineProperty(target, key, { get: boom, enumerable: true }),
  "inherited getter": (target, key) => Object.setPrototypeOf(target, Object.defineProperty({}, key, { get: boom, enumerable: true })),
  "revoked proxy": (target) => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  },
  ...Object.fromEntries(trapNames.map((trap) => [`proxy throwing in ${trap}`, (target: object) => new Proxy(target, { [trap]: boom })])),
  // Answers differently on every read: a schema that reads twice sees two values.
  "changing proxy": (target, key) => {
    let reads = 0;
    return new Proxy(target, { get: (t, k, r) => (k === key ? (reads++ % 2 === 0 ? "x" : 1) : Reflect.get(t, k, r)) });
  },
  "throwing toString": (target) => Object.assign(target, { toString: boom, valueOf: boom, toJSON: boom, [Symbol.toPrimitive]: boom }),
  "null prototype": (target) => Object.setPrototypeOf(target, null),
  "symbol key": (target) => Object.assign(target, { [Symbol("s")]: 1 }),
  frozen: (target) => Object.freeze(target),
};

/**
 * An object to be twisted when the test runs (see {@link materialize}): fast-check itself reads
 * the values it generates, and a revoked proxy would stop it.
 */
class Twisted {
  constructor(
    readonly twist: string,
    readonly target: unknown,
    readonly key: string,
  ) {}
}

/**
 * The value a test gives the code under test: every {@link Twisted} object made, afresh. It
 * walks with a stack of its own: hostile values nest 1500 deep, which a recursive walk cannot
 * always take in a test worker (Node.js 22's stack overflowed there).
 */
export function materialize(value: unknown): unknown {
  type Step = { readonly visit: unknown } | { readonly build: unknown; readonly keys: readonly string[] };
  const steps: Step[] = [{ visit: value }];
  const made: unknown[] = [];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ("build" in step) {
      const parts = made.splice(made.length - step.keys.length, step.keys.length);
      made.push(assemble(step.build, step.keys, parts));
      continue;
    }
    const keys = childKeys(step.visit);
    if (keys === undefined) {
      made.push(step.visit);
      continue;
    }
    steps.push({ build: step.visit, keys });
    const children = keys.map((key) => (step.visit as Record<string, unknown>)[key]);
    for (let i = children.length - 1; i >= 0; i--) steps.push({ visit: children[i] });
  }
  return made[0];
}

/** The keys of what {@link materialize} walks into (a Twisted's target, an array's present indexes, a plain object's entries); undefined for a leaf. */
function childKeys(value: unknown): string[] | undefined {
  if (value instanceof Twisted) return ["target"];
  if (Array.isArray(value)) return Object.keys(value).filter((key) => /^\d+$/.test(key));
  if (typeof value !== "object" || value === null || Object.getPrototypeOf(value) !== Object.prototype) return undefined;
  return Object.keys(value);
}

/** A node of {@link materialize} made again from its materialized children (holes of an array stay holes). */
function assemble(node: unknown, keys: readonly string[], parts: readonly unknown[]): unknown {
  if (node instanceof Twisted) return twists[node.twist]!(parts[0] as object, node.key);
  if (Array.isArray(node)) {
    const out: unknown[] = new Array(node.length);
    keys.forEach((key, i) => {
      out[Number(key)] = parts[i];
    });
    return out;
  }
  return record(keys.map((key, i) => [key, parts[i]]));
}

/** Objects and other values outside JSON, made fresh for each run. */
const exoticLeaf = fc
  .constantFrom<() => unknown>(
    () => new Date(0),
    () => new Date(NaN),
    () => new Uint8Array([1, 2, 3]),
    () => new Uint16Array(2),
    () => new DataView(new ArrayBuffer(2)),
    () => new Map([["a", 1]]),
    () => new Set([1]),
    // biome-ignore lint/suspicious/noSparseArray: a hole is the hostile input
    () => [, 1], // a hole
    () => Object.assign([1, 2], { extra: 3 }),
    () =>
      new (class Thing {
        readonly sid = "x";
      })(),
    () => Object.create({ sid: "inherited", name: "inherited" }),
    () => Object(1n),
    () => new String("a"),
    () => Symbol("s"),
    () => boom,
    () => 12n,
    () => undefined,
    () => new Boom("an error as a value"),
    () => Promise.resolve(1),
  )
  .map((make) => make());

/**
 * Hostile values of any kind: the JSON values above, values outside JSON, and objects twisted
 * (see `twists`) at any depth. Pass them through {@link materialize} before use.
 */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileScalar,
    exoticLeaf,
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 6 }).map(record),
    fc
      .tuple(fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }), fc.boolean(), key, fc.constantFrom(...Object.keys(twists)))
      .map(([entries, asArray, k, twist]) => new Twisted(twist, asArray ? entries.map(([, v]) => v) : record(entries), k)),
  ),
})).value;

/** Hostile values, also nested deeply, and as objects of hostile values. */
export const hostileInput = fc.oneof(
  hostileValue,
  deeplyNested(hostileValue),
  fc.array(fc.tuple(key, hostileValue), { maxLength: 8 }).map(record),
);

// Inputs the Zod schema tests share: random valid init shapes (from the codec tests' arbitrary)
// and valid init shapes with one hostile value planted at any depth.
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import * as fc from "fast-check";
import type { RequiredRule } from "../../../generator/model/required.js";
import { messageArbitrary } from "../../support/arbitrary.js";
import { hostileValue } from "../../support/hostile.js";

/** A message as an init shape: the same values, without `$typeName` at any depth. */
export function initShape(value: unknown): unknown {
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

/** Struct keys can be "__proto__", which the schemas refuse (see docs/zod.md). */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== "object" || value === null || value instanceof Uint8Array) return false;
  return Object.hasOwn(value, "__proto__") || Object.values(value).some(hasProtoKey);
}

/** Random valid messages of a type with their init shapes, which its schema must accept unchanged. */
export function validInit(desc: DescMessage, rules: ReadonlyMap<DescField, RequiredRule>) {
  return messageArbitrary(desc, { unknownEnumNumbers: false, protoMapKeys: false })
    .map((message) => ({ message, init: withRules(initShape(message) as Record<string, unknown>, desc, rules) }))
    .filter(({ init }) => !hasProtoKey(init));
}

/** A random valid init shape with one property replaced by a hostile value, at any depth. */
export function withHostileField(desc: DescMessage): fc.Arbitrary<unknown> {
  return fc
    .tuple(messageArbitrary(desc, { maxDepth: 2, maxLength: 2 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), hostileValue)
    .map(([message, steps, hostile]) => {
      const root: unknown = structuredClone(message);
      let target = root;
      // Walk down through objects and arrays, then replace the property reached.
      for (const step of steps) {
        if (typeof target !== "object" || target === null || target instanceof Uint8Array) break;
        const keys = Object.keys(target);
        if (keys.length === 0) break;
        const key = keys[step % keys.length]!;
        const next = (target as Record<string, unknown>)[key];
        if (step === steps.at(-1) || typeof next !== "object" || next === null) {
          Object.defineProperty(target, key, { value: hostile, enumerable: true, writable: true, configurable: true });
          break;
        }
        target = next;
      }
      return root;
    });
}

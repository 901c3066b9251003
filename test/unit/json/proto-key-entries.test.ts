// A map key or Struct key "__proto__" is an entry like any other once read: an own data
// property that is enumerable, writable and configurable (as `obj[key] = value` makes for any
// other key), so that user code can change or delete it, and the object keeps its prototype.
import { describe, expect, it } from "vitest";
import { CasesJson } from "../../fixtures/golden/json_json.js";

/** What an ordinary assignment makes: the descriptor every entry should have. */
function ordinary(value: unknown): PropertyDescriptor {
  const object: Record<string, unknown> = {};
  object.plain = value;
  return Object.getOwnPropertyDescriptor(object, "plain")!;
}

describe('"__proto__" as a key, read', () => {
  it("is an ordinary entry of a map, by parse and by decode", () => {
    const text = '{"byName":{"a":1,"__proto__":2}}';
    for (const message of [CasesJson.parse(text), CasesJson.decode(JSON.parse(text))]) {
      expect(Object.getOwnPropertyDescriptor(message.byName, "__proto__")).toEqual(ordinary(2));
      expect(Object.getOwnPropertyDescriptor(message.byName, "a")).toEqual(ordinary(1));
      expect(Object.getPrototypeOf(message.byName)).toBe(Object.prototype);
    }
  });

  it("can be changed and deleted like any entry", () => {
    const { byName } = CasesJson.parse('{"byName":{"__proto__":2}}');
    Object.defineProperty(byName, "__proto__", { value: 5 });
    expect(Object.getOwnPropertyDescriptor(byName, "__proto__")).toEqual(ordinary(5));
    expect(Reflect.deleteProperty(byName, "__proto__")).toBe(true);
    expect(Object.keys(byName)).toEqual([]);
    expect(Object.getPrototypeOf(byName)).toBe(Object.prototype);
  });

  it("is an ordinary entry of a Struct, at any depth", () => {
    const text = '{"struct":{"__proto__":{"__proto__":[{"__proto__":null}]}}}';
    for (const message of [CasesJson.parse(text), CasesJson.decode(JSON.parse(text))]) {
      const outer = message.struct!;
      expect(Object.getOwnPropertyDescriptor(outer, "__proto__")?.enumerable).toBe(true);
      expect(Object.getOwnPropertyDescriptor(outer, "__proto__")?.writable).toBe(true);
      expect(Object.getOwnPropertyDescriptor(outer, "__proto__")?.configurable).toBe(true);
      const inner = Object.getOwnPropertyDescriptor(outer, "__proto__")!.value as Record<string, unknown>;
      expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
      const list = Object.getOwnPropertyDescriptor(inner, "__proto__")!.value as Record<string, unknown>[];
      expect(Object.getOwnPropertyDescriptor(list[0], "__proto__")).toEqual(ordinary(null));
      expect(JSON.stringify(outer)).toBe('{"__proto__":{"__proto__":[{"__proto__":null}]}}');
    }
  });
});

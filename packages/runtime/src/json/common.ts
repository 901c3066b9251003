// What the JSON readers (read.ts) and writers (write.ts) share: limits, how values and paths
// are described in errors, and the error base class.

/** Nesting deeper than this many messages (or JSON levels inside a well-known type) is rejected. */
export const maxDepth = 100;

/** The largest finite 32-bit float. */
export const float32Max = 3.4028234663852886e38;

/** Whether a finite number rounds to infinity as a 32-bit float. */
export function beyondFloat32(n: number): boolean {
  return (n > float32Max || n < -float32Max) && !Number.isFinite(Math.fround(n));
}

type WellFormed = { isWellFormed?(): boolean };
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string has no lone surrogate (so that it is valid UTF-16, and has a UTF-8 form). */
export const wellFormed: (s: string) => boolean =
  typeof (String.prototype as WellFormed).isWellFormed === "function"
    ? (s) => (s as WellFormed).isWellFormed!()
    : (s) => !loneSurrogate.test(s);

/** How a bad value is named in an error: strings quoted (shortened), others by kind. */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value);
    case "number":
    case "boolean":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "undefined":
      return "undefined";
    case "object":
      return value === null ? "null" : Array.isArray(value) ? "an array" : "an object";
    default:
      return `a ${typeof value}`;
  }
}

/** A JSON key or property name as a path segment: a plain name as is, anything else in brackets. */
export function keySegment(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `[${JSON.stringify(key)}]`;
}

/**
 * Defines an own property, so that a key `__proto__` is data and not the prototype. A name that
 * is inherited (`__proto__`, or anything a polluted Object.prototype holds) is defined rather
 * than assigned: an inherited setter or read-only property must not see or refuse the value.
 */
export function defineKey<V>(target: { [key: string]: V }, key: string, value: V): void {
  if (key in target) Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Whether `value` carries `brand` (set by the error classes, shared by every copy of the runtime). */
export function hasBrand(value: unknown, brand: symbol): boolean {
  try {
    return typeof value === "object" && value !== null && (value as { [key: symbol]: unknown })[brand] === true;
  } catch {
    return false; // a thrown Proxy whose traps throw
  }
}

/**
 * A codec error with a location: `path` says where (`participants[3].tracks[0].type`, empty
 * for the top level), `expected` what the codec wanted there, and `found` what it got.
 */
export abstract class JsonPathError extends Error {
  constructor(
    public path: string,
    readonly expected: string,
    readonly found: string,
    /** The message type being read or written (set when the error leaves the codec). */
    public typeName = "",
  ) {
    super("");
    this.message = this.describe();
  }

  /** What failed: `["decode", "from"]` or `["encode", "to"]` (a getter: the constructor reads it). */
  protected abstract get action(): readonly [string, string];

  /** Prefixes the path with an enclosing key or index (the error unwinds outwards). */
  within(segment: string): this {
    const sep = this.path === "" || this.path.startsWith("[") || segment === "" ? "" : ".";
    this.path = segment + sep + this.path;
    this.message = this.describe();
    return this;
  }

  /** Names the message type being read or written. */
  inType(typeName: string): this {
    this.typeName = typeName;
    this.message = this.describe();
    return this;
  }

  private describe(): string {
    const where = this.path === "" ? "" : ` at ${this.path}`;
    const what = this.typeName === "" ? "" : ` ${this.typeName}`;
    const [verb, preposition] = this.action;
    return `cannot ${verb}${what} ${preposition} JSON${where}: expected ${this.expected}, found ${this.found}`;
  }
}

/** A thrown value that is not a codec error (a bug, or a throwing getter), described safely. */
export function describeThrown(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    return "an exception";
  }
}

export const int32Min = -0x80000000;
export const int32Max = 0x7fffffff;
export const uint32Max = 0xffffffff;
export const int64Min = -(2n ** 63n);
export const int64Max = 2n ** 63n - 1n;
export const uint64Max = 2n ** 64n - 1n;

/** How a map key is checked and spelled (protoc-gen-es keeps keys as strings). */
export type MapKeyKind = "string" | "bool" | "int32" | "uint32" | "int64" | "uint64";

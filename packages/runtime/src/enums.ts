// Runtime support for the generated enum tables.

/** One value of a protobuf enum, in declaration order. */
export interface EnumValueInfo<E extends number> {
  /** The full proto value name, which is also its JSON name (`"SCREEN_SHARE_AUDIO"`). */
  readonly name: string;
  readonly number: E;
  /** The value's doc comment from the .proto file, or `""`. */
  readonly doc: string;
}

/** Everything about one protobuf enum that code needs at run time. */
export interface EnumTable<E extends number> {
  /** Fully qualified proto name, e.g. `"livekit.TrackSource"`. */
  readonly typeName: string;
  readonly values: readonly EnumValueInfo<E>[];
  /** Proto value name -> number. An object without a prototype: `"__proto__"` is just absent. */
  readonly byName: Readonly<Record<string, E | undefined>>;
  /** Number -> proto value name (the first name declared for that number). */
  readonly byNumber: Readonly<Record<number, string | undefined>>;
  /**
   * Reads a proto3 JSON enum value: a value name, or an integer (an unknown integer is kept,
   * as proto3 enums are open). Throws {@link EnumValueError} for anything else.
   */
  fromJson(value: unknown): E;
  /** The value's proto name, or its number when the number is not a known value. */
  toJson(value: E): string | number;
}

/** Marks an EnumValueError of any copy of this runtime (each generated package has its own). */
const brand: unique symbol = Symbol.for("protoc-gen-livekit.EnumValueError");

/**
 * A JSON value that is not a name or an integer of the enum. `instanceof EnumValueError` holds
 * for an error from any generated package, not only this copy of the runtime.
 */
export class EnumValueError extends Error {
  override name = "EnumValueError";
  readonly [brand] = true;

  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class instanceof asks about (a subclass too)
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    // Another copy's error: a subclass only matches its own instances.
    // biome-ignore lint/complexity/noThisInStatic: as above
    return this === EnumValueError && typeof value === "object" && value !== null && brand in value;
  }

  constructor(
    readonly typeName: string,
    readonly value: unknown,
  ) {
    super(`invalid value for enum ${typeName}: ${describe(value)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : typeof value;
}

const int32Min = -0x80000000;
const int32Max = 0x7fffffff;

/** Builds a frozen table from `[name, number, doc]` rows in declaration order. */
export function enumTable<E extends number>(
  typeName: string,
  rows: readonly (readonly [name: string, number: E, doc: string])[],
): EnumTable<E> {
  const byName: Record<string, E> = Object.create(null);
  const byNumber: Record<number, string> = Object.create(null);
  const values = rows.map(([name, number, doc]) => {
    byName[name] = number;
    byNumber[number] ??= name;
    return Object.freeze({ name, number, doc });
  });
  return Object.freeze({
    typeName,
    values: Object.freeze(values),
    byName: Object.freeze(byName),
    byNumber: Object.freeze(byNumber),
    fromJson(value: unknown): E {
      if (typeof value === "string") {
        const number = byName[value];
        if (number !== undefined) return number;
      } else if (typeof value === "number" && Number.isInteger(value) && value >= int32Min && value <= int32Max) {
        return value as E;
      }
      throw new EnumValueError(typeName, value);
    },
    toJson(value: E): string | number {
      return byNumber[value] ?? value;
    },
  });
}

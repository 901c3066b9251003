// fast-check arbitraries for protobuf messages of any schema: random but valid messages, as
// protoc-gen-es represents them (created with `create`, so `equals`/`toJson` accept them).
// Reused by the JSON parity tests and by the Zod tests (which turn them into init shapes).
import {
  create,
  equals,
  fromJson,
  ScalarType,
  toBinary,
  type DescEnum,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type MessageShape,
} from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import * as fc from "fast-check";

export interface MessageArbitraryOptions {
  /** How deep nested messages go before message fields stay unset (default 3). */
  readonly maxDepth?: number;
  /** Longest list and largest map (default 3). */
  readonly maxLength?: number;
  /** Also generate enum numbers that name no value (proto3 enums are open; default true). */
  readonly unknownEnumNumbers?: boolean;
  /**
   * Also use `__proto__` as a map key (default true). @bufbuild/protobuf 2.13's toJson loses
   * such an entry, so comparisons with it turn this off.
   */
  readonly protoMapKeys?: boolean;
  /**
   * Message types that `google.protobuf.Any` values pack (JSON needs them in a registry). Without
   * them (the default), an Any holds a random type URL and random bytes.
   */
  readonly anyTypes?: readonly DescMessage[];
  /**
   * Also -0 inside well-known types: wrappers, the numbers of Value, ListValue and Struct, and
   * the messages packed in Any (default true; other float and double fields get -0 always).
   */
  readonly wellKnownNegativeZero?: boolean;
}

/** Random valid messages of `schema`: every field kind, oneofs, optional, maps, nesting. */
export function messageArbitrary<Desc extends DescMessage>(
  schema: Desc,
  options: MessageArbitraryOptions = {},
): fc.Arbitrary<MessageShape<Desc>> {
  const settings = {
    maxDepth: 3,
    maxLength: 3,
    unknownEnumNumbers: true,
    protoMapKeys: true,
    anyTypes: [],
    wellKnownNegativeZero: true,
    negativeZero: true,
    ...options,
  };
  return messageAt(schema, settings, 0) as fc.Arbitrary<MessageShape<Desc>>;
}

/** The options, and whether floats and doubles may be -0 here (not inside Any, see wellKnownNegativeZero). */
type Settings = Required<MessageArbitraryOptions> & { readonly negativeZero: boolean };

function messageAt(desc: DescMessage, settings: Settings, depth: number): fc.Arbitrary<unknown> {
  const wellKnown = wellKnownValue(desc, settings, depth);
  if (wellKnown !== undefined) return wellKnown;
  const parts: Record<string, fc.Arbitrary<unknown>> = {};
  for (const field of desc.fields) {
    if (field.oneof !== undefined) continue;
    const value = fieldValue(field, settings, depth);
    if (value === undefined) continue;
    parts[field.localName] = field.fieldKind === "list" || field.fieldKind === "map" ? value : presence(field, value);
  }
  for (const oneof of desc.oneofs) {
    if (oneof.kind !== "oneof") continue;
    const members = oneof.fields.flatMap((field) => {
      const value = fieldValue(field, settings, depth);
      return value === undefined ? [] : [value.map((v) => ({ case: field.localName, value: v }))];
    });
    parts[oneof.localName] = fc.oneof(fc.constant({ case: undefined }), ...members);
  }
  const maps = desc.fields.filter((field) => field.fieldKind === "map").map((field) => field.localName);
  return fc.record(parts).map((init) => {
    // create() copies a map with assignments, which turns a "__proto__" key into the prototype:
    // maps are set afterwards, as they were generated (own keys only).
    const message = create(desc, { ...init, ...Object.fromEntries(maps.map((name) => [name, {}])) } as never) as Record<string, unknown>;
    for (const name of maps) if (name in init) message[name] = (init as Record<string, unknown>)[name];
    return message;
  });
}

/** Explicit presence (messages, proto3 optional): sometimes unset. */
function presence(field: DescField, value: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const explicit = field.fieldKind === "message" || field.proto.proto3Optional === true;
  return explicit ? fc.option(value, { nil: undefined, freq: 3 }) : value;
}

function fieldValue(field: DescField, settings: Settings, depth: number): fc.Arbitrary<unknown> | undefined {
  const length = { maxLength: settings.maxLength };
  switch (field.fieldKind) {
    case "scalar":
      return scalarOf(field, field.scalar, settings);
    case "enum":
      return enumValue(field.enum, settings);
    case "message":
      if (depth >= settings.maxDepth) return undefined;
      // protoc-gen-es unboxes wrappers in singular fields only, not in oneof members.
      return (
        (field.oneof === undefined ? unboxedWrapper(field.message, settings) : undefined) ?? messageAt(field.message, settings, depth + 1)
      );
    case "list": {
      if (field.listKind === "message" && depth >= settings.maxDepth) return fc.constant([]);
      const element =
        field.listKind === "scalar"
          ? scalarOf(field, field.scalar, settings)
          : field.listKind === "enum"
            ? enumValue(field.enum, settings)
            : messageAt(field.message, settings, depth + 1);
      return fc.array(element, length);
    }
    case "map": {
      if (field.mapKind === "message" && depth >= settings.maxDepth) return fc.constant({});
      const value =
        field.mapKind === "scalar"
          ? scalar(field.scalar, settings)
          : field.mapKind === "enum"
            ? enumValue(field.enum, settings)
            : messageAt(field.message, settings, depth + 1);
      return fc.array(fc.tuple(mapKey(field.mapKey, settings), value), length).map(toRecord);
    }
  }
}

/** A scalar of a field: 64-bit integers as decimal strings where `[jstype = JS_STRING]` says so. */
function scalarOf(field: DescField & { readonly longAsString: boolean }, type: ScalarType, settings: Settings): fc.Arbitrary<unknown> {
  return field.longAsString ? scalar(type, settings).map(String) : scalar(type, settings);
}

/** Entries -> a plain object; a `__proto__` key becomes an own property, as a map key should. */
function toRecord(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return record;
}

/** Any string of whole Unicode characters (no lone surrogates), biased towards tricky ones. */
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("", "__proto__", "constructor", "toString", "\u2028", '"\\', "\u{1F600}", "\u0000\u001f"),
);
/** The same, without `"__proto__"` (for comparisons with @bufbuild/protobuf, which loses such keys). */
const withoutProtoKey = text.filter((key) => key !== "__proto__");

function mapKey(type: ScalarType, settings: Settings): fc.Arbitrary<string> {
  switch (type) {
    case ScalarType.BOOL:
      return fc.constantFrom("true", "false");
    case ScalarType.STRING:
      return settings.protoMapKeys ? text : withoutProtoKey;
    default:
      return scalar(type, settings).map(String);
  }
}

const int32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/**
 * Known numbers mostly; also (open enums) any int32, small ones and both ends of the range.
 * google.protobuf.NullValue has one value only: JSON writes every number as `null`.
 */
function enumValue(desc: DescEnum, settings: Settings): fc.Arbitrary<number> {
  const known = fc.constantFrom(...desc.values.map((v) => v.number));
  if (!settings.unknownEnumNumbers || desc.typeName === "google.protobuf.NullValue") return known;
  return fc.oneof(
    { arbitrary: known, weight: 7 },
    fc.integer({ min: -5, max: 1000 }),
    fc.integer(int32),
    fc.constantFrom(int32.min, int32.max),
  );
}

const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
/** Floating-point values proto3 JSON writes as strings ("NaN", "-Infinity"), and -0. */
const nonFinite = fc.constantFrom(NaN, Infinity, -Infinity, -0);
const notNegativeZero = (v: unknown) => !Object.is(v, -0);

function scalar(type: ScalarType, settings: Settings): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer(int32));
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }));
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt(int64));
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE: {
      const numbers = fc.oneof(type === ScalarType.FLOAT ? fc.float() : fc.double(), nonFinite);
      return settings.negativeZero ? numbers : numbers.filter(notNegativeZero);
    }
    case ScalarType.BOOL:
      return fc.boolean();
    case ScalarType.STRING:
      return text;
    case ScalarType.BYTES:
      return fc.uint8Array({ maxLength: 20 });
  }
}

// ---- well-known types ----

const wrapperScalars: Record<string, ScalarType> = {
  "google.protobuf.DoubleValue": ScalarType.DOUBLE,
  "google.protobuf.FloatValue": ScalarType.FLOAT,
  "google.protobuf.Int64Value": ScalarType.INT64,
  "google.protobuf.UInt64Value": ScalarType.UINT64,
  "google.protobuf.Int32Value": ScalarType.INT32,
  "google.protobuf.UInt32Value": ScalarType.UINT32,
  "google.protobuf.BoolValue": ScalarType.BOOL,
  "google.protobuf.StringValue": ScalarType.STRING,
  "google.protobuf.BytesValue": ScalarType.BYTES,
};

/** A wrapper in a singular field is its bare value in protoc-gen-es's types. */
function unboxedWrapper(desc: DescMessage, settings: Settings): fc.Arbitrary<unknown> | undefined {
  const type = wrapperScalars[desc.typeName];
  if (type === undefined) return undefined;
  return scalar(type, settings.wellKnownNegativeZero ? settings : { ...settings, negativeZero: false });
}

/** JSON values (of a Struct, a Value) whose object keys are `keys`. */
function jsonValueOf(keys: fc.Arbitrary<string>, negativeZero: boolean): fc.Arbitrary<JsonValue> {
  const number = fc.double({ noNaN: true, noDefaultInfinity: true });
  return fc.letrec<{ value: JsonValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.constant(null),
      fc.boolean(),
      negativeZero ? number : number.filter(notNegativeZero),
      text,
      fc.array(tie("value"), { maxLength: 3 }),
      fc.array(fc.tuple(keys, tie("value")), { maxLength: 3 }).map((e) => toRecord(e) as JsonObject),
    ),
  })).value;
}
const jsonValues = new Map(
  [true, false].flatMap((protoKeys) =>
    [true, false].map(
      (negativeZero) => [`${protoKeys} ${negativeZero}`, jsonValueOf(protoKeys ? text : withoutProtoKey, negativeZero)] as const,
    ),
  ),
);

/** A FieldMask path: dotted snake_case names, which its JSON form can carry. */
const fieldPath = fc.stringMatching(/^[a-z]{1,5}(_[a-z]{1,5})?(\.[a-z]{1,5}(_[a-z]{1,5})?){0,2}$/);

function wellKnownValue(desc: DescMessage, settings: Settings, depth: number): fc.Arbitrary<unknown> | undefined {
  const jsonValue = jsonValues.get(`${settings.protoMapKeys} ${settings.wellKnownNegativeZero}`)!;
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return fc
        .record({ seconds: fc.bigInt({ min: -62135596800n, max: 253402300799n }), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
        .map((init) => create(desc, init as never));
    case "google.protobuf.Duration":
      return fc
        .record({
          seconds: fc.bigInt({ min: 0n, max: 315576000000n }),
          nanos: fc.integer({ min: 0, max: 999_999_999 }),
          negative: fc.boolean(),
        })
        .map(({ seconds, nanos, negative }) =>
          create(desc, { seconds: negative ? -seconds : seconds, nanos: negative ? -nanos : nanos } as never),
        );
    case "google.protobuf.Struct":
      // protoc-gen-es represents a Struct field as a JsonObject.
      return fc.array(fc.tuple(settings.protoMapKeys ? text : withoutProtoKey, jsonValue), { maxLength: 3 }).map(toRecord);
    case "google.protobuf.Empty":
      return fc.constant(create(desc));
    case "google.protobuf.Value":
      return jsonValue.map((json) => fromJson(desc, json));
    case "google.protobuf.ListValue":
      return fc.array(jsonValue, { maxLength: 3 }).map((json) => fromJson(desc, json));
    case "google.protobuf.FieldMask":
      return fc.array(fieldPath, { maxLength: 3 }).map((paths) => create(desc, { paths } as never));
    case "google.protobuf.Any":
      if (settings.anyTypes.length > 0 && depth < settings.maxDepth) {
        // protoc-gen-es represents a Struct field as a JsonObject, but packs the message.
        const inner = settings.wellKnownNegativeZero ? settings : { ...settings, negativeZero: false };
        const packed = (type: DescMessage) =>
          messageAt(type, inner, depth + 1).map((m) => (type.typeName === "google.protobuf.Struct" ? fromJson(type, m as JsonValue) : m));
        return fc.oneof(...settings.anyTypes.map((type) => packed(type).map((m) => anyPack(type, m as never))));
      }
      // Arbitrary type URLs and bytes: fine for binary and schemas, not for JSON (needs a registry).
      return fc.record({ typeUrl: text, value: fc.uint8Array({ maxLength: 20 }) }).map((init) => create(desc, init as never));
    default:
      if (desc.typeName in wrapperScalars) {
        return unboxedWrapper(desc, settings)!.map((value) => create(desc, { value } as never));
      }
      if (desc.typeName.startsWith("google.protobuf.")) {
        throw new Error(`messageArbitrary: no generator for ${desc.typeName} yet`);
      }
      return undefined;
  }
}

/**
 * Whether two messages are equal. @bufbuild/protobuf's `equals` says NaN differs from NaN;
 * where it says no, their binary forms decide (NaN is written as the same bytes).
 */
export function sameMessage<Desc extends DescMessage>(desc: Desc, a: MessageShape<Desc>, b: MessageShape<Desc>): boolean {
  return equals(desc, a, b) || Buffer.from(toBinary(desc, a)).equals(toBinary(desc, b));
}

/** Every message type reachable from a service's requests and responses, in a stable order. */
export function reachableMessages(service: { readonly methods: readonly { input: DescMessage; output: DescMessage }[] }): DescMessage[] {
  const seen = new Map<string, DescMessage>();
  const visit = (desc: DescMessage) => {
    if (seen.has(desc.typeName) || desc.typeName.startsWith("google.protobuf.")) return;
    seen.set(desc.typeName, desc);
    for (const field of desc.fields) {
      if (field.message !== undefined) visit(field.message);
    }
  };
  for (const method of service.methods) {
    visit(method.input);
    visit(method.output);
  }
  return [...seen.values()];
}

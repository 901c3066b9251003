// fast-check arbitraries for protobuf messages of any schema: random but valid messages, as
// protoc-gen-es represents them (created with `create`, so `equals`/`toJson` accept them).
// Reused by the JSON parity tests and by the Zod tests (which turn them into init shapes).
import { create, fromJson, ScalarType, type DescField, type DescMessage, type JsonObject, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
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
}

/** Random valid messages of `schema`: every field kind, oneofs, optional, maps, nesting. */
export function messageArbitrary<Desc extends DescMessage>(
  schema: Desc,
  options: MessageArbitraryOptions = {},
): fc.Arbitrary<MessageShape<Desc>> {
  const settings = { maxDepth: 3, maxLength: 3, unknownEnumNumbers: true, protoMapKeys: true, ...options };
  return messageAt(schema, settings, 0) as fc.Arbitrary<MessageShape<Desc>>;
}

type Settings = Required<MessageArbitraryOptions>;

function messageAt(desc: DescMessage, settings: Settings, depth: number): fc.Arbitrary<unknown> {
  const wellKnown = wellKnownValue(desc);
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
  return fc.record(parts).map((init) => create(desc, init as never));
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
      return scalar(field.scalar);
    case "enum":
      return enumValue(field.enum.values.map((v) => v.number), settings);
    case "message":
      if (depth >= settings.maxDepth) return undefined;
      // protoc-gen-es unboxes wrappers in singular fields only, not in oneof members.
      return (field.oneof === undefined ? unboxedWrapper(field.message) : undefined) ?? messageAt(field.message, settings, depth + 1);
    case "list": {
      if (field.listKind === "message" && depth >= settings.maxDepth) return fc.constant([]);
      const element =
        field.listKind === "scalar"
          ? scalar(field.scalar)
          : field.listKind === "enum"
            ? enumValue(field.enum.values.map((v) => v.number), settings)
            : messageAt(field.message, settings, depth + 1);
      return fc.array(element, length);
    }
    case "map": {
      if (field.mapKind === "message" && depth >= settings.maxDepth) return fc.constant({});
      const value =
        field.mapKind === "scalar"
          ? scalar(field.scalar)
          : field.mapKind === "enum"
            ? enumValue(field.enum.values.map((v) => v.number), settings)
            : messageAt(field.message, settings, depth + 1);
      return fc.array(fc.tuple(mapKey(field.mapKey, settings), value), length).map(toRecord);
    }
  }
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

function mapKey(type: ScalarType, settings: Settings): fc.Arbitrary<string> {
  switch (type) {
    case ScalarType.BOOL:
      return fc.constantFrom("true", "false");
    case ScalarType.STRING:
      return settings.protoMapKeys ? text : text.filter((key) => key !== "__proto__");
    default:
      return scalar(type).map(String);
  }
}

function enumValue(numbers: readonly number[], settings: Settings): fc.Arbitrary<number> {
  const known = fc.constantFrom(...numbers);
  return settings.unknownEnumNumbers ? fc.oneof({ arbitrary: known, weight: 9 }, fc.integer({ min: -5, max: 1000 })) : known;
}

const int64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };

function scalar(type: ScalarType): fc.Arbitrary<unknown> {
  switch (type) {
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }));
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
      return fc.float({ noNaN: true });
    case ScalarType.DOUBLE:
      return fc.double({ noNaN: true });
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
function unboxedWrapper(desc: DescMessage): fc.Arbitrary<unknown> | undefined {
  const type = wrapperScalars[desc.typeName];
  return type === undefined ? undefined : scalar(type);
}

const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    text,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.array(fc.tuple(text, tie("value")), { maxLength: 3 }).map((e) => toRecord(e) as JsonObject),
  ),
})).value;

/** A FieldMask path: dotted snake_case names, which its JSON form can carry. */
const fieldPath = fc.stringMatching(/^[a-z]{1,5}(_[a-z]{1,5})?(\.[a-z]{1,5}(_[a-z]{1,5})?){0,2}$/);

function wellKnownValue(desc: DescMessage): fc.Arbitrary<unknown> | undefined {
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return fc
        .record({ seconds: fc.bigInt({ min: -62135596800n, max: 253402300799n }), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
        .map((init) => create(desc, init as never));
    case "google.protobuf.Duration":
      return fc
        .record({ seconds: fc.bigInt({ min: 0n, max: 315576000000n }), nanos: fc.integer({ min: 0, max: 999_999_999 }), negative: fc.boolean() })
        .map(({ seconds, nanos, negative }) => create(desc, { seconds: negative ? -seconds : seconds, nanos: negative ? -nanos : nanos } as never));
    case "google.protobuf.Struct":
      // protoc-gen-es represents a Struct field as a JsonObject.
      return fc.array(fc.tuple(text, jsonValue), { maxLength: 3 }).map(toRecord);
    case "google.protobuf.Empty":
      return fc.constant(create(desc));
    case "google.protobuf.Value":
      return jsonValue.map((json) => fromJson(desc, json));
    case "google.protobuf.ListValue":
      return fc.array(jsonValue, { maxLength: 3 }).map((json) => fromJson(desc, json));
    case "google.protobuf.FieldMask":
      return fc.array(fieldPath, { maxLength: 3 }).map((paths) => create(desc, { paths } as never));
    case "google.protobuf.Any":
      // Arbitrary type URLs and bytes: fine for binary and schemas, not for JSON (needs a registry).
      return fc.record({ typeUrl: text, value: fc.uint8Array({ maxLength: 20 }) }).map((init) => create(desc, init as never));
    default:
      if (desc.typeName in wrapperScalars) {
        return scalar(wrapperScalars[desc.typeName]!).map((value) => create(desc, { value } as never));
      }
      if (desc.typeName.startsWith("google.protobuf.")) {
        throw new Error(`messageArbitrary: no generator for ${desc.typeName} yet`);
      }
      return undefined;
  }
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

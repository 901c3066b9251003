// Message descriptors -> the data of `X_zod.ts`: one Zod schema per message, of the
// message-init shape protoc-gen-es's `create()` and our clients accept.
import type { DescEnum, DescField, DescFile, DescMessage } from "@bufbuild/protobuf";
import { GeneratorError } from "../../errors.js";
import { declareExport, importSchema, type FileContext, type ShapeResolver } from "../../model/context.js";
import {
  isWellKnown,
  isWellKnownFile,
  messageModel,
  messagesInOrder,
  type FieldModel,
  type MessageModel,
  type ScalarName,
  type ValueType,
} from "../../model/messages.js";
import {
  checkedIdentifier,
  clientNames,
  concernExports,
  concernModule,
  exportName,
  exportNames,
  runtimeModule,
  validatorsName,
  type FileScope,
} from "../../model/names.js";
import { requiredFields, type RequiredRule } from "../../model/required.js";
import type { ZodFlavour } from "../../options.js";

/**
 * How a value is checked; exactly one of the three is non-empty, so that the template only
 * chooses: a runtime schema (`int64Zod`), an enum table (`enumZod(TrackSourceTable)`), or
 * another message's schema, referenced lazily (`z.lazy(() => RoomZod)`).
 */
export interface ZodValueModel {
  readonly schema: string;
  readonly enumTable: string;
  readonly message: string;
}

export interface ZodOneofCase {
  /** The `case` string: the member's property name. */
  readonly name: string;
  readonly value: ZodValueModel;
}

/** One property of a message's schema: a field, or a oneof holding `{ case, value }`. */
export interface ZodPropertyModel {
  /** A checked identifier: protoc-gen-es's property name. */
  readonly property: string;
  readonly kind: { readonly singular: boolean; readonly list: boolean; readonly map: boolean; readonly oneof: boolean };
  readonly value: ZodValueModel;
  /** Local name of the map key's schema (maps only, else ""). */
  readonly mapKey: string;
  readonly cases: readonly ZodOneofCase[];
  /** A required list of names must hold at least one. */
  readonly nonEmptyList: boolean;
  /**
   * How a missing key is treated, following protoc-gen-es's init type, as the Zod function (or
   * classic method) that says it: `optional` (may be absent or undefined: fields with explicit
   * presence), `exactOptional` (may be absent), or "" (required by the sidecar).
   */
  readonly presence: Presence;
}

export type Presence = "optional" | "exactOptional" | "";

export interface ZodMessageModel {
  /** `RoomZod` */
  readonly exportName: string;
  /** `livekit.Room` */
  readonly protoName: string;
  readonly docLines: readonly string[];
  /**
   * For a message whose schema refers to itself (directly or through others), the local name
   * of its protoc-gen-es schema, for the type annotation that recursion needs; else "".
   */
  readonly recursiveSchema: string;
  readonly properties: readonly ZodPropertyModel[];
}

export interface ZodFileModel {
  /**
   * Zod Mini (option `zod=mini`): modifiers are functions (`z.exactOptional(s)`), not methods
   * (`s.exactOptional()`), and `z` is the runtime's namespace of the zod/mini functions used.
   */
  readonly mini: boolean;
  /** The type of a schema, for the annotation recursion needs: `ZodType` or `ZodMiniType`. */
  readonly zodType: string;
  /** Local names of `z`, `MessageInitShape` and the runtime helpers used by the template ("" when unused). */
  readonly z: string;
  readonly MessageInitShape: string;
  readonly messageZod: string;
  /** "" when the file has no map field. */
  readonly mapZod: string;
  readonly enumZod: string;
  readonly messages: readonly ZodMessageModel[];
  /** `<Service>Validators` of each service of the file: the client's opt-in `validate`. */
  readonly services: readonly ZodServiceModel[];
}

export interface ZodServiceModel {
  /** `RoomServiceValidators` */
  readonly exportName: string;
  /** `livekit.RoomService` */
  readonly protoName: string;
  /** `RoomServiceClient`, for the doc comment. */
  readonly clientName: string;
  /** Each RPC's name and the local name of its request's schema. */
  readonly methods: readonly { readonly name: string; readonly schema: string }[];
}

/** What differs between the two Zod flavours: where `z` and the runtime helpers come from, the schema type. */
interface Flavour {
  readonly z: string;
  readonly runtime: string;
  readonly zodType: string;
}

const zodFlavours: Record<ZodFlavour, Flavour> = {
  classic: { z: "zod", runtime: runtimeModule("zod"), zodType: "ZodType" },
  mini: { z: `${runtimeModule("zod")}/mini`, runtime: `${runtimeModule("zod")}/mini`, zodType: "ZodMiniType" },
};

/** Runtime schema of each scalar type; the 32-bit variants share one range. */
const scalarSchemas: Record<ScalarName, string> = {
  double: "doubleZod",
  float: "floatZod",
  int32: "int32Zod",
  sint32: "int32Zod",
  sfixed32: "int32Zod",
  uint32: "uint32Zod",
  fixed32: "uint32Zod",
  int64: "int64Zod",
  sint64: "int64Zod",
  sfixed64: "int64Zod",
  uint64: "uint64Zod",
  fixed64: "uint64Zod",
  bool: "boolZod",
  string: "stringZod",
  bytes: "bytesZod",
};

const longStringSchemas: Partial<Record<ScalarName, string>> = {
  int64: "int64StringZod",
  sint64: "int64StringZod",
  sfixed64: "int64StringZod",
  uint64: "uint64StringZod",
  fixed64: "uint64StringZod",
};

const mapKeySchemas: Partial<Record<ScalarName, string>> = {
  int32: "int32KeyZod",
  sint32: "int32KeyZod",
  sfixed32: "int32KeyZod",
  uint32: "uint32KeyZod",
  fixed32: "uint32KeyZod",
  int64: "int64KeyZod",
  sint64: "int64KeyZod",
  sfixed64: "int64KeyZod",
  uint64: "uint64KeyZod",
  fixed64: "uint64KeyZod",
  bool: "boolKeyZod",
  string: "stringKeyZod",
};

/** Well-known message types: their schema in the runtime, boxed (as a message). */
const wellKnownSchemas: Record<string, string> = {
  "google.protobuf.Timestamp": "timestampZod",
  "google.protobuf.Duration": "durationZod",
  "google.protobuf.Any": "anyZod",
  "google.protobuf.Empty": "emptyZod",
  "google.protobuf.FieldMask": "fieldMaskZod",
  "google.protobuf.Struct": "jsonObjectZod",
  "google.protobuf.Value": "valueZod",
  "google.protobuf.ListValue": "listValueZod",
  "google.protobuf.DoubleValue": "doubleValueZod",
  "google.protobuf.FloatValue": "floatValueZod",
  "google.protobuf.Int64Value": "int64ValueZod",
  "google.protobuf.UInt64Value": "uint64ValueZod",
  "google.protobuf.Int32Value": "int32ValueZod",
  "google.protobuf.UInt32Value": "uint32ValueZod",
  "google.protobuf.BoolValue": "boolValueZod",
  "google.protobuf.StringValue": "stringValueZod",
  "google.protobuf.BytesValue": "bytesValueZod",
};

/** protoc-gen-es unboxes a singular wrapper field (`int32Value?: number`): its scalar. */
const unboxedWrappers: Record<string, ScalarName> = {
  "google.protobuf.DoubleValue": "double",
  "google.protobuf.FloatValue": "float",
  "google.protobuf.Int64Value": "int64",
  "google.protobuf.UInt64Value": "uint64",
  "google.protobuf.Int32Value": "int32",
  "google.protobuf.UInt32Value": "uint32",
  "google.protobuf.BoolValue": "bool",
  "google.protobuf.StringValue": "string",
  "google.protobuf.BytesValue": "bytes",
};

/** The Zod schemas of a proto file, or undefined when it declares no message. */
export function zodFileModel({ file, scope, shapeOf, sidecar, options }: FileContext): ZodFileModel | undefined {
  const descs = messagesInOrder(file);
  if (descs.length === 0 && file.services.length === 0) return undefined;
  const names = zodExportNames(file, shapeOf);
  for (const desc of descs) declareExport(scope, file, desc.typeName, names.get(desc)!);
  for (const service of file.services) declareExport(scope, file, service.typeName, validatorsName(service));
  const required = requiredFields(file, sidecar);
  const recursive = recursiveMessages(descs);
  const flavour = zodFlavours[options.zod];
  const runtime = (name: string) => scope.import(name, flavour.runtime);
  const values = new ValueResolver(file, runtime, scope, shapeOf);
  const messages = descs.map((desc): ZodMessageModel => {
    const model = messageModel(desc);
    // A oneof is one property, `{ case, value }`, where its first member is declared.
    const properties = model.fields.flatMap((field) => {
      if (field.oneof === undefined) return [fieldProperty(file, field, required.get(field.desc), values, runtime)];
      const oneof = model.oneofs.find((o) => o.property === field.oneof?.property);
      return oneof !== undefined && oneof.fields[0] === field ? [oneofProperty(file, oneof, values)] : [];
    });
    return {
      exportName: names.get(desc)!,
      protoName: desc.typeName,
      docLines: model.docLines.length > 0 ? model.docLines : [`Schema of ${desc.typeName}.`],
      recursiveSchema: recursive.has(desc) ? importSchema(scope, shapeOf, desc) : "",
      properties,
    };
  });
  return {
    mini: options.zod === "mini",
    zodType: flavour.zodType,
    // Imported only if the text uses it (a list, a oneof, a message reference, a recursion type; with Zod Mini a modifier).
    z: scope.import("z", flavour.z),
    MessageInitShape: messages.some((m) => m.recursiveSchema !== "") ? scope.import("MessageInitShape", "@bufbuild/protobuf", true) : "",
    messageZod: runtime("messageZod"),
    mapZod: messages.some((m) => m.properties.some((p) => p.kind.map)) ? runtime("mapZod") : "",
    enumZod: values.usesEnums ? runtime("enumZod") : "",
    messages,
    services: file.services.map((service) => ({
      exportName: validatorsName(service),
      protoName: service.typeName,
      clientName: clientNames(service).client,
      methods: service.methods.map((method) => ({
        name: method.name,
        schema: method.input.file === file ? names.get(method.input)! : importZod(scope, shapeOf, method.input, options.zod),
      })),
    })),
  };
}

function fieldProperty(
  file: DescFile,
  field: FieldModel,
  rule: RequiredRule | undefined,
  values: ValueResolver,
  runtime: (name: string) => string,
): ZodPropertyModel {
  const nonEmpty = rule === "nonEmpty";
  const value = nonEmpty ? { schema: runtime("nonEmptyStringZod"), enumTable: "", message: "" } : values.of(field.value, field.desc);
  return {
    ...emptyProperty(checkedIdentifier(file, fieldElement(field.desc), field.property)),
    kind: { singular: field.shape === "singular", list: field.shape === "list", map: field.shape === "map", oneof: false },
    value,
    mapKey: field.mapKey === undefined ? "" : runtime(mapKeySchemas[field.mapKey]!),
    nonEmptyList: nonEmpty && field.shape === "list",
    presence: rule !== undefined ? "" : field.explicitPresence ? "optional" : "exactOptional",
  };
}

function oneofProperty(file: DescFile, oneof: MessageModel["oneofs"][number], values: ValueResolver): ZodPropertyModel {
  const first = oneof.fields[0]!;
  return {
    ...emptyProperty(checkedIdentifier(file, `oneof ${first.desc.parent.typeName}.${oneof.protoName}`, oneof.property)),
    kind: { singular: false, list: false, map: false, oneof: true },
    cases: oneof.fields.map((member) => ({
      name: checkedIdentifier(file, fieldElement(member.desc), member.property),
      value: values.of(member.value, member.desc),
    })),
    presence: "exactOptional",
  };
}

function emptyProperty(property: string): ZodPropertyModel {
  const none = { schema: "", enumTable: "", message: "" };
  return {
    property,
    kind: { singular: false, list: false, map: false, oneof: false },
    value: none,
    mapKey: "",
    cases: [],
    nonEmptyList: false,
    presence: "",
  };
}

function fieldElement(field: DescField): string {
  return `field ${field.parent.typeName}.${field.name}`;
}

/** Decides how each value type is checked, importing what that needs. */
class ValueResolver {
  usesEnums = false;

  constructor(
    private readonly file: DescFile,
    private readonly runtime: (name: string) => string,
    private readonly scope: FileScope,
    private readonly shapeOf: ShapeResolver,
  ) {}

  /** The check of a field's value (for a list or map: of an element or map value). */
  of(value: ValueType, field: DescField): ZodValueModel {
    const none = { schema: "", enumTable: "", message: "" };
    switch (value.kind) {
      case "scalar": {
        // protoc-gen-es types 64-bit fields with `[jstype = JS_STRING]` as string.
        const asString =
          (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) && field.longAsString;
        return {
          ...none,
          schema: this.runtime(asString ? (longStringSchemas[value.scalar] ?? scalarSchemas[value.scalar]) : scalarSchemas[value.scalar]),
        };
      }
      case "enum":
        return this.enumValue(value.desc, none);
      case "message": {
        const typeName = value.desc.typeName;
        // protoc-gen-es unboxes wrappers in singular fields outside oneofs only.
        const unboxed = field.fieldKind === "message" && field.oneof === undefined;
        const wrapped = unboxed ? unboxedWrappers[typeName] : undefined;
        if (wrapped !== undefined) return { ...none, schema: this.runtime(scalarSchemas[wrapped]) };
        const wellKnown = isWellKnown(value.desc) ? wellKnownSchemas[typeName] : undefined;
        if (wellKnown !== undefined) return { ...none, schema: this.runtime(wellKnown) };
        // The other google.protobuf messages (Type, Api, SourceContext...) have schemas only
        // where the well-known files themselves are generated, with the file that uses them.
        if (isWellKnown(value.desc) && !isWellKnownFile(this.file)) {
          throw new GeneratorError(this.file.proto.name, fieldElement(field), `${typeName} is not supported by Zod schemas`);
        }
        const name = zodExportNames(value.desc.file, this.shapeOf).get(value.desc)!;
        const local = value.desc.file === this.file ? name : this.scope.import(name, concernModule(value.desc.file, "zod"));
        return { ...none, message: local };
      }
    }
  }

  private enumValue(desc: DescEnum, none: ZodValueModel): ZodValueModel {
    if (desc.typeName === "google.protobuf.NullValue") return { ...none, schema: this.runtime("nullValueZod") };
    this.usesEnums = true;
    return { ...none, enumTable: this.scope.import(exportName(desc, "Table"), concernModule(desc.file, "enums")) };
  }
}

/**
 * Imports the schema of a message for another concern (a client's request check): its
 * `<Message>Zod`, or the runtime's schema of a well-known type. Returns the local name.
 */
export function importZod(scope: FileScope, shapeOf: ShapeResolver, desc: DescMessage, zod: ZodFlavour = "classic"): string {
  const wellKnown = isWellKnown(desc) ? wellKnownSchemas[desc.typeName] : undefined;
  if (wellKnown !== undefined) return scope.import(wellKnown, zodFlavours[zod].runtime);
  return scope.import(zodExportNames(desc.file, shapeOf).get(desc)!, concernModule(desc.file, "zod"));
}

/** The `<Message>Zod` export of every message of a file. */
function zodExportNames(file: DescFile, shapeOf: ShapeResolver): Map<DescMessage, string> {
  return exportNames(messagesInOrder(file), concernExports.zod.suffix, (desc) => shapeOf(desc).name);
}

/** Messages whose schema refers back to itself, directly or through other messages of the file. */
function recursiveMessages(descs: readonly DescMessage[]): Set<DescMessage> {
  const inFile = new Set(descs);
  const refs = (m: DescMessage) =>
    messageModel(m).fields.flatMap((f) => (f.value.kind === "message" && inFile.has(f.value.desc) ? [f.value.desc] : []));
  const out = new Set<DescMessage>();
  for (const start of descs) {
    // Depth-first search for a path from start back to start.
    const seen = new Set<DescMessage>();
    const stack = refs(start);
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === start) {
        out.add(start);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...refs(next));
    }
  }
  return out;
}

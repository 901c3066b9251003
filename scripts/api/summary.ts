// Descriptors -> the public API the generated package exposes for them, as plain data keyed by
// proto name, so that two protocol versions can be compared (diff.ts). Symbol names come from
// the same naming functions the generator uses, for the concerns it emits.
import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { isDeprecated } from "../../generator/model/docs.js";
import { enumsInOrder, type ShapeResolver } from "../../generator/model/context.js";
import { messageModel, messagesInOrder, type FieldModel, type ValueType } from "../../generator/model/messages.js";
import { concernExports, exportName, exportNames, methodProperty } from "../../generator/model/names.js";
import { allConcerns } from "../../generator/options.js";

/** One element of the API (an RPC, message, field, enum or enum value) and what users see of it. */
export interface ApiElement {
  /** `rpc`, `message`, `field`, `enum`, `enum value` */
  readonly kind: string;
  /** Full proto name: `livekit.ParticipantInfo.kind_details`. */
  readonly protoName: string;
  /** The generated symbols that carry it: `RoomServiceClient.moveParticipant`, `ParticipantInfoJson`. */
  readonly symbols: readonly string[];
  /** Facts whose change matters to users (type, number, json name, deprecated, ...), in a fixed order. */
  readonly facts: Readonly<Record<string, string>>;
  /** Key of the element this one belongs to (a field's message: `message livekit.Room`), if any. */
  readonly parent: string | undefined;
}

/** Every element of the API, keyed by `kind protoName`. */
export type ApiSummary = ReadonlyMap<string, ApiElement>;

/** A concern whose exports the summary names. */
export type ConcernName = keyof typeof concernExports;

/**
 * The API of the given files (the module's own files, not their imports), with the symbols of
 * the given concerns (by default those the plugin emits). `shapeOf` tells protoc-gen-es's names,
 * as in the plugin.
 */
export function apiSummary(files: readonly DescFile[], shapeOf: ShapeResolver, concerns: readonly ConcernName[] = allConcerns): ApiSummary {
  const elements: ApiElement[] = [];
  for (const file of files) {
    const exports = concernSymbols(file, shapeOf, concerns);
    const symbolsOf: SymbolsOf = (desc) => exports.get(desc) ?? [];
    file.services.forEach((service) => elements.push(...serviceElements(service, symbolsOf)));
    messagesInOrder(file).forEach((message) => elements.push(...messageElements(message, symbolsOf, shapeOf)));
    enumsInOrder(file).forEach((desc) => elements.push(...enumElements(desc, symbolsOf, shapeOf)));
  }
  return new Map(elements.map((e) => [elementKey(e.kind, e.protoName), e]));
}

/** The key of an element in an ApiSummary: `field livekit.Room.name`. */
export function elementKey(kind: string, protoName: string): string {
  return `${kind} ${protoName}`;
}

type TypeDesc = DescMessage | DescEnum | DescService;
type SymbolsOf = (desc: TypeDesc) => string[];

/**
 * The exports of the concerns for each type of a file, in the order of `concerns`:
 * ParticipantInfo -> `["ParticipantInfoJson", "ParticipantInfoZod"]`.
 */
function concernSymbols(file: DescFile, shapeOf: ShapeResolver, concerns: readonly ConcernName[]) {
  const exports = new Map<TypeDesc, string[]>();
  const add = (desc: TypeDesc, name: string) => exports.set(desc, [...(exports.get(desc) ?? []), name]);
  const typesOf = { enum: enumsInOrder(file), message: messagesInOrder(file), service: file.services };
  for (const concern of concerns) {
    const { of, suffix } = concernExports[concern];
    if (of === "message") {
      // Codecs and schemas share the rule for messages that flatten to the same name.
      exportNames(typesOf.message, suffix, (desc) => shapeOf(desc).name).forEach((name, desc) => add(desc, name));
      continue;
    }
    for (const desc of typesOf[of]) add(desc, exportName(desc, suffix));
  }
  return exports;
}

function deprecation(desc: Parameters<typeof isDeprecated>[0]): Record<string, string> {
  return isDeprecated(desc) ? { deprecated: "yes" } : {};
}

function serviceElements(service: DescService, symbolsOf: SymbolsOf): ApiElement[] {
  const clients = symbolsOf(service);
  const rpcs = service.methods.map((method) => ({
    kind: "rpc",
    protoName: `${service.typeName}.${method.name}`,
    symbols: clients.map((client) => `${client}.${methodProperty(method)}`),
    facts: {
      request: method.input.typeName,
      response: method.output.typeName,
      ...deprecation(method),
    },
    parent: elementKey("service", service.typeName),
  }));
  return [{ kind: "service", protoName: service.typeName, symbols: clients, facts: deprecation(service), parent: undefined }, ...rpcs];
}

function messageElements(desc: DescMessage, symbolsOf: SymbolsOf, shapeOf: ShapeResolver): ApiElement[] {
  const model = messageModel(desc);
  const owners = symbolsOf(desc);
  const typeName = shapeOf(desc).name;
  const fields = model.fields.map((field) => ({
    kind: "field",
    protoName: `${desc.typeName}.${field.protoName}`,
    symbols: [propertySymbol(typeName, field), ...owners],
    facts: {
      type: fieldType(field),
      number: String(field.number),
      "json name": field.jsonName,
      ...(field.oneof ? { oneof: field.oneof.protoName } : {}),
      ...deprecation(field.desc),
    },
    parent: elementKey("message", desc.typeName),
  }));
  return [
    { kind: "message", protoName: desc.typeName, symbols: [typeName, ...owners], facts: deprecation(desc), parent: undefined },
    ...fields,
  ];
}

function enumElements(desc: DescEnum, symbolsOf: SymbolsOf, shapeOf: ShapeResolver): ApiElement[] {
  const tables = symbolsOf(desc);
  const values = desc.values.map((value) => ({
    kind: "enum value",
    protoName: `${desc.typeName}.${value.name}`,
    symbols: tables,
    facts: { number: String(value.number), ...deprecation(value) },
    parent: elementKey("enum", desc.typeName),
  }));
  return [
    { kind: "enum", protoName: desc.typeName, symbols: [shapeOf(desc).name, ...tables], facts: deprecation(desc), parent: undefined },
    ...values,
  ];
}

/** Where protoc-gen-es's message type holds a field: `Room.name`, `Msg.choice (case "text")`. */
function propertySymbol(typeName: string, field: FieldModel): string {
  return field.oneof ? `${typeName}.${field.oneof.property} (case "${field.property}")` : `${typeName}.${field.property}`;
}

/** The field's type as a .proto would spell it: `repeated livekit.TrackInfo`, `optional uint32`. */
function fieldType(field: FieldModel): string {
  const value = valueTypeName(field.value);
  switch (field.shape) {
    case "list":
      return `repeated ${value}`;
    case "map":
      return `map<${field.mapKey}, ${value}>`;
    case "singular":
      return field.explicitPresence && !field.oneof && field.value.kind !== "message" ? `optional ${value}` : value;
  }
}

function valueTypeName(value: ValueType): string {
  return value.kind === "scalar" ? value.scalar : value.desc.typeName;
}

// Descriptors -> the public API the generated package exposes for them, as plain data keyed by
// proto name, so that two protocol versions can be compared (diff.ts). Symbol names come from
// the same naming functions the generator uses, for the concerns it emits.
import type { DescEnum, DescFile, DescMessage, DescService } from "@bufbuild/protobuf";
import { isDeprecated } from "../model/docs.js";
import { enumsInOrder } from "../model/files.js";
import { messageModel, messagesInOrder, type FieldModel, type ValueType } from "../model/messages.js";
import { clientMethodName, concernExports, exportName } from "../model/names.js";
import { allConcerns } from "../options.js";

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
 * the given concerns (by default those the plugin emits).
 */
export function apiSummary(files: readonly DescFile[], concerns: readonly ConcernName[] = allConcerns): ApiSummary {
  const symbolsOf = (desc: DescMessage | DescEnum | DescService) => concernSymbols(desc, concerns);
  const elements: ApiElement[] = [];
  for (const file of files) {
    file.services.forEach((service) => elements.push(...serviceElements(service, symbolsOf)));
    messagesInOrder(file).forEach((message) => elements.push(...messageElements(message, symbolsOf)));
    enumsInOrder(file).forEach((desc) => elements.push(...enumElements(desc, symbolsOf)));
  }
  return new Map(elements.map((e) => [elementKey(e.kind, e.protoName), e]));
}

/** The key of an element in an ApiSummary: `field livekit.Room.name`. */
export function elementKey(kind: string, protoName: string): string {
  return `${kind} ${protoName}`;
}

type SymbolsOf = (desc: DescMessage | DescEnum | DescService) => string[];

/** The exports of the concerns for a type: `["ParticipantInfoJson", "ParticipantInfoZod"]`. */
function concernSymbols(desc: DescMessage | DescEnum | DescService, concerns: readonly ConcernName[]): string[] {
  return concerns
    .map((concern) => concernExports[concern])
    .filter((e) => e.of === desc.kind)
    .map((e) => exportName(desc, e.suffix));
}

function deprecation(desc: Parameters<typeof isDeprecated>[0]): Record<string, string> {
  return isDeprecated(desc) ? { deprecated: "yes" } : {};
}

function serviceElements(service: DescService, symbolsOf: SymbolsOf): ApiElement[] {
  const clients = symbolsOf(service);
  const rpcs = service.methods.map((method) => ({
    kind: "rpc",
    protoName: `${service.typeName}.${method.name}`,
    symbols: clients.map((client) => `${client}.${clientMethodName(method)}`),
    facts: {
      request: method.input.typeName,
      response: method.output.typeName,
      ...deprecation(method),
    },
    parent: elementKey("service", service.typeName),
  }));
  return [
    { kind: "service", protoName: service.typeName, symbols: clients, facts: deprecation(service), parent: undefined },
    ...rpcs,
  ];
}

function messageElements(desc: DescMessage, symbolsOf: SymbolsOf): ApiElement[] {
  const model = messageModel(desc);
  const owners = symbolsOf(desc);
  const typeName = exportName(desc, "");
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

function enumElements(desc: DescEnum, symbolsOf: SymbolsOf): ApiElement[] {
  const tables = symbolsOf(desc);
  const values = desc.values.map((value) => ({
    kind: "enum value",
    protoName: `${desc.typeName}.${value.name}`,
    symbols: tables,
    facts: { number: String(value.number), ...deprecation(value) },
    parent: elementKey("enum", desc.typeName),
  }));
  return [
    { kind: "enum", protoName: desc.typeName, symbols: [exportName(desc, ""), ...tables], facts: deprecation(desc), parent: undefined },
    ...values,
  ];
}

/** Where protoc-gen-es's message type holds a field: `Room.name`, `Msg.choice (case "text")`. */
function propertySymbol(typeName: string, field: FieldModel): string {
  return field.oneof
    ? `${typeName}.${field.oneof.property} (case "${field.property}")`
    : `${typeName}.${field.property}`;
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

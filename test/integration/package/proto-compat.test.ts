// Proves that proto/ (our own copy of LiveKit's server API contract: RoomService,
// Egress, Ingress, SIP, AgentDispatchService, Connector and the webhook event) is
// wire- and JSON-compatible with @livekit/protocol@1.52.1.
//
// proto/ is compiled with the real buf, loaded with @bufbuild/protobuf v2, and
// compared with the runtime metadata that @livekit/protocol ships (protobuf-es
// v1 field tables). Both sides are walked from every service's RPC types and
// from WebhookEvent, so a type missing on either side shows up as a difference.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createFileRegistry,
  fromBinary,
  ScalarType,
  type DescEnum,
  type DescField,
  type DescMessage,
  type FileRegistry,
} from "@bufbuild/protobuf";
import { FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import * as livekitProtocol from "@livekit/protocol";
import { beforeAll, describe, expect, it } from "vitest";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const requireFromHere = createRequire(import.meta.url);

// @livekit/protocol 1.52.1 ships no service descriptors (protoc-gen-es v1
// generates messages and enums only), so the services are transcribed here from
// LiveKit's protobufs/*.proto: file, RPCs, and the livekit-server-sdk client that
// calls them. (Read from the newest livekit/protocol commit at hand, d74e7cdb,
// which is older than the 1.52.1 tag; its messages and enums match 1.52.1's
// tables except WebhookEvent.room_end_reason and its RoomEndReason enum, which
// the tables add.)
const LIVEKIT_SERVICES: readonly ServiceShape[] = [
  {
    name: "livekit.RoomService",
    file: "livekit_room.proto",
    sdkClient: "RoomServiceClient.js",
    rpcs: [
      { name: "CreateRoom", input: "livekit.CreateRoomRequest", output: "livekit.Room" },
      { name: "ListRooms", input: "livekit.ListRoomsRequest", output: "livekit.ListRoomsResponse" },
      { name: "DeleteRoom", input: "livekit.DeleteRoomRequest", output: "livekit.DeleteRoomResponse" },
      { name: "ListParticipants", input: "livekit.ListParticipantsRequest", output: "livekit.ListParticipantsResponse" },
      { name: "GetParticipant", input: "livekit.RoomParticipantIdentity", output: "livekit.ParticipantInfo" },
      { name: "RemoveParticipant", input: "livekit.RoomParticipantIdentity", output: "livekit.RemoveParticipantResponse" },
      { name: "MutePublishedTrack", input: "livekit.MuteRoomTrackRequest", output: "livekit.MuteRoomTrackResponse" },
      { name: "UpdateParticipant", input: "livekit.UpdateParticipantRequest", output: "livekit.ParticipantInfo" },
      { name: "UpdateSubscriptions", input: "livekit.UpdateSubscriptionsRequest", output: "livekit.UpdateSubscriptionsResponse" },
      { name: "SendData", input: "livekit.SendDataRequest", output: "livekit.SendDataResponse" },
      { name: "UpdateRoomMetadata", input: "livekit.UpdateRoomMetadataRequest", output: "livekit.Room" },
      { name: "ForwardParticipant", input: "livekit.ForwardParticipantRequest", output: "livekit.ForwardParticipantResponse" },
      { name: "MoveParticipant", input: "livekit.MoveParticipantRequest", output: "livekit.MoveParticipantResponse" },
      { name: "PerformRpc", input: "livekit.PerformRpcRequest", output: "livekit.PerformRpcResponse" },
    ],
  },
  {
    name: "livekit.Egress",
    file: "livekit_egress.proto",
    sdkClient: "EgressClient.js",
    rpcs: [
      { name: "StartEgress", input: "livekit.StartEgressRequest", output: "livekit.EgressInfo" },
      { name: "UpdateLayout", input: "livekit.UpdateLayoutRequest", output: "livekit.EgressInfo" },
      { name: "UpdateStream", input: "livekit.UpdateStreamRequest", output: "livekit.EgressInfo" },
      { name: "ListEgress", input: "livekit.ListEgressRequest", output: "livekit.ListEgressResponse" },
      { name: "StopEgress", input: "livekit.StopEgressRequest", output: "livekit.EgressInfo" },
      { name: "StartRoomCompositeEgress", input: "livekit.RoomCompositeEgressRequest", output: "livekit.EgressInfo" },
      { name: "StartWebEgress", input: "livekit.WebEgressRequest", output: "livekit.EgressInfo" },
      { name: "StartParticipantEgress", input: "livekit.ParticipantEgressRequest", output: "livekit.EgressInfo" },
      { name: "StartTrackCompositeEgress", input: "livekit.TrackCompositeEgressRequest", output: "livekit.EgressInfo" },
      { name: "StartTrackEgress", input: "livekit.TrackEgressRequest", output: "livekit.EgressInfo" },
    ],
  },
  {
    name: "livekit.Ingress",
    file: "livekit_ingress.proto",
    sdkClient: "IngressClient.js",
    rpcs: [
      { name: "CreateIngress", input: "livekit.CreateIngressRequest", output: "livekit.IngressInfo" },
      { name: "UpdateIngress", input: "livekit.UpdateIngressRequest", output: "livekit.IngressInfo" },
      { name: "ListIngress", input: "livekit.ListIngressRequest", output: "livekit.ListIngressResponse" },
      { name: "DeleteIngress", input: "livekit.DeleteIngressRequest", output: "livekit.IngressInfo" },
    ],
  },
  {
    name: "livekit.SIP",
    file: "livekit_sip.proto",
    sdkClient: "SipClient.js",
    rpcs: [
      { name: "ListSIPTrunk", input: "livekit.ListSIPTrunkRequest", output: "livekit.ListSIPTrunkResponse" },
      { name: "CreateSIPInboundTrunk", input: "livekit.CreateSIPInboundTrunkRequest", output: "livekit.SIPInboundTrunkInfo" },
      { name: "CreateSIPOutboundTrunk", input: "livekit.CreateSIPOutboundTrunkRequest", output: "livekit.SIPOutboundTrunkInfo" },
      { name: "UpdateSIPInboundTrunk", input: "livekit.UpdateSIPInboundTrunkRequest", output: "livekit.SIPInboundTrunkInfo" },
      { name: "UpdateSIPOutboundTrunk", input: "livekit.UpdateSIPOutboundTrunkRequest", output: "livekit.SIPOutboundTrunkInfo" },
      { name: "GetSIPInboundTrunk", input: "livekit.GetSIPInboundTrunkRequest", output: "livekit.GetSIPInboundTrunkResponse" },
      { name: "GetSIPOutboundTrunk", input: "livekit.GetSIPOutboundTrunkRequest", output: "livekit.GetSIPOutboundTrunkResponse" },
      { name: "ListSIPInboundTrunk", input: "livekit.ListSIPInboundTrunkRequest", output: "livekit.ListSIPInboundTrunkResponse" },
      { name: "ListSIPOutboundTrunk", input: "livekit.ListSIPOutboundTrunkRequest", output: "livekit.ListSIPOutboundTrunkResponse" },
      { name: "DeleteSIPTrunk", input: "livekit.DeleteSIPTrunkRequest", output: "livekit.SIPTrunkInfo" },
      { name: "CreateSIPDispatchRule", input: "livekit.CreateSIPDispatchRuleRequest", output: "livekit.SIPDispatchRuleInfo" },
      { name: "UpdateSIPDispatchRule", input: "livekit.UpdateSIPDispatchRuleRequest", output: "livekit.SIPDispatchRuleInfo" },
      { name: "ListSIPDispatchRule", input: "livekit.ListSIPDispatchRuleRequest", output: "livekit.ListSIPDispatchRuleResponse" },
      { name: "DeleteSIPDispatchRule", input: "livekit.DeleteSIPDispatchRuleRequest", output: "livekit.SIPDispatchRuleInfo" },
      { name: "CreateSIPParticipant", input: "livekit.CreateSIPParticipantRequest", output: "livekit.SIPParticipantInfo" },
      { name: "TransferSIPParticipant", input: "livekit.TransferSIPParticipantRequest", output: "livekit.TransferSIPParticipantResponse" },
    ],
  },
  {
    name: "livekit.AgentDispatchService",
    file: "livekit_agent_dispatch.proto",
    sdkClient: "AgentDispatchClient.js",
    rpcs: [
      { name: "CreateDispatch", input: "livekit.CreateAgentDispatchRequest", output: "livekit.AgentDispatch" },
      { name: "DeleteDispatch", input: "livekit.DeleteAgentDispatchRequest", output: "livekit.AgentDispatch" },
      { name: "ListDispatch", input: "livekit.ListAgentDispatchRequest", output: "livekit.ListAgentDispatchResponse" },
    ],
  },
  {
    name: "livekit.Connector",
    file: "livekit_connector.proto",
    sdkClient: "ConnectorClient.js",
    rpcs: [
      { name: "DialWhatsAppCall", input: "livekit.DialWhatsAppCallRequest", output: "livekit.DialWhatsAppCallResponse" },
      { name: "DisconnectWhatsAppCall", input: "livekit.DisconnectWhatsAppCallRequest", output: "livekit.DisconnectWhatsAppCallResponse" },
      { name: "ConnectWhatsAppCall", input: "livekit.ConnectWhatsAppCallRequest", output: "livekit.ConnectWhatsAppCallResponse" },
      { name: "AcceptWhatsAppCall", input: "livekit.AcceptWhatsAppCallRequest", output: "livekit.AcceptWhatsAppCallResponse" },
      { name: "ConnectTwilioCall", input: "livekit.ConnectTwilioCallRequest", output: "livekit.ConnectTwilioCallResponse" },
    ],
  },
];

/** Types reached from outside any service: the body of LiveKit's webhook requests. */
const EXTRA_ROOTS: readonly string[] = ["livekit.WebhookEvent"];

/**
 * Methods livekit-server-sdk calls that LiveKit's 1.52.1 protos no longer declare:
 * CreateSIPTrunk is commented out as deleted in livekit_sip.proto (the SDK method is deprecated).
 */
const SDK_METHODS_NOT_DECLARED: readonly string[] = ["livekit.SIP/CreateSIPTrunk"];

/**
 * Well-known types: @livekit/protocol takes them from @bufbuild/protobuf and does not
 * export all of them, so they are compared by name only and not walked into.
 */
const isWellKnown = (typeName: string) => typeName.startsWith("google.protobuf.");

// The v1 field tables carry no `deprecated` flag either; these are the
// reachable fields LiveKit's .proto files mark [deprecated = true].
const LIVEKIT_DEPRECATED_FIELDS: readonly string[] = [
  "livekit.CreateIngressRequest.bypass_transcoding",
  "livekit.CreateSIPDispatchRuleRequest.attributes",
  "livekit.CreateSIPDispatchRuleRequest.hide_phone_number",
  "livekit.CreateSIPDispatchRuleRequest.inbound_numbers",
  "livekit.CreateSIPDispatchRuleRequest.metadata",
  "livekit.CreateSIPDispatchRuleRequest.name",
  "livekit.CreateSIPDispatchRuleRequest.room_config",
  "livekit.CreateSIPDispatchRuleRequest.room_preset",
  "livekit.CreateSIPDispatchRuleRequest.rule",
  "livekit.CreateSIPDispatchRuleRequest.trunk_ids",
  "livekit.CreateSIPParticipantRequest.media_encryption",
  "livekit.CreateSIPParticipantRequest.play_ringtone",
  "livekit.EgressInfo.file",
  "livekit.EgressInfo.segments",
  "livekit.EgressInfo.stream",
  "livekit.EncodingOptions.audio_quality",
  "livekit.EncodingOptions.video_quality",
  "livekit.IngressInfo.bypass_transcoding",
  "livekit.Job.namespace",
  "livekit.ParticipantPermission.agent",
  "livekit.ParticipantPermission.recorder",
  "livekit.RoomCompositeEgressRequest.file",
  "livekit.RoomCompositeEgressRequest.segments",
  "livekit.RoomCompositeEgressRequest.stream",
  "livekit.SIPDispatchRuleInfo.media_encryption",
  "livekit.SIPDispatchRuleUpdate.media_encryption",
  "livekit.SIPInboundTrunkInfo.media_encryption",
  "livekit.SIPInboundTrunkUpdate.media_encryption",
  "livekit.SIPOutboundTrunkInfo.media_encryption",
  "livekit.SIPOutboundTrunkUpdate.media_encryption",
  "livekit.SIPTrunkInfo.inbound_numbers_regex",
  "livekit.SendDataRequest.destination_sids",
  "livekit.TrackCompositeEgressRequest.file",
  "livekit.TrackCompositeEgressRequest.segments",
  "livekit.TrackCompositeEgressRequest.stream",
  "livekit.TrackInfo.disable_dtx",
  "livekit.TrackInfo.layers",
  "livekit.TrackInfo.simulcast",
  "livekit.TrackInfo.stereo",
  "livekit.UpdateIngressRequest.bypass_transcoding",
  "livekit.WebEgressRequest.file",
  "livekit.WebEgressRequest.segments",
  "livekit.WebEgressRequest.stream",
  "livekit.WebhookEvent.num_dropped",
];

/** Reachable messages LiveKit marks `option deprecated = true`. */
const LIVEKIT_DEPRECATED_MESSAGES: readonly string[] = [
  "livekit.ListSIPTrunkRequest",
  "livekit.ListSIPTrunkResponse",
  "livekit.SIPTrunkInfo",
];

/** RPCs LiveKit marks `option deprecated = true`. */
const LIVEKIT_DEPRECATED_RPCS: readonly string[] = ["livekit.SIP/ListSIPTrunk"];

// ---------------------------------------------------------------------------
// A neutral description of a schema, filled from either side.

interface RpcShape {
  name: string;
  input: string;
  output: string;
}

interface ServiceShape {
  /** Full name, e.g. livekit.RoomService. */
  name: string;
  /** LiveKit's .proto file that declares it. */
  file: string;
  /** The livekit-server-sdk client (in its dist/) that calls it. */
  sdkClient: string;
  rpcs: readonly RpcShape[];
}

type ValueType = { kind: "scalar"; scalar: string } | { kind: "enum"; typeName: string } | { kind: "message"; typeName: string };

interface FieldShape {
  name: string;
  number: number;
  jsonName: string;
  label: "singular" | "optional" | "repeated" | "map";
  /** For maps: the value type. */
  valueType: ValueType;
  /** For maps: the key's scalar type. */
  mapKey?: string;
  /** Name of the (real, non-synthetic) oneof the field belongs to. */
  oneof?: string;
}

interface MessageShape {
  kind: "message";
  typeName: string;
  fields: FieldShape[];
}

interface EnumShape {
  kind: "enum";
  typeName: string;
  values: { name: string; number: number }[];
}

type TypeShape = MessageShape | EnumShape;

/** Every type reachable from the services and extra roots, by full name. */
type Schema = Map<string, TypeShape>;

function scalarName(scalar: number): string {
  return (ScalarType[scalar] ?? `scalar#${scalar}`).toLowerCase();
}

function formatValueType(type: ValueType): string {
  return type.kind === "scalar" ? type.scalar : `${type.kind} ${type.typeName}`;
}

function formatFieldType(field: FieldShape): string {
  const value = formatValueType(field.valueType);
  switch (field.label) {
    case "map":
      return `map<${field.mapKey}, ${value}>`;
    case "singular":
      return value;
    default:
      return `${field.label} ${value}`;
  }
}

/**
 * Walks from the root types through message and enum references, asking
 * `lookup` for each type. Names that `lookup` cannot resolve are returned
 * in `unresolved`.
 */
function collectReachable(
  roots: Iterable<string>,
  lookup: (typeName: string) => TypeShape | undefined,
): { schema: Schema; unresolved: string[] } {
  const schema: Schema = new Map();
  const unresolved: string[] = [];
  const queue = [...roots];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const typeName = queue.shift()!;
    if (seen.has(typeName)) continue;
    seen.add(typeName);
    const shape = lookup(typeName);
    if (!shape) {
      unresolved.push(typeName);
      continue;
    }
    schema.set(typeName, shape);
    if (shape.kind === "message" && !isWellKnown(typeName)) {
      for (const field of shape.fields) {
        if (field.valueType.kind !== "scalar") queue.push(field.valueType.typeName);
      }
    }
  }
  return { schema, unresolved };
}

function rootTypes(services: readonly { rpcs: readonly RpcShape[] }[]): string[] {
  return [...services.flatMap((service) => service.rpcs.flatMap((rpc) => [rpc.input, rpc.output])), ...EXTRA_ROOTS];
}

/** A well-known type, compared by name only. */
function wellKnownShape(typeName: string): TypeShape {
  return { kind: "message", typeName, fields: [] };
}

// ---------------------------------------------------------------------------
// Our side: proto/ built by buf, read with @bufbuild/protobuf v2.

function buildProtoRegistry(): FileRegistry {
  const outDir = mkdtempSync(join(tmpdir(), "proto-compat-"));
  const imagePath = join(outDir, "image.binpb");
  try {
    const bufBin = join(repoRoot, "node_modules", "@bufbuild", "buf", "bin", "buf");
    try {
      execFileSync(process.execPath, [bufBin, "build", "--as-file-descriptor-set", "-o", imagePath], {
        cwd: repoRoot,
        stdio: "pipe",
      });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? "";
      throw new Error(`buf build failed:\n${stderr}`);
    }
    const fileSet = fromBinary(FileDescriptorSetSchema, readFileSync(imagePath));
    return createFileRegistry(fileSet);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function describeOurField(field: DescField): FieldShape {
  const common = {
    name: field.name,
    number: field.number,
    jsonName: field.jsonName,
    oneof: field.oneof?.name,
  };
  switch (field.fieldKind) {
    case "scalar":
      return {
        ...common,
        label: field.proto.proto3Optional ? "optional" : "singular",
        valueType: { kind: "scalar", scalar: scalarName(field.scalar) },
      };
    case "enum":
      return {
        ...common,
        label: field.proto.proto3Optional ? "optional" : "singular",
        valueType: { kind: "enum", typeName: field.enum.typeName },
      };
    case "message":
      return {
        ...common,
        label: field.proto.proto3Optional ? "optional" : "singular",
        valueType: { kind: "message", typeName: field.message.typeName },
      };
    case "list":
      return { ...common, label: "repeated", valueType: describeOurListElement(field) };
    case "map":
      return {
        ...common,
        label: "map",
        mapKey: scalarName(field.mapKey),
        valueType: describeOurMapValue(field),
      };
  }
}

function describeOurListElement(field: DescField & { fieldKind: "list" }): ValueType {
  switch (field.listKind) {
    case "scalar":
      return { kind: "scalar", scalar: scalarName(field.scalar) };
    case "enum":
      return { kind: "enum", typeName: field.enum.typeName };
    case "message":
      return { kind: "message", typeName: field.message.typeName };
  }
}

function describeOurMapValue(field: DescField & { fieldKind: "map" }): ValueType {
  switch (field.mapKind) {
    case "scalar":
      return { kind: "scalar", scalar: scalarName(field.scalar) };
    case "enum":
      return { kind: "enum", typeName: field.enum.typeName };
    case "message":
      return { kind: "message", typeName: field.message.typeName };
  }
}

function describeOurMessage(message: DescMessage): MessageShape {
  return { kind: "message", typeName: message.typeName, fields: message.fields.map(describeOurField) };
}

function describeOurEnum(enumDesc: DescEnum): EnumShape {
  return {
    kind: "enum",
    typeName: enumDesc.typeName,
    values: enumDesc.values.map((value) => ({ name: value.name, number: value.number })),
  };
}

function lookupOurType(registry: FileRegistry, typeName: string): TypeShape | undefined {
  if (isWellKnown(typeName)) return registry.getMessage(typeName) ? wellKnownShape(typeName) : undefined;
  const message = registry.getMessage(typeName);
  if (message) return describeOurMessage(message);
  const enumDesc = registry.getEnum(typeName);
  return enumDesc ? describeOurEnum(enumDesc) : undefined;
}

/** The services proto/ declares in LiveKit's package (not our own livekit.dev). */
function ourServices(registry: FileRegistry): { name: string; file: string; rpcs: RpcShape[] }[] {
  const services: { name: string; file: string; rpcs: RpcShape[] }[] = [];
  for (const file of registry.files) {
    if (file.proto.package !== "livekit") continue;
    for (const service of file.services) {
      services.push({
        name: service.typeName,
        file: file.proto.name,
        rpcs: service.methods.map((method) => ({
          name: method.name,
          input: method.input.typeName,
          output: method.output.typeName,
        })),
      });
    }
  }
  return services;
}

/** Full name of a type -> the .proto file that declares it (nested types: their parent's file). */
function ourTypeFiles(registry: FileRegistry, typeNames: Iterable<string>): Map<string, string> {
  const files = new Map<string, string>();
  for (const typeName of typeNames) {
    const desc = registry.getMessage(typeName) ?? registry.getEnum(typeName);
    if (desc) files.set(typeName, desc.file.proto.name);
  }
  return files;
}

// ---------------------------------------------------------------------------
// LiveKit's side: @livekit/protocol's protobuf-es v1 runtime metadata.
// Typed structurally; the package bundles its own @bufbuild/protobuf v1.

interface LiveKitFieldInfo {
  no: number;
  name: string;
  jsonName: string;
  kind: "scalar" | "enum" | "message" | "map";
  T: unknown;
  K?: number;
  V?: { kind: "scalar" | "enum" | "message"; T: unknown };
  repeated: boolean;
  opt: boolean;
  oneof?: { name: string };
}

interface LiveKitMessageType {
  typeName: string;
  fields: { list(): readonly LiveKitFieldInfo[] };
}

interface LiveKitEnumType {
  typeName: string;
  values: readonly { no: number; name: string }[];
}

function isLiveKitMessageType(value: unknown): value is LiveKitMessageType {
  return (
    typeof value === "function" &&
    typeof (value as Partial<LiveKitMessageType>).typeName === "string" &&
    typeof (value as Partial<LiveKitMessageType>).fields?.list === "function"
  );
}

function describeLiveKitValue(kind: "scalar" | "enum" | "message", T: unknown): ValueType {
  if (kind === "scalar") return { kind, scalar: scalarName(T as number) };
  return { kind, typeName: (T as { typeName: string }).typeName };
}

function describeLiveKitField(field: LiveKitFieldInfo): FieldShape {
  const common = { name: field.name, number: field.no, jsonName: field.jsonName, oneof: field.oneof?.name };
  if (field.kind === "map") {
    return {
      ...common,
      label: "map",
      mapKey: scalarName(field.K!),
      valueType: describeLiveKitValue(field.V!.kind, field.V!.T),
    };
  }
  return {
    ...common,
    label: field.repeated ? "repeated" : field.opt ? "optional" : "singular",
    valueType: describeLiveKitValue(field.kind, field.T),
  };
}

/** Every message type @livekit/protocol exports, plus every enum type their fields use. */
function indexLiveKitTypes(): Map<string, TypeShape> {
  const types = new Map<string, TypeShape>();
  const messages = Object.values(livekitProtocol as Record<string, unknown>).filter(isLiveKitMessageType);
  for (const message of messages) {
    const fields = message.fields.list();
    types.set(message.typeName, {
      kind: "message",
      typeName: message.typeName,
      fields: fields.map(describeLiveKitField),
    });
    for (const field of fields) {
      const enumType = field.kind === "enum" ? field.T : field.V?.kind === "enum" ? field.V.T : undefined;
      if (enumType) {
        const { typeName, values } = enumType as LiveKitEnumType;
        types.set(typeName, { kind: "enum", typeName, values: values.map((v) => ({ name: v.name, number: v.no })) });
      }
    }
  }
  return types;
}

/** Full name of a top-level type -> LiveKit's .proto file, read from the package's generated sources. */
function liveKitTypeFiles(): Map<string, string> {
  const packageDir = resolve(dirname(requireFromHere.resolve("@livekit/protocol")), "..");
  const genDir = join(packageDir, "src", "gen");
  const files = new Map<string, string>();
  for (const fileName of readdirSync(genDir).filter((name) => name.endsWith("_pb.js"))) {
    const source = readFileSync(join(genDir, fileName), "utf8");
    for (const match of source.matchAll(/\bmake(?:MessageType|Enum)\(\s*"([\w.]+)"/g)) {
      files.set(match[1]!, fileName.replace(/_pb\.js$/, ".proto"));
    }
  }
  return files;
}

/** Methods that a livekit-server-sdk client calls, read from its compiled source. */
function methodsCalledBySdk(sdkClient: string): string[] {
  const sdkDir = dirname(requireFromHere.resolve("livekit-server-sdk"));
  const source = readFileSync(join(sdkDir, sdkClient), "utf8");
  return [...source.matchAll(/\brequest\(\s*svc,\s*"(\w+)"/g)].map((match) => match[1]!);
}

// ---------------------------------------------------------------------------
// Comparison. Every function returns human-readable differences.

function diffSchemas(ours: Schema, theirs: Schema): string[] {
  const names = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  return names.flatMap((typeName) => diffType(typeName, ours.get(typeName), theirs.get(typeName)));
}

function diffType(typeName: string, ours: TypeShape | undefined, theirs: TypeShape | undefined): string[] {
  if (!ours) return [`${typeName}: reachable in @livekit/protocol, missing from proto/`];
  if (!theirs) return [`${typeName}: reachable in proto/, not in @livekit/protocol`];
  if (ours.kind !== theirs.kind) return [`${typeName}: ours is a ${ours.kind}, LiveKit's is a ${theirs.kind}`];
  if (ours.kind === "message" && theirs.kind === "message") return diffMessage(ours, theirs);
  if (ours.kind === "enum" && theirs.kind === "enum") return diffEnum(ours, theirs);
  return [];
}

function diffMessage(ours: MessageShape, theirs: MessageShape): string[] {
  const differences: string[] = [];
  const { pairs, onlyOurs, onlyTheirs } = pairByNumberThenName(ours.fields, theirs.fields);
  for (const [mine, liveKits] of pairs) {
    const where = `${ours.typeName}.${mine.name}`;
    if (mine.number !== liveKits.number) {
      differences.push(`${where}: field number differs: ours ${mine.number}, LiveKit's ${liveKits.number}`);
    }
    differences.push(...diffField(`${where} = ${mine.number}`, mine, liveKits));
  }
  for (const field of onlyOurs) {
    differences.push(`${ours.typeName}.${field.name} = ${field.number}: not in LiveKit's message`);
  }
  for (const field of onlyTheirs) {
    differences.push(`${theirs.typeName}.${field.name} = ${field.number}: LiveKit's field is missing from proto/`);
  }
  return differences;
}

/**
 * Pairs items by number, then pairs the leftovers by name, so that a renumbered
 * or renamed item reads as one difference instead of "missing" plus "extra".
 */
function pairByNumberThenName<T extends { name: string; number: number }>(ours: readonly T[], theirs: readonly T[]) {
  const pairs: [T, T][] = [];
  let onlyOurs = [...ours];
  let onlyTheirs = [...theirs];
  for (const key of ["number", "name"] as const) {
    for (const mine of [...onlyOurs]) {
      const liveKits = onlyTheirs.find((item) => item[key] === mine[key]);
      if (!liveKits) continue;
      pairs.push([mine, liveKits]);
      onlyOurs = onlyOurs.filter((item) => item !== mine);
      onlyTheirs = onlyTheirs.filter((item) => item !== liveKits);
    }
  }
  return { pairs, onlyOurs, onlyTheirs };
}

function diffField(where: string, ours: FieldShape, theirs: FieldShape): string[] {
  const aspects: [string, string | undefined, string | undefined][] = [
    ["name", ours.name, theirs.name],
    ["json name", ours.jsonName, theirs.jsonName],
    ["type", formatFieldType(ours), formatFieldType(theirs)],
    ["oneof", ours.oneof ?? "(none)", theirs.oneof ?? "(none)"],
  ];
  return aspects
    .filter(([, mine, liveKits]) => mine !== liveKits)
    .map(([aspect, mine, liveKits]) => `${where}: ${aspect} differs: ours ${mine}, LiveKit's ${liveKits}`);
}

function diffEnum(ours: EnumShape, theirs: EnumShape): string[] {
  const differences: string[] = [];
  const { pairs, onlyOurs, onlyTheirs } = pairByNumberThenName(ours.values, theirs.values);
  for (const [mine, liveKits] of pairs) {
    if (mine.name !== liveKits.name) {
      differences.push(`${ours.typeName} value ${mine.number}: name differs: ours ${mine.name}, LiveKit's ${liveKits.name}`);
    }
    if (mine.number !== liveKits.number) {
      differences.push(`${ours.typeName}.${mine.name}: number differs: ours ${mine.number}, LiveKit's ${liveKits.number}`);
    }
  }
  for (const value of onlyOurs) {
    differences.push(`${ours.typeName}.${value.name} = ${value.number}: not in LiveKit's enum`);
  }
  for (const value of onlyTheirs) {
    differences.push(`${theirs.typeName}.${value.name} = ${value.number}: LiveKit's value is missing from proto/`);
  }
  return differences;
}

function formatRpc(rpc: RpcShape): string {
  return `${rpc.name}(${rpc.input}) returns (${rpc.output})`;
}

// ---------------------------------------------------------------------------

describe("proto/ is compatible with @livekit/protocol 1.52.1", () => {
  let registry: FileRegistry;
  let ours: Schema;
  let theirs: Schema;
  let unresolvedInLiveKit: string[];

  beforeAll(() => {
    registry = buildProtoRegistry();
    const ourWalk = collectReachable(rootTypes(ourServices(registry)), (name) => lookupOurType(registry, name));
    if (ourWalk.unresolved.length > 0) throw new Error(`unresolved in proto/: ${ourWalk.unresolved.join(", ")}`);
    ours = ourWalk.schema;
    const liveKitTypes = indexLiveKitTypes();
    const theirWalk = collectReachable(rootTypes(LIVEKIT_SERVICES), (name) =>
      isWellKnown(name) ? wellKnownShape(name) : liveKitTypes.get(name),
    );
    theirs = theirWalk.schema;
    unresolvedInLiveKit = theirWalk.unresolved;
  }, 120_000);

  it("declares exactly LiveKit's services, each in LiveKit's file", () => {
    const label = (service: { name: string; file: string }) => `${service.name} in ${service.file}`;
    expect(ourServices(registry).map(label).sort()).toEqual(LIVEKIT_SERVICES.map(label).sort());
  });

  it.each(LIVEKIT_SERVICES.map((service) => [service.name, service] as const))(
    "declares %s with exactly LiveKit's RPCs",
    (name, service) => {
      const declared = ourServices(registry).find((s) => s.name === name);
      expect(declared, `${name} is not declared in proto/`).toBeDefined();
      expect(declared!.rpcs.map(formatRpc).sort()).toEqual(service.rpcs.map(formatRpc).sort());
    },
  );

  it("finds every RPC input and output type in @livekit/protocol", () => {
    expect(unresolvedInLiveKit).toEqual([]);
  });

  it.each(LIVEKIT_SERVICES.map((service) => [service.name, service] as const))(
    "covers every %s method that livekit-server-sdk calls",
    (name, service) => {
      const ourMethods = new Set(
        ourServices(registry)
          .find((s) => s.name === name)
          ?.rpcs.map((rpc) => rpc.name),
      );
      const called = methodsCalledBySdk(service.sdkClient);
      expect(called.length).toBeGreaterThan(0);
      expect(called.filter((method) => !ourMethods.has(method) && !SDK_METHODS_NOT_DECLARED.includes(`${name}/${method}`))).toEqual([]);
    },
  );

  it("matches every reachable message, field and enum", () => {
    const messages = [...ours.values()].filter((t) => t.kind === "message" && !isWellKnown(t.typeName)).length;
    const enums = [...ours.values()].filter((t) => t.kind === "enum").length;
    // With 1.52.1 the walk reaches 160 messages and 47 enums (plus two well-known types);
    // a walk that stopped early would pass vacuously.
    expect(messages).toBeGreaterThanOrEqual(160);
    expect(enums).toBeGreaterThanOrEqual(47);
    expect(diffSchemas(ours, theirs)).toEqual([]);
  });

  it("declares no LiveKit type that nothing reaches (other than as the parent of a reachable one)", () => {
    const reachable = [...ours.keys()];
    const declared: string[] = [];
    for (const file of registry.files) {
      if (file.proto.package !== "livekit") continue;
      const visit = (desc: DescMessage) => {
        declared.push(desc.typeName);
        desc.nestedMessages.forEach(visit);
        desc.nestedEnums.forEach((e) => declared.push(e.typeName));
      };
      file.messages.forEach(visit);
      file.enums.forEach((e) => declared.push(e.typeName));
    }
    const unchecked = declared.filter((typeName) => !ours.has(typeName) && !reachable.some((name) => name.startsWith(`${typeName}.`)));
    expect(unchecked).toEqual([]);
  });

  it("declares each reachable type in the same file as LiveKit", () => {
    const topLevel = (typeName: string) => typeName.split(".").slice(0, 2).join(".");
    const liveKitFiles = liveKitTypeFiles();
    const ourFiles = ourTypeFiles(registry, ours.keys());
    const misplaced = [...ours.keys()]
      .filter((typeName) => !isWellKnown(typeName))
      .filter((typeName) => ourFiles.get(typeName) !== liveKitFiles.get(topLevel(typeName)))
      .map((typeName) => `${typeName}: ours in ${ourFiles.get(typeName)}, LiveKit's in ${liveKitFiles.get(topLevel(typeName))}`);
    expect(misplaced).toEqual([]);
  });

  it("marks the same fields deprecated as LiveKit", () => {
    const deprecated = [...ours.keys()]
      .flatMap((typeName) => registry.getMessage(typeName)?.fields ?? [])
      .filter((field) => field.deprecated)
      .map((field) => `${field.parent.typeName}.${field.name}`)
      .sort();
    expect(deprecated).toEqual([...LIVEKIT_DEPRECATED_FIELDS].sort());
  });

  it("marks the same messages and RPCs deprecated as LiveKit", () => {
    const messages = [...ours.keys()].filter((typeName) => registry.getMessage(typeName)?.deprecated).sort();
    expect(messages).toEqual([...LIVEKIT_DEPRECATED_MESSAGES].sort());
    const rpcs = LIVEKIT_SERVICES.flatMap((service) =>
      (registry.getService(service.name)?.methods ?? [])
        .filter((method) => method.deprecated)
        .map((method) => `${service.name}/${method.name}`),
    ).sort();
    expect(rpcs).toEqual([...LIVEKIT_DEPRECATED_RPCS].sort());
  });
});

// Proves that proto/ (our own copy of LiveKit's room-service contract) is
// wire- and JSON-compatible with @livekit/protocol@1.52.1.
//
// proto/ is compiled with the real buf, loaded with @bufbuild/protobuf v2, and
// compared with the runtime metadata that @livekit/protocol ships (protobuf-es
// v1 field tables). Both sides are walked from the RoomService RPC types, so a
// type missing on either side shows up as a difference.
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

const ROOM_SERVICE = "livekit.RoomService";

// @livekit/protocol 1.52.1 ships no service descriptors (protoc-gen-es v1
// generates messages and enums only), so RoomService's RPCs are transcribed
// here from LiveKit's livekit_room.proto of that release.
const LIVEKIT_ROOM_SERVICE_RPCS: readonly RpcShape[] = [
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
];

// The v1 field tables carry no `deprecated` flag either; these are the
// reachable fields LiveKit's .proto files mark [deprecated = true].
const LIVEKIT_DEPRECATED_FIELDS: readonly string[] = [
  "livekit.EncodingOptions.audio_quality",
  "livekit.EncodingOptions.video_quality",
  "livekit.ParticipantPermission.agent",
  "livekit.ParticipantPermission.recorder",
  "livekit.RoomCompositeEgressRequest.file",
  "livekit.RoomCompositeEgressRequest.segments",
  "livekit.RoomCompositeEgressRequest.stream",
  "livekit.SendDataRequest.destination_sids",
  "livekit.TrackInfo.disable_dtx",
  "livekit.TrackInfo.layers",
  "livekit.TrackInfo.simulcast",
  "livekit.TrackInfo.stereo",
];

// ---------------------------------------------------------------------------
// A neutral description of a schema, filled from either side.

interface RpcShape {
  name: string;
  input: string;
  output: string;
}

type ValueType =
  | { kind: "scalar"; scalar: string }
  | { kind: "enum"; typeName: string }
  | { kind: "message"; typeName: string };

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

/** Every type reachable from RoomService, by full name. */
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
    if (shape.kind === "message") {
      for (const field of shape.fields) {
        if (field.valueType.kind !== "scalar") queue.push(field.valueType.typeName);
      }
    }
  }
  return { schema, unresolved };
}

function rootTypes(rpcs: readonly RpcShape[]): string[] {
  return rpcs.flatMap((rpc) => [rpc.input, rpc.output]);
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
  const message = registry.getMessage(typeName);
  if (message) return describeOurMessage(message);
  const enumDesc = registry.getEnum(typeName);
  return enumDesc ? describeOurEnum(enumDesc) : undefined;
}

function ourRoomServiceRpcs(registry: FileRegistry): RpcShape[] {
  const service = registry.getService(ROOM_SERVICE);
  if (!service) throw new Error(`${ROOM_SERVICE} is not declared in proto/`);
  return service.methods.map((method) => ({
    name: method.name,
    input: method.input.typeName,
    output: method.output.typeName,
  }));
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

/** Methods that livekit-server-sdk's RoomServiceClient calls, read from its compiled source. */
function roomServiceMethodsCalledBySdk(): string[] {
  const sdkDir = dirname(requireFromHere.resolve("livekit-server-sdk"));
  const source = readFileSync(join(sdkDir, "RoomServiceClient.js"), "utf8");
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
    const ourWalk = collectReachable(rootTypes(ourRoomServiceRpcs(registry)), (name) => lookupOurType(registry, name));
    if (ourWalk.unresolved.length > 0) throw new Error(`unresolved in proto/: ${ourWalk.unresolved.join(", ")}`);
    ours = ourWalk.schema;
    const liveKitTypes = indexLiveKitTypes();
    const theirWalk = collectReachable(rootTypes(LIVEKIT_ROOM_SERVICE_RPCS), (name) => liveKitTypes.get(name));
    theirs = theirWalk.schema;
    unresolvedInLiveKit = theirWalk.unresolved;
  }, 120_000);

  it("declares RoomService with exactly LiveKit's RPCs", () => {
    expect(ourRoomServiceRpcs(registry).map(formatRpc).sort()).toEqual(LIVEKIT_ROOM_SERVICE_RPCS.map(formatRpc).sort());
  });

  it("finds every RPC input and output type in @livekit/protocol", () => {
    expect(unresolvedInLiveKit).toEqual([]);
  });

  it("covers every RoomService method that livekit-server-sdk calls", () => {
    const ourMethods = new Set(ourRoomServiceRpcs(registry).map((rpc) => rpc.name));
    const called = roomServiceMethodsCalledBySdk();
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((method) => !ourMethods.has(method))).toEqual([]);
  });

  it("matches every reachable message, field and enum", () => {
    expect(ours.size).toBeGreaterThan(0);
    expect(diffSchemas(ours, theirs)).toEqual([]);
  });

  it("declares each reachable type in the same file as LiveKit", () => {
    const topLevel = (typeName: string) => typeName.split(".").slice(0, 2).join(".");
    const liveKitFiles = liveKitTypeFiles();
    const ourFiles = ourTypeFiles(registry, ours.keys());
    const misplaced = [...ours.keys()]
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
});

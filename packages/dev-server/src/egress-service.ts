// LiveKit's Egress service on the local room service, without media: each Start* RPC records an
// EgressInfo that goes EGRESS_STARTING -> EGRESS_ACTIVE -> EGRESS_COMPLETE as LiveKit reports
// it, with the file and stream results a real egress would give. Facts from livekit/livekit
// (pkg/service/egress.go, pkg/service/redisstore.go, pkg/service/errors.go) and livekit/egress
// (its errors for invalid requests and UpdateStream).
//
// Time: an egress becomes active once `egressTiming.startMs` has passed since it started, on the
// real clock or on the manual one (AdvanceClock): when its state is next read (any Egress RPC)
// or settled (settle.ts: every 250 ms on the real clock, after each AdvanceClock).
//
// Bounded (README.md, "Egress"): at most `egressLimits.running` egresses not ended, at most
// `egressLimits.kept` egresses kept in all (the oldest ended ones are forgotten first), at most
// `egressLimits.streamUrls` stream URLs per egress.
import { create } from "@bufbuild/protobuf";
import {
  type EgressInfo,
  EgressInfoSchema,
  EgressStatus,
  EncodedFileType,
  type FileInfo,
  FileInfoSchema,
  type ListEgressRequest,
  type ParticipantEgressRequest,
  type RoomCompositeEgressRequest,
  type StartEgressRequest,
  type StopEgressRequest,
  type StreamInfo,
  StreamInfo_Status,
  StreamInfoSchema,
  type TrackCompositeEgressRequest,
  type TrackEgressRequest,
  type UpdateLayoutRequest,
  type UpdateStreamRequest,
  type WebEgressRequest,
} from "livekit-room-api/livekit_egress_pb";
import type { EgressImplementation } from "livekit-room-api/livekit_egress_server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { errors, type LocalRooms, newId } from "./rooms.js";
import { eventsOf } from "./events.js";

/** How long an egress stays EGRESS_STARTING (ms), and the bitrate its file results are sized by. */
export const egressTiming = { startMs: 500, fileBytesPerSecond: 250_000 };

/** What the egress state keeps (see the module comment). */
export const egressLimits = { running: 100, kept: 1000, streamUrls: 100 };

/** livekit/egress's errors (pkg/errors), and livekit-server's for stored egresses. */
const egressErrors = {
  notFound: () => new TwirpError("not_found", "egress does not exist"),
  invalidInput: (field: string) => new TwirpError("invalid_argument", `request has missing or invalid field: ${field}`),
  notStreaming: () => new TwirpError("invalid_argument", "UpdateStream called on non-streaming egress"),
  streamNotFound: (url: string) => new TwirpError("not_found", `stream ${url} not found`),
  ended: (status: EgressStatus, action: "stopped" | "updated") =>
    new TwirpError("failed_precondition", `egress with status ${EgressStatus[status] ?? status} cannot be ${action}`),
  tooMany: () =>
    new TwirpError("resource_exhausted", `the dev server runs at most ${egressLimits.running} egresses at once (stop one first)`),
};

type Request = EgressInfo["request"];

/** What an egress writes: file paths and stream URLs, read from its request's outputs. */
interface Outputs {
  readonly files: { filepath: string; fileType: EncodedFileType }[];
  /** Whether a stream output was requested (UpdateStream works on those only). */
  readonly streaming: boolean;
  readonly streamUrls: string[];
  readonly other: number;
}

interface LocalEgress {
  info: EgressInfo;
  /** When it started (ms): the clock at its Start* RPC. */
  readonly createdAt: number;
  readonly outputs: Outputs;
  /** Stream results by URL, in order of addition (removed ones stay, FINISHED). */
  readonly streams: Map<string, StreamInfo>;
}

const ms = (n: number) => BigInt(n) * 1_000_000n;
const running = (status: EgressStatus) => status < EgressStatus.EGRESS_COMPLETE;

/** The egresses of one dev server (per LocalRooms; see `egressOf`). */
export class LocalEgresses {
  readonly #egress = new Map<string, LocalEgress>();

  constructor(readonly rooms: LocalRooms) {}

  start(request: Request, roomName: string): EgressInfo {
    const now = this.rooms.clock.now();
    // livekit-server loads the room first (egressLauncher.StartEgress), then the egress validates.
    const room = roomName === "" ? undefined : this.rooms.find(roomName);
    if (roomName !== "" && room === undefined) throw errors.roomNotFound();
    validate(request);
    const outputs = outputsOf(request);
    if (outputs.files.length === 0 && !outputs.streaming && outputs.other === 0) throw egressErrors.invalidInput("output");
    if (outputs.streamUrls.length > egressLimits.streamUrls) throw egressErrors.invalidInput("urls");
    this.settle();
    if ([...this.#egress.values()].filter((e) => running(e.info.status)).length >= egressLimits.running) throw egressErrors.tooMany();
    const info = create(EgressInfoSchema, {
      egressId: newId("EG_"),
      roomId: room?.room.sid ?? "",
      roomName,
      status: EgressStatus.EGRESS_STARTING,
      updatedAt: ms(now),
      request,
    });
    this.#egress.set(info.egressId, { info, createdAt: now, outputs, streams: new Map() });
    this.#forgetOldest();
    eventsOf(this.rooms).emit({ type: "egress_started", egress: info });
    return info;
  }

  list(request: ListEgressRequest): EgressInfo[] {
    this.settle();
    // As LiveKit's IOInfoService: an egress id ignores the other filters.
    if (request.egressId !== "") return [this.#get(request.egressId).info];
    return [...this.#egress.values()]
      .map((e) => e.info)
      .filter((info) => (request.roomName === "" || info.roomName === request.roomName) && (!request.active || running(info.status)));
  }

  stop(request: StopEgressRequest): EgressInfo {
    this.settle();
    const egress = this.#get(request.egressId);
    if (!running(egress.info.status)) throw egressErrors.ended(egress.info.status, "stopped");
    this.#end(egress);
    return egress.info;
  }

  updateStream(request: UpdateStreamRequest): EgressInfo {
    this.settle();
    const egress = this.#get(request.egressId);
    if (!running(egress.info.status)) throw egressErrors.ended(egress.info.status, "updated");
    if (!egress.outputs.streaming) throw egressErrors.notStreaming();
    const urls = egress.outputs.streamUrls;
    for (const url of request.removeOutputUrls) if (!urls.includes(url)) throw egressErrors.streamNotFound(url);
    const added = request.addOutputUrls.filter((url) => url !== "" && !urls.includes(url));
    if (urls.length + added.length - new Set(request.removeOutputUrls).size > egressLimits.streamUrls) {
      throw egressErrors.invalidInput("urls");
    }
    const now = this.rooms.clock.now();
    for (const url of new Set(request.removeOutputUrls)) {
      urls.splice(urls.indexOf(url), 1);
      const stream = egress.streams.get(url);
      if (stream !== undefined) egress.streams.set(url, finished(stream, now));
    }
    urls.push(...added);
    if (egress.info.status === EgressStatus.EGRESS_ACTIVE) {
      for (const url of added)
        egress.streams.set(url, create(StreamInfoSchema, { url, startedAt: ms(now), status: StreamInfo_Status.ACTIVE }));
    }
    this.#set(egress, { streamResults: [...egress.streams.values()] }, now);
    eventsOf(this.rooms).emit({ type: "egress_updated", egress: egress.info });
    return egress.info;
  }

  /**
   * UpdateLayout: LiveKit sets the layout as the metadata of the egress's participant in the
   * room (identity = egress id), so the room must be open and the egress running.
   */
  updateLayout(request: UpdateLayoutRequest): EgressInfo {
    this.settle();
    const egress = this.#get(request.egressId);
    if (this.rooms.find(egress.info.roomName) === undefined) throw errors.roomNotFound();
    if (!running(egress.info.status)) throw errors.participantNotFound();
    const current = egress.info.request;
    if (current.case === "roomComposite") {
      this.#set(
        egress,
        { request: { case: "roomComposite", value: { ...current.value, layout: request.layout } } },
        this.rooms.clock.now(),
      );
    }
    return egress.info;
  }

  #get(egressId: string): LocalEgress {
    const egress = this.#egress.get(egressId);
    if (egress === undefined) throw egressErrors.notFound();
    return egress;
  }

  /** Starting egresses past `egressTiming.startMs` become active; those whose room closed end. */
  settle(): void {
    const now = this.rooms.clock.now();
    for (const egress of this.#egress.values()) {
      if (egress.info.status === EgressStatus.EGRESS_STARTING && now - egress.createdAt >= egressTiming.startMs) {
        const startedAt = egress.createdAt + egressTiming.startMs;
        for (const url of egress.outputs.streamUrls) {
          egress.streams.set(url, create(StreamInfoSchema, { url, startedAt: ms(startedAt), status: StreamInfo_Status.ACTIVE }));
        }
        this.#set(
          egress,
          { status: EgressStatus.EGRESS_ACTIVE, startedAt: ms(startedAt), streamResults: [...egress.streams.values()] },
          startedAt,
        );
        eventsOf(this.rooms).emit({ type: "egress_updated", egress: egress.info });
      }
      if (
        running(egress.info.status) &&
        egress.info.roomId !== "" &&
        this.rooms.find(egress.info.roomName)?.room.sid !== egress.info.roomId
      ) {
        this.#end(egress);
      }
    }
  }

  /** Ends an egress: EGRESS_COMPLETE, its streams finished, a result per file output. */
  #end(egress: LocalEgress): void {
    const now = this.rooms.clock.now();
    const started = egress.info.status === EgressStatus.EGRESS_ACTIVE ? Number(egress.info.startedAt / 1_000_000n) : now;
    for (const [url, stream] of egress.streams)
      if (stream.status === StreamInfo_Status.ACTIVE) egress.streams.set(url, finished(stream, now));
    const fileResults: FileInfo[] = egress.outputs.files.map(({ filepath, fileType }) =>
      create(FileInfoSchema, {
        filename: filename(filepath, fileType, egress.info, started),
        startedAt: ms(started),
        endedAt: ms(now),
        duration: ms(now - started),
        size: BigInt(Math.round(((now - started) / 1000) * egressTiming.fileBytesPerSecond)),
        location: filename(filepath, fileType, egress.info, started),
      }),
    );
    const streamResults = [...egress.streams.values()];
    this.#set(
      egress,
      {
        status: EgressStatus.EGRESS_COMPLETE,
        startedAt: ms(started),
        endedAt: ms(now),
        fileResults,
        streamResults,
        result:
          fileResults.length > 0
            ? { case: "file", value: fileResults[0]! }
            : streamResults.length > 0
              ? { case: "stream", value: { $typeName: "livekit.StreamInfoList", info: streamResults } }
              : { case: undefined },
      },
      now,
    );
    eventsOf(this.rooms).emit({ type: "egress_ended", egress: egress.info });
  }

  #set(egress: LocalEgress, change: Partial<Omit<EgressInfo, "$typeName">>, at: number): void {
    egress.info = { ...egress.info, ...change, updatedAt: ms(at) };
  }

  /** Past `egressLimits.kept`, the oldest ended egresses are forgotten. */
  #forgetOldest(): void {
    if (this.#egress.size <= egressLimits.kept) return;
    for (const [id, egress] of this.#egress) {
      if (this.#egress.size <= egressLimits.kept) break;
      if (!running(egress.info.status)) this.#egress.delete(id);
    }
  }
}

function finished(stream: StreamInfo, now: number): StreamInfo {
  const startedAt = stream.startedAt === 0n ? ms(now) : stream.startedAt;
  return { ...stream, startedAt, endedAt: ms(now), duration: ms(now) - startedAt, status: StreamInfo_Status.FINISHED };
}

/** livekit/egress's checks of the fields each request needs (the outputs are checked after). */
function validate(request: Request): void {
  switch (request.case) {
    case "roomComposite":
    case "participant":
    case "trackComposite":
    case "track":
      if (request.value.roomName === "") throw egressErrors.invalidInput("room_name");
      break;
    case "egress":
      if (request.value.roomName === "" && request.value.source.case !== "web") throw egressErrors.invalidInput("room_name");
      break;
    default:
  }
  if (request.case === "web" && request.value.url === "") throw egressErrors.invalidInput("url");
  if (request.case === "participant" && request.value.identity === "") throw egressErrors.invalidInput("identity");
  if (request.case === "track" && request.value.trackId === "") throw egressErrors.invalidInput("track_id");
  if (request.case === "trackComposite" && request.value.audioTrackId === "" && request.value.videoTrackId === "") {
    throw egressErrors.invalidInput("track_id");
  }
}

function outputsOf(request: Request): Outputs {
  const outputs: Outputs = { files: [], streaming: false, streamUrls: [], other: 0 };
  const add = (o: { files: Outputs["files"]; streams: { urls: string[] }[]; other: number }) => {
    outputs.files.push(...o.files);
    for (const stream of o.streams) outputs.streamUrls.push(...stream.urls.filter((u) => !outputs.streamUrls.includes(u)));
    (outputs as { streaming: boolean }).streaming ||= o.streams.length > 0;
    (outputs as { other: number }).other += o.other;
  };
  switch (request.case) {
    case "roomComposite":
    case "web":
    case "trackComposite":
    case "participant": {
      const r: RoomCompositeEgressRequest | WebEgressRequest | TrackCompositeEgressRequest | ParticipantEgressRequest = request.value;
      const legacy = "output" in r ? r.output : { case: undefined };
      add({
        files: [...r.fileOutputs, ...(legacy.case === "file" ? [legacy.value] : [])],
        streams: [...r.streamOutputs, ...(legacy.case === "stream" ? [legacy.value] : [])],
        other: r.segmentOutputs.length + r.imageOutputs.length + (legacy.case === "segments" ? 1 : 0),
      });
      break;
    }
    case "track": {
      const r: TrackEgressRequest = request.value;
      if (r.output.case === "file")
        add({ files: [{ filepath: r.output.value.filepath, fileType: EncodedFileType.DEFAULT_FILETYPE }], streams: [], other: 0 });
      if (r.output.case === "websocketUrl") add({ files: [], streams: [], other: 1 });
      break;
    }
    case "egress": {
      const r: StartEgressRequest = request.value;
      for (const output of r.outputs) {
        const c = output.config;
        if (c.case === "file") add({ files: [c.value], streams: [], other: 0 });
        else if (c.case === "stream") add({ files: [], streams: [c.value], other: 0 });
        else if (c.case !== undefined) add({ files: [], streams: [], other: 1 });
      }
      break;
    }
    default:
  }
  return outputs;
}

/**
 * The file an egress writes, as livekit/egress names it: the request's filepath with
 * `{room_name}`, `{room_id}` and `{time}` replaced, `<room or egress id>-<time>` when empty or
 * a directory, and the extension of its file type when it has none.
 */
function filename(filepath: string, fileType: EncodedFileType, info: EgressInfo, startedAt: number): string {
  const time = new Date(startedAt)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "")
    .replace("T", "-");
  let name = filepath.replaceAll("{room_name}", info.roomName).replaceAll("{room_id}", info.roomId).replaceAll("{time}", time);
  if (name === "" || name.endsWith("/")) name += `${info.roomName === "" ? info.egressId : info.roomName}-${time}`;
  if (!/\.[A-Za-z0-9]+$/.test(name)) name += fileType === EncodedFileType.OGG ? ".ogg" : fileType === EncodedFileType.MP3 ? ".mp3" : ".mp4";
  return name;
}

const egressByRooms = new WeakMap<LocalRooms, LocalEgresses>();

/** The egress state of a dev server's rooms (one per LocalRooms). */
export function egressOf(rooms: LocalRooms): LocalEgresses {
  let egress = egressByRooms.get(rooms);
  if (egress === undefined) {
    egress = new LocalEgresses(rooms);
    egressByRooms.set(rooms, egress);
  }
  return egress;
}

/** livekit.Egress on the local rooms. */
export class LocalEgressService implements EgressImplementation {
  readonly #egress: LocalEgresses;

  constructor(rooms: LocalRooms) {
    this.#egress = egressOf(rooms);
  }

  async startEgress(request: StartEgressRequest) {
    return this.#egress.start({ case: "egress", value: request }, request.roomName);
  }
  async startRoomCompositeEgress(request: RoomCompositeEgressRequest) {
    return this.#egress.start({ case: "roomComposite", value: request }, request.roomName);
  }
  async startWebEgress(request: WebEgressRequest) {
    return this.#egress.start({ case: "web", value: request }, "");
  }
  async startParticipantEgress(request: ParticipantEgressRequest) {
    return this.#egress.start({ case: "participant", value: request }, request.roomName);
  }
  async startTrackCompositeEgress(request: TrackCompositeEgressRequest) {
    return this.#egress.start({ case: "trackComposite", value: request }, request.roomName);
  }
  async startTrackEgress(request: TrackEgressRequest) {
    return this.#egress.start({ case: "track", value: request }, request.roomName);
  }
  async updateLayout(request: UpdateLayoutRequest) {
    return this.#egress.updateLayout(request);
  }
  async updateStream(request: UpdateStreamRequest) {
    return this.#egress.updateStream(request);
  }
  async listEgress(request: ListEgressRequest) {
    return { items: this.#egress.list(request) };
  }
  async stopEgress(request: StopEgressRequest) {
    return this.#egress.stop(request);
  }
}

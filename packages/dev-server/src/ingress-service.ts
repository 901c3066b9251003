// LiveKit's Ingress service on the local room service, without media: ingresses are created,
// listed, updated and deleted as livekit-server does (pkg/service/ingress.go, with
// livekit/protocol's ingress validation and errors), and the Simulator starts and stops their
// streams (StartIngressStream / StopIngressStream), which adds and removes the ingress
// participant (kind INGRESS) in its room.
//
// Bounded (README.md, "Ingress"): at most `ingressLimits.kept` ingresses; CreateIngress past it
// is refused with resource_exhausted until one is deleted.
import { create } from "@bufbuild/protobuf";
import {
  type CreateIngressRequest,
  type DeleteIngressRequest,
  type IngressInfo,
  IngressInfoSchema,
  IngressInput,
  IngressStateSchema,
  IngressState_Status,
  type ListIngressRequest,
  type UpdateIngressRequest,
} from "livekit-room-api/livekit_ingress_pb";
import type { IngressImplementation } from "livekit-room-api/livekit_ingress_server";
import {
  type ParticipantInfo,
  ParticipantInfo_Kind,
  ParticipantPermissionSchema,
  TrackInfoSchema,
  TrackSource,
  TrackType,
} from "livekit-room-api/livekit_models_pb";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { checkIdentityLength, checkRoomNameLength } from "./limits.js";
import { type LocalRooms, newId } from "./rooms.js";
import { eventsOf } from "./events.js";

/** Where encoders send their streams (LiveKit's `ingress.rtmp_base_url` / `whip_base_url`; livekit/ingress's default ports). */
export const ingressUrls = { rtmp: "rtmp://127.0.0.1:1935/live", whip: "http://127.0.0.1:8080/w" };

/** What the ingress state keeps (see the module comment). */
export const ingressLimits = { kept: 1000 };

/** LiveKit's ingress errors (livekit-server pkg/service/errors.go; livekit/protocol ingress/errors.go). */
const ingressErrors = {
  notFound: () => new TwirpError("not_found", "ingress does not exist"),
  invalidType: () => new TwirpError("invalid_argument", "invalid ingress type"),
  invalid: (what: string) => new TwirpError("invalid_argument", `invalid ingress: ${what}`),
  nonReusable: () => new TwirpError("invalid_argument", "ingress is not reusable and cannot be modified"),
  disabled: () => new TwirpError("permission_denied", "session is disabled"),
  tooMany: () => new TwirpError("resource_exhausted", `the dev server keeps at most ${ingressLimits.kept} ingresses (delete one first)`),
};

interface LocalIngress {
  info: IngressInfo;
  /** While publishing: the room (by sid) and the participant (by sid) it joined as. */
  session: { room: string; roomSid: string; identity: string; participantSid: string } | undefined;
}

const ms = (n: number) => BigInt(n) * 1_000_000n;

/** The ingresses of one dev server (per LocalRooms; see `ingressOf`). */
export class LocalIngresses {
  readonly #ingress = new Map<string, LocalIngress>();

  constructor(readonly rooms: LocalRooms) {}

  /** CreateIngress, as livekit-server's CreateIngressWithUrl. */
  create(request: CreateIngressRequest): IngressInfo {
    let url: string;
    if (request.inputType === IngressInput.RTMP_INPUT) url = ingressUrls.rtmp;
    else if (request.inputType === IngressInput.WHIP_INPUT) url = ingressUrls.whip;
    else if (request.inputType === IngressInput.URL_INPUT) {
      if (request.url === "") throw ingressErrors.invalid("missing URL parameter");
      let parsed: URL;
      try {
        parsed = new URL(request.url);
      } catch {
        throw new TwirpError("invalid_argument", `parse "${request.url}": invalid URL`);
      }
      const scheme = parsed.protocol.replace(/:$/, "");
      if (scheme !== "http" && scheme !== "https" && scheme !== "srt") throw ingressErrors.invalid(`invalid url scheme ${scheme}`);
      url = parsed.href;
    } else throw ingressErrors.invalidType();
    const pull = request.inputType === IngressInput.URL_INPUT;
    const info = create(IngressInfoSchema, {
      ingressId: newId("IN_"),
      name: request.name,
      streamKey: pull ? "" : newId(""),
      url,
      inputType: request.inputType,
      enableTranscoding: request.enableTranscoding,
      audio: request.audio,
      video: request.video,
      roomName: request.roomName,
      participantIdentity: request.participantIdentity,
      participantName: request.participantName,
      participantMetadata: request.participantMetadata,
      reusable: !pull,
      state: create(IngressStateSchema, { status: IngressState_Status.ENDPOINT_INACTIVE }),
      enabled: request.enabled,
    });
    if (pull && info.roomName === "") throw ingressErrors.invalid("no room name");
    if (pull && info.enabled === false) throw ingressErrors.invalid("disabled non reusable ingress");
    validate(info);
    if (this.#ingress.size >= ingressLimits.kept) throw ingressErrors.tooMany();
    const stored = transcoding(info);
    this.#ingress.set(stored.ingressId, { info: stored, session: undefined });
    return stored;
  }

  /** ListIngress: one ingress by id (not_found if unknown), or those of a room, or all. */
  list(request: ListIngressRequest): IngressInfo[] {
    this.settle();
    if (request.ingressId !== "") return [this.#get(request.ingressId).info];
    return [...this.#ingress.values()].map((i) => i.info).filter((info) => request.roomName === "" || info.roomName === request.roomName);
  }

  /**
   * UpdateIngress, as livekit-server: reusable (RTMP, WHIP) ingresses only; the non-empty fields
   * of the request replace the ingress's. LiveKit stores the update whatever the state; while
   * the stream runs, the running participant keeps what it joined with (the real ingress
   * service applies the change to its session, which the dev server does not model).
   */
  update(request: UpdateIngressRequest): IngressInfo {
    this.settle();
    const ingress = this.#get(request.ingressId);
    if (!ingress.info.reusable) throw ingressErrors.nonReusable();
    const old = ingress.info;
    const next = {
      ...old,
      name: request.name || old.name,
      roomName: request.roomName || old.roomName,
      participantIdentity: request.participantIdentity || old.participantIdentity,
      participantName: request.participantName || old.participantName,
      participantMetadata: request.participantMetadata || old.participantMetadata,
      enableTranscoding: request.enableTranscoding ?? old.enableTranscoding,
      audio: request.audio ?? old.audio,
      video: request.video ?? old.video,
      enabled: request.enabled ?? old.enabled,
    };
    if (old.state?.status === IngressState_Status.ENDPOINT_ERROR)
      next.state = { ...old.state, status: IngressState_Status.ENDPOINT_INACTIVE };
    validate(next);
    ingress.info = transcoding(next);
    return ingress.info;
  }

  /** DeleteIngress: a running stream stops (its participant leaves); answers the ingress, ENDPOINT_INACTIVE. */
  delete(request: DeleteIngressRequest): IngressInfo {
    this.settle();
    const ingress = this.#get(request.ingressId);
    if (ingress.session !== undefined) this.stopStream(request.ingressId);
    this.#ingress.delete(request.ingressId);
    return { ...ingress.info, state: { ...ingress.info.state!, status: IngressState_Status.ENDPOINT_INACTIVE } };
  }

  /** The Simulator's StartIngressStream: ENDPOINT_PUBLISHING, and the ingress participant joins its room. */
  startStream(ingressId: string): ParticipantInfo {
    this.settle();
    const ingress = this.#get(ingressId);
    const info = ingress.info;
    if (ingress.session !== undefined) throw new TwirpError("failed_precondition", "the ingress is publishing already");
    if (info.enabled === false) throw ingressErrors.disabled();
    if (info.roomName === "") throw new TwirpError("failed_precondition", "the ingress has no room name (set one with UpdateIngress)");
    checkRoomNameLength(info.roomName, "room_name");
    checkIdentityLength(info.participantIdentity, "participant_identity");
    // The tracks livekit/ingress publishes: an audio and a video track (H.264 unless the source sends another codec).
    const tracks = [
      create(TrackInfoSchema, {
        type: TrackType.AUDIO,
        name: info.audio?.name ?? "",
        source: info.audio?.source || TrackSource.MICROPHONE,
        mimeType: "audio/opus",
      }),
      create(TrackInfoSchema, {
        type: TrackType.VIDEO,
        name: info.video?.name ?? "",
        source: info.video?.source || TrackSource.CAMERA,
        mimeType: "video/H264",
        width: 1280,
        height: 720,
      }),
    ];
    const joined = this.rooms.join(info.roomName, {
      identity: info.participantIdentity,
      name: info.participantName,
      metadata: info.participantMetadata,
      attributes: {},
      tracks,
      permission: create(ParticipantPermissionSchema, { canSubscribe: false, canPublish: true, canPublishData: false }),
      kind: ParticipantInfo_Kind.INGRESS,
    });
    joined.info = { ...joined.info, kind: ParticipantInfo_Kind.INGRESS };
    const room = this.rooms.room(info.roomName);
    const now = this.rooms.clock.now();
    ingress.session = { room: info.roomName, roomSid: room.room.sid, identity: info.participantIdentity, participantSid: joined.info.sid };
    ingress.info = {
      ...info,
      state: create(IngressStateSchema, {
        status: IngressState_Status.ENDPOINT_PUBLISHING,
        roomId: room.room.sid,
        startedAt: ms(now),
        updatedAt: ms(now),
        tracks: joined.info.tracks,
      }),
    };
    eventsOf(this.rooms).emit({ type: "ingress_started", ingress: ingress.info });
    return joined.info;
  }

  /** The Simulator's StopIngressStream: ENDPOINT_INACTIVE, and the ingress participant leaves. */
  stopStream(ingressId: string): IngressInfo {
    this.settle();
    const ingress = this.#get(ingressId);
    const session = ingress.session;
    if (session === undefined) throw new TwirpError("failed_precondition", "the ingress is not publishing");
    const room = this.rooms.find(session.room);
    if (room !== undefined && room.participants.get(session.identity)?.info.sid === session.participantSid) {
      this.rooms.leave(room, session.identity);
    }
    this.#inactive(ingress);
    return ingress.info;
  }

  #inactive(ingress: LocalIngress): void {
    const now = this.rooms.clock.now();
    ingress.session = undefined;
    ingress.info = {
      ...ingress.info,
      state: { ...ingress.info.state!, status: IngressState_Status.ENDPOINT_INACTIVE, endedAt: ms(now), updatedAt: ms(now), tracks: [] },
    };
    eventsOf(this.rooms).emit({ type: "ingress_ended", ingress: ingress.info });
  }

  #get(ingressId: string): LocalIngress {
    const ingress = this.#ingress.get(ingressId);
    if (ingress === undefined) throw ingressErrors.notFound();
    return ingress;
  }

  /** A publishing ingress whose participant is gone (removed, room deleted) is inactive again. */
  settle(): void {
    for (const ingress of this.#ingress.values()) {
      const session = ingress.session;
      if (session === undefined) continue;
      const room = this.rooms.find(session.room);
      if (room?.room.sid !== session.roomSid || room.participants.get(session.identity)?.info.sid !== session.participantSid) {
        this.#inactive(ingress);
      }
    }
  }
}

/** livekit/protocol's ingress.ValidateForSerialization (the checks that do not need media options). */
function validate(info: IngressInfo): void {
  if (info.inputType !== IngressInput.URL_INPUT && info.streamKey === "") throw ingressErrors.invalid("no stream key");
  if (info.participantIdentity === "") throw ingressErrors.invalid("no participant identity");
  checkRoomNameLength(info.roomName, "room_name");
  checkIdentityLength(info.participantIdentity, "participant_identity");
}

/** livekit-server's updateEnableTranscoding: WHIP defaults to no transcoding, others to transcoding. */
function transcoding(info: IngressInfo): IngressInfo {
  if (info.enableTranscoding !== undefined) return { ...info, bypassTranscoding: !info.enableTranscoding };
  if (info.inputType === IngressInput.WHIP_INPUT) return { ...info, enableTranscoding: false, bypassTranscoding: true };
  return { ...info, enableTranscoding: true, bypassTranscoding: false };
}

const ingressByRooms = new WeakMap<LocalRooms, LocalIngresses>();

/** The ingress state of a dev server's rooms (one per LocalRooms; the Simulator reaches it too). */
export function ingressOf(rooms: LocalRooms): LocalIngresses {
  let ingress = ingressByRooms.get(rooms);
  if (ingress === undefined) {
    ingress = new LocalIngresses(rooms);
    ingressByRooms.set(rooms, ingress);
  }
  return ingress;
}

/** livekit.Ingress on the local rooms. */
export class LocalIngressService implements IngressImplementation {
  readonly #ingress: LocalIngresses;

  constructor(rooms: LocalRooms) {
    this.#ingress = ingressOf(rooms);
  }

  async createIngress(request: CreateIngressRequest) {
    return this.#ingress.create(request);
  }
  async updateIngress(request: UpdateIngressRequest) {
    return this.#ingress.update(request);
  }
  async listIngress(request: ListIngressRequest) {
    return { items: this.#ingress.list(request) };
  }
  async deleteIngress(request: DeleteIngressRequest) {
    return this.#ingress.delete(request);
  }
}

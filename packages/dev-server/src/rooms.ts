// The state of the local room service: rooms and their participants in memory, with LiveKit's
// rules for creating rooms, joining, leaving and closing them by their timeouts (facts from
// livekit/livekit: pkg/service/roomallocator.go, pkg/rtc/room.go). The RoomService and
// Simulator implementations (room-service.ts, simulator.ts) act on it.
//
// Messages are values here: a change replaces a room's or participant's message instead of
// editing it, so a response already handed out never changes under its reader.
//
// What a room keeps is bounded (see README.md, "Bounds"): the data packets SendData delivered
// (the newest `dataLimits.packets`, at most `dataLimits.bytes` of payload), and subscriptions
// (only to tracks published in the room).
import { create } from "@bufbuild/protobuf";
import {
  CodecSchema,
  ParticipantInfoSchema,
  ParticipantInfo_State,
  type ParticipantInfo,
  type ParticipantInfo_Kind,
  type ParticipantPermission,
  type Room,
  RoomSchema,
  type TrackInfo,
} from "livekit-room-api/livekit_models_pb";
import type { CreateRoomRequest } from "livekit-room-api/livekit_room_pb";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import type { Clock } from "./clock.js";
import type { ReceivedPacket } from "./gen/dev/simulator_pb.js";
import { eventsOf, minimalParticipant } from "./events.js";

/** LiveKit's defaults (pkg/config/config.go). */
const defaults = { emptyTimeout: 300, departureTimeout: 20 };

/**
 * The data packets a room keeps for ReceivedData, whichever bound comes first: the newest
 * `packets` delivered, and at most `bytes` of payload (the newest packet is always kept).
 */
export const dataLimits = { packets: 1000, bytes: 16 * 1024 * 1024 };
const enabledCodecs = [
  "audio/PCMU",
  "audio/PCMA",
  "audio/opus",
  "audio/red",
  "video/VP8",
  "video/H264",
  "video/VP9",
  "video/AV1",
  "video/H265",
  "video/rtx",
];

/** LiveKit's errors, with its messages (pkg/service/errors.go, pkg/rtc/errors.go). */
export const errors = {
  roomNotFound: () => new TwirpError("not_found", "requested room does not exist"),
  participantNotFound: () => new TwirpError("not_found", "participant does not exist"),
  alreadyJoined: () => new TwirpError("already_exists", "a participant with the same identity is already in the room"),
  roomFull: () => new TwirpError("resource_exhausted", "room has exceeded its max participants"),
};

/** Answers PerformRpc for one participant (registered by a test with `LocalRooms.handleRpc`). */
export type RpcHandler = (call: { method: string; payload: string; responseTimeoutMs: number }) => string | Promise<string>;

export interface LocalParticipant {
  info: ParticipantInfo;
  /** Track sids it is subscribed to through UpdateSubscriptions (tracks published in its room only). */
  readonly subscriptions: Set<string>;
  rpcHandler: RpcHandler | undefined;
  /** Rooms holding a forwarded copy of it (ForwardParticipant). */
  readonly forwardedTo: Set<string>;
  /** For a forwarded copy: the room of the participant it copies. */
  readonly forwardedFrom: string | undefined;
}

export interface LocalRoom {
  room: Room;
  readonly participants: Map<string, LocalParticipant>;
  /** When the last participant left, once someone has joined and left (ms); starts the departure timeout. */
  lastLeftAt: number | undefined;
  /** Nonces of the last data packets, to drop repeats as LiveKit does. */
  readonly recentNonces: string[];
  /** The data packets delivered in this room that it keeps (`dataLimits`), oldest first. */
  readonly data: DeliveredPacket[];
  /** The payload bytes of `data`. */
  dataBytes: number;
}

/** A data packet and the sids of the participants it was delivered to (and who are still here). */
export interface DeliveredPacket {
  readonly packet: ReceivedPacket;
  readonly to: Set<string>;
}

/** What a participant joins with (the Simulator's Join request). */
export interface JoinInit {
  readonly identity: string;
  readonly name: string;
  readonly metadata: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly tracks: readonly TrackInfo[];
  readonly permission?: ParticipantPermission | undefined;
  /** Default STANDARD. */
  readonly kind?: ParticipantInfo_Kind | undefined;
}

export class LocalRooms {
  readonly #rooms = new Map<string, LocalRoom>();

  constructor(
    readonly clock: Clock,
    /** Let MutePublishedTrack unmute (LiveKit's `room.enable_remote_unmute`). */
    readonly enableRemoteUnmute: boolean,
  ) {}

  /** Every open room, after closing those past their timeouts. */
  all(): LocalRoom[] {
    this.closeIdleRooms();
    return [...this.#rooms.values()];
  }

  /** The open room of that name, if any. */
  find(name: string): LocalRoom | undefined {
    this.closeIdleRooms();
    return this.#rooms.get(name);
  }

  /** The open room of that name, or LiveKit's not_found. */
  room(name: string): LocalRoom {
    const room = this.find(name);
    if (room === undefined) throw errors.roomNotFound();
    return room;
  }

  /** A participant of an open room, or LiveKit's not_found for the room or the participant. */
  participant(roomName: string, identity: string): { room: LocalRoom; participant: LocalParticipant } {
    const room = this.room(roomName);
    const participant = room.participants.get(identity);
    if (participant === undefined) throw errors.participantNotFound();
    return { room, participant };
  }

  /**
   * CreateRoom: a new room with LiveKit's defaults, or the existing one (same sid) with the
   * timeouts, limit and metadata the request sets (non-zero, non-empty) applied.
   */
  createOrUpdate(request: CreateRoomRequest): LocalRoom {
    const local = this.open(request.name);
    const room = local.room;
    local.room = {
      ...room,
      emptyTimeout: request.emptyTimeout > 0 ? request.emptyTimeout : room.emptyTimeout,
      departureTimeout: request.departureTimeout > 0 ? request.departureTimeout : room.departureTimeout,
      maxParticipants: request.maxParticipants > 0 ? request.maxParticipants : room.maxParticipants,
      metadata: request.metadata !== "" ? request.metadata : room.metadata,
    };
    return local;
  }

  /** Closes a room: everyone in it is disconnected, forwarded copies elsewhere too. */
  close(name: string): void {
    const room = this.#rooms.get(name);
    if (room === undefined) return;
    for (const identity of [...room.participants.keys()]) this.leave(room, identity);
    this.#rooms.delete(name);
    eventsOf(this).emit({ type: "room_finished", room: room.room });
  }

  /** A new participant joins, creating the room if needed; LiveKit's errors for a full room or a taken identity. */
  join(roomName: string, init: JoinInit): LocalParticipant {
    const now = this.clock.now();
    const info = create(ParticipantInfoSchema, {
      sid: newId("PA_"),
      identity: init.identity,
      name: init.name,
      metadata: init.metadata,
      attributes: { ...init.attributes },
      state: ParticipantInfo_State.ACTIVE,
      tracks: init.tracks.map((track) => (track.sid === "" ? { ...track, sid: newId("TR_") } : track)),
      joinedAt: BigInt(Math.floor(now / 1000)),
      joinedAtMs: BigInt(now),
      version: 1,
      permission: init.permission ?? { canSubscribe: true, canPublish: true, canPublishData: true },
      isPublisher: init.tracks.length > 0,
      ...(init.kind === undefined ? {} : { kind: init.kind }),
    });
    const room = this.open(roomName);
    const participant = this.admit(room, participantOf(info, undefined));
    // LiveKit publishes tracks after the join: track_published follows participant_joined.
    for (const track of participant.info.tracks) {
      eventsOf(this).emit({ type: "track_published", room: room.room, participant: minimalParticipant(participant.info), track });
    }
    return participant;
  }

  /** Puts a participant into a room (a join, a move, a forwarded copy), or refuses as LiveKit does. */
  admit(room: LocalRoom, participant: LocalParticipant): LocalParticipant {
    if (room.participants.has(participant.info.identity)) throw errors.alreadyJoined();
    if (room.room.maxParticipants > 0 && room.participants.size >= room.room.maxParticipants) throw errors.roomFull();
    room.participants.set(participant.info.identity, participant);
    this.#recount(room);
    eventsOf(this).emit({ type: "participant_joined", room: room.room, participant: participant.info });
    return participant;
  }

  /** The open room of that name, created (with LiveKit's defaults) if there is none. */
  open(name: string): LocalRoom {
    return this.find(name) ?? this.#open(name);
  }

  /** A participant leaves (disconnects, is removed or moved): its forwarded copies go too. */
  leave(room: LocalRoom, identity: string): void {
    const participant = room.participants.get(identity);
    if (participant === undefined) return;
    room.participants.delete(identity);
    this.#forget(room, participant);
    room.lastLeftAt = this.clock.now();
    this.#recount(room);
    // As LiveKit closes a participant: its tracks are unpublished, then it has left.
    const events = eventsOf(this);
    for (const track of participant.info.tracks) {
      events.emit({ type: "track_unpublished", room: room.room, participant: minimalParticipant(participant.info), track });
    }
    events.emit({
      type: "participant_left",
      room: room.room,
      participant: { ...participant.info, state: ParticipantInfo_State.DISCONNECTED },
    });
    for (const destination of participant.forwardedTo) {
      const copyRoom = this.#rooms.get(destination);
      if (copyRoom !== undefined) this.leave(copyRoom, identity);
    }
    const source = participant.forwardedFrom === undefined ? undefined : this.#rooms.get(participant.forwardedFrom);
    source?.participants.get(identity)?.forwardedTo.delete(room.room.name);
  }

  /** Changes a participant (a new version), and the forwarded copies of it, as LiveKit mirrors them. */
  update(room: LocalRoom, participant: LocalParticipant, change: Partial<Omit<ParticipantInfo, "$typeName">>): void {
    participant.info = { ...participant.info, ...change, version: participant.info.version + 1 };
    this.#recount(room);
    for (const destination of participant.forwardedTo) {
      const copyRoom = this.#rooms.get(destination);
      const copy = copyRoom?.participants.get(participant.info.identity);
      if (copyRoom !== undefined && copy !== undefined) this.update(copyRoom, copy, change);
    }
  }

  /** Moves a participant (same sid) to another room; the data it received comes along. */
  move(from: LocalRoom, to: LocalRoom, participant: LocalParticipant): void {
    const sid = participant.info.sid;
    const received = from.data.filter((d) => d.to.has(sid)).map((d) => d.packet);
    // Its subscriptions were to the other room's tracks.
    this.admit(to, { ...participant, forwardedTo: new Set(), subscriptions: new Set() });
    this.leave(from, participant.info.identity);
    for (const packet of received) this.#keep(to, { packet, to: new Set([sid]) });
  }

  /** Delivers a data packet to participants of the room (kept for ReceivedData within `dataLimits`). */
  deliver(room: LocalRoom, packet: ReceivedPacket, to: readonly LocalParticipant[]): void {
    if (to.length > 0) this.#keep(room, { packet, to: new Set(to.map((p) => p.info.sid)) });
  }

  /** The data packets the room keeps that were delivered to the participant, oldest first. */
  received(room: LocalRoom, participant: LocalParticipant): ReceivedPacket[] {
    const sid = participant.info.sid;
    return room.data.filter((d) => d.to.has(sid)).map((d) => d.packet);
  }

  /** Registers the handler that answers PerformRpc for a participant (until it leaves). */
  handleRpc(roomName: string, identity: string, handler: RpcHandler): void {
    this.participant(roomName, identity).participant.rpcHandler = handler;
  }

  /**
   * Closes every empty room past its timeout, as LiveKit's CloseIfEmpty: the departure timeout
   * from when the last participant left, or, if nobody has left yet, the empty timeout from its
   * creation (whole seconds, as LiveKit counts them).
   */
  closeIdleRooms(): void {
    const nowSeconds = Math.floor(this.clock.now() / 1000);
    for (const [name, room] of this.#rooms) {
      if (room.participants.size > 0) continue;
      const idleSince = room.lastLeftAt === undefined ? Number(room.room.creationTime) : Math.floor(room.lastLeftAt / 1000);
      const timeout = room.lastLeftAt === undefined ? room.room.emptyTimeout : room.room.departureTimeout;
      if (nowSeconds - idleSince >= timeout) {
        this.#rooms.delete(name);
        eventsOf(this).emit({ type: "room_finished", room: room.room });
      }
    }
  }

  #open(name: string): LocalRoom {
    const now = this.clock.now();
    const room = create(RoomSchema, {
      sid: newId("RM_"),
      name,
      emptyTimeout: defaults.emptyTimeout,
      departureTimeout: defaults.departureTimeout,
      creationTime: BigInt(Math.floor(now / 1000)),
      creationTimeMs: BigInt(now),
      turnPassword: newId(""),
      enabledCodecs: enabledCodecs.map((mime) => create(CodecSchema, { mime })),
    });
    const local: LocalRoom = { room, participants: new Map(), lastLeftAt: undefined, recentNonces: [], data: [], dataBytes: 0 };
    this.#rooms.set(name, local);
    eventsOf(this).emit({ type: "room_started", room });
    return local;
  }

  /** Appends a delivered packet, then drops the oldest ones past `dataLimits`. */
  #keep(room: LocalRoom, delivered: DeliveredPacket): void {
    room.data.push(delivered);
    room.dataBytes += delivered.packet.payload.byteLength;
    while (room.data.length > dataLimits.packets || (room.data.length > 1 && room.dataBytes > dataLimits.bytes)) {
      room.dataBytes -= room.data.shift()!.packet.payload.byteLength;
    }
  }

  /** A participant that left: the packets delivered to it, and subscriptions to its tracks, go. */
  #forget(room: LocalRoom, participant: LocalParticipant): void {
    for (const other of room.participants.values()) {
      for (const track of participant.info.tracks) other.subscriptions.delete(track.sid);
    }
    const sid = participant.info.sid;
    let kept = 0;
    for (const delivered of room.data) {
      delivered.to.delete(sid);
      if (delivered.to.size > 0) room.data[kept++] = delivered;
      else room.dataBytes -= delivered.packet.payload.byteLength;
    }
    room.data.length = kept;
  }

  #recount(room: LocalRoom): void {
    const participants = [...room.participants.values()];
    room.room = {
      ...room.room,
      numParticipants: participants.length,
      numPublishers: participants.filter((p) => p.info.isPublisher).length,
    };
  }
}

/** A participant's state around its message. */
export function participantOf(info: ParticipantInfo, forwardedFrom: string | undefined): LocalParticipant {
  return { info, subscriptions: new Set(), rpcHandler: undefined, forwardedTo: new Set(), forwardedFrom };
}

const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A LiveKit-style id: the prefix and 12 random base62 characters (`RM_3kT9...`). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  let id = prefix;
  for (const byte of bytes) id += alphabet[byte % alphabet.length];
  return id;
}

// LiveKit's RoomService on the in-memory rooms: every RPC, answering as LiveKit's server does
// (facts from livekit/livekit: pkg/service/roomservice.go, pkg/service/roommanager.go,
// pkg/rtc/participant.go; limits from pkg/config/config.go; PerformRpc's errors from
// livekit/protocol utils/data_channel_rpc.go).
import { create } from "@bufbuild/protobuf";
import { ParticipantInfo_KindDetail } from "livekit-room-api/livekit_models_pb";
import type {
  CreateRoomRequest,
  DeleteRoomRequest,
  ForwardParticipantRequest,
  ListParticipantsRequest,
  ListRoomsRequest,
  MoveParticipantRequest,
  MuteRoomTrackRequest,
  PerformRpcRequest,
  RoomParticipantIdentity,
  SendDataRequest,
  UpdateParticipantRequest,
  UpdateRoomMetadataRequest,
  UpdateSubscriptionsRequest,
} from "livekit-room-api/livekit_room_pb";
import type { RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { ReceivedPacketSchema } from "./gen/dev/simulator_pb.js";
import { attributesSize, byteLength, checkIdentityLength, checkRoomNameLength, checkSize, limits, requiredArgument } from "./limits.js";
import { newId, participantOf, type LocalParticipant, type LocalRooms } from "./rooms.js";

/** Data packet nonces remembered per room, to drop repeats (LiveKit's deduper keeps 100). */
const nonceWindow = 100;

export class LocalRoomService implements RoomServiceImplementation {
  constructor(private readonly rooms: LocalRooms) {}

  async createRoom(request: CreateRoomRequest) {
    if (request.name === "") throw new TwirpError("invalid_argument", "no room name");
    checkRoomNameLength(request.name, "name");
    checkSize("metadata size", byteLength(request.metadata), limits.metadataBytes);
    return this.rooms.createOrUpdate(request).room;
  }

  async listRooms(request: ListRoomsRequest) {
    const rooms = this.rooms.all().filter((r) => request.names.length === 0 || request.names.includes(r.room.name));
    return { rooms: rooms.map((r) => r.room) };
  }

  async deleteRoom(request: DeleteRoomRequest) {
    this.rooms.room(request.room);
    this.rooms.close(request.room);
    return {};
  }

  async listParticipants(request: ListParticipantsRequest) {
    return { participants: [...this.rooms.room(request.room).participants.values()].map((p) => p.info) };
  }

  async getParticipant(request: RoomParticipantIdentity) {
    return this.rooms.participant(request.room, request.identity).participant.info;
  }

  async removeParticipant(request: RoomParticipantIdentity) {
    const { room } = this.rooms.participant(request.room, request.identity);
    this.rooms.leave(room, request.identity);
    return {};
  }

  async mutePublishedTrack(request: MuteRoomTrackRequest) {
    const { room, participant } = this.rooms.participant(request.room, request.identity);
    if (!request.muted && !this.rooms.enableRemoteUnmute) {
      throw new TwirpError("failed_precondition", "remote unmute not enabled");
    }
    const track = participant.info.tracks.find((t) => t.sid === request.trackSid);
    // LiveKit answers an unknown track with no track, not with an error.
    if (track === undefined) return {};
    const muted = { ...track, muted: request.muted };
    this.rooms.update(room, participant, { tracks: participant.info.tracks.map((t) => (t === track ? muted : t)) });
    return { track: muted };
  }

  async updateParticipant(request: UpdateParticipantRequest) {
    checkSize("name length", byteLength(request.name), limits.nameBytes);
    checkSize("metadata size", byteLength(request.metadata), limits.metadataBytes);
    checkSize("attribute size", attributesSize(request.attributes), limits.attributesBytes);
    const { room, participant } = this.rooms.participant(request.room, request.identity);
    const info = participant.info;
    // Empty strings leave name and metadata as they are; an attribute set to "" is removed.
    const attributes = { ...info.attributes };
    for (const [key, value] of Object.entries(request.attributes)) {
      if (value === "") delete attributes[key];
      else attributes[key] = value;
    }
    this.rooms.update(room, participant, {
      name: request.name !== "" ? request.name : info.name,
      metadata: request.metadata !== "" ? request.metadata : info.metadata,
      attributes,
      permission: request.permission ?? info.permission,
    });
    return participant.info;
  }

  /**
   * Subscribes to (or from) tracks published in the room. A sid of no such track is skipped:
   * LiveKit gives up on it too, and nothing unbounded is kept.
   */
  async updateSubscriptions(request: UpdateSubscriptionsRequest) {
    const { room, participant } = this.rooms.participant(request.room, request.identity);
    const published = new Set([...room.participants.values()].flatMap((p) => p.info.tracks.map((t) => t.sid)));
    const sids = [...request.trackSids, ...request.participantTracks.flatMap((t) => t.trackSids)];
    for (const sid of sids) {
      if (!request.subscribe) participant.subscriptions.delete(sid);
      else if (published.has(sid)) participant.subscriptions.add(sid);
    }
    return {};
  }

  async sendData(request: SendDataRequest) {
    if (request.nonce.length !== 0 && request.nonce.length !== 16) {
      throw new TwirpError("invalid_argument", `nonce should be 16-bytes or not present, got: ${request.nonce.length} bytes`);
    }
    const room = this.rooms.room(request.room);
    if (request.nonce.length === 16) {
      const nonce = Array.from(request.nonce, (b) => b.toString(16).padStart(2, "0")).join("");
      if (room.recentNonces.includes(nonce)) return {};
      room.recentNonces.push(nonce);
      if (room.recentNonces.length > nonceWindow) room.recentNonces.shift();
    }
    const everyone = request.destinationIdentities.length === 0 && request.destinationSids.length === 0;
    const packet = create(ReceivedPacketSchema, {
      payload: request.data,
      kind: request.kind,
      nonce: request.nonce,
      destinationIdentities: request.destinationIdentities,
      ...(request.topic === undefined ? {} : { topic: request.topic }),
    });
    const to: LocalParticipant[] = [];
    for (const participant of room.participants.values()) {
      const { identity, sid } = participant.info;
      if (everyone || request.destinationIdentities.includes(identity) || request.destinationSids.includes(sid)) to.push(participant);
    }
    this.rooms.deliver(room, packet, to);
    return {};
  }

  async updateRoomMetadata(request: UpdateRoomMetadataRequest) {
    checkSize("metadata size", byteLength(request.metadata), limits.metadataBytes);
    const room = this.rooms.room(request.room);
    room.room = { ...room.room, metadata: request.metadata };
    return room.room;
  }

  /** A copy of the participant joins the destination room, with kind detail FORWARDED; changes to it are mirrored. */
  async forwardParticipant(request: ForwardParticipantRequest) {
    const { participant } = this.#source(request);
    const destination = this.rooms.open(request.destinationRoom);
    const info = participant.info;
    const copy = { ...info, sid: newId("PA_"), kindDetails: [...info.kindDetails, ParticipantInfo_KindDetail.FORWARDED], version: 1 };
    this.rooms.admit(destination, participantOf(copy, request.room));
    participant.forwardedTo.add(request.destinationRoom);
    return {};
  }

  /** The participant leaves its room and joins the destination (same sid); its forwarding stops. */
  async moveParticipant(request: MoveParticipantRequest) {
    const { room, participant } = this.#source(request);
    this.rooms.move(room, this.rooms.open(request.destinationRoom), participant);
    return {};
  }

  async performRpc(request: PerformRpcRequest) {
    if (request.destinationIdentity === "") throw new TwirpError("invalid_argument", "destination identity is required");
    const { participant } = this.rooms.participant(request.room, request.destinationIdentity);
    if (byteLength(request.payload) > limits.rpcPayloadBytes) throw rpcError("malformed", 1402, "Request payload too large");
    const handler = participant.rpcHandler;
    if (handler === undefined) throw rpcError("invalid_argument", 1400, "Method not supported at destination");
    const responseTimeoutMs = request.responseTimeoutMs > 0 ? request.responseTimeoutMs : 10_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(rpcError("canceled", 1502, "Response timeout")), responseTimeoutMs);
    });
    try {
      const payload = await Promise.race([
        (async () => handler({ method: request.method, payload: request.payload, responseTimeoutMs }))().catch((error: unknown) => {
          throw rpcError("internal", 1500, "Application error in method handler", error instanceof Error ? error.message : String(error));
        }),
        timeout,
      ]);
      if (byteLength(payload) > limits.rpcPayloadBytes) throw rpcError("internal", 1504, "Response payload too large");
      return { payload };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The participant a Forward or Move starts from, after LiveKit's check that the rooms differ,
   * and ours that the destination is a room LiveKit could have: named (a token without a
   * `destinationRoom` claim allows only ""), within the length limit.
   */
  #source(request: ForwardParticipantRequest | MoveParticipantRequest) {
    if (request.destinationRoom === "") throw requiredArgument("destination_room");
    checkRoomNameLength(request.room, "room");
    checkRoomNameLength(request.destinationRoom, "destination_room");
    checkIdentityLength(request.identity, "identity");
    if (request.room === request.destinationRoom) {
      // twirp.InvalidArgumentError(msg, ""): the message ends with the space before the empty text.
      const msg = "destination room cannot be the same as source room";
      throw new TwirpError("invalid_argument", `${msg} `, { argument: msg });
    }
    return this.rooms.participant(request.room, request.identity);
  }
}

/** A PerformRpc failure as LiveKit reports it: `RpcError <code>: <message>[: <data>]`. */
function rpcError(
  code: "malformed" | "invalid_argument" | "canceled" | "internal",
  rpcCode: number,
  message: string,
  data = "",
): TwirpError {
  return new TwirpError(code, `RpcError ${rpcCode}: ${message}${data === "" ? "" : `: ${data}`}`);
}

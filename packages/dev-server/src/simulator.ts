// livekit.dev.Simulator on the in-memory rooms: participants join and leave without WebRTC,
// tests read what SendData delivered, and a manual clock moves on request.
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import type {
  AdvanceClockRequest,
  JoinRequest,
  LeaveRequest,
  ReceivedDataRequest,
  StartIngressStreamRequest,
  StopIngressStreamRequest,
} from "./gen/dev/simulator_pb.js";
import type { SimulatorImplementation } from "./gen/dev/simulator_server.js";
import { attributesSize, byteLength, checkIdentityLength, checkRoomNameLength, checkSize, limits } from "./limits.js";
import { ingressOf } from "./ingress-service.js";
import type { LocalRooms } from "./rooms.js";
import { settle } from "./settle.js";

export class LocalSimulator implements SimulatorImplementation {
  constructor(private readonly rooms: LocalRooms) {}

  /** A join as LiveKit admits one: a named room, an identity, and the limits of UpdateParticipant on what it carries. */
  async join(request: JoinRequest) {
    if (request.room === "") throw new TwirpError("invalid_argument", "no room name");
    if (request.identity === "") throw new TwirpError("invalid_argument", "participant identity cannot be empty");
    checkRoomNameLength(request.room, "room");
    checkIdentityLength(request.identity, "identity");
    checkSize("name length", byteLength(request.name), limits.nameBytes);
    checkSize("metadata size", byteLength(request.metadata), limits.metadataBytes);
    checkSize("attribute size", attributesSize(request.attributes), limits.attributesBytes);
    return this.rooms.join(request.room, request).info;
  }

  async leave(request: LeaveRequest) {
    const { room } = this.rooms.participant(request.room, request.identity);
    this.rooms.leave(room, request.identity);
    return {};
  }

  async receivedData(request: ReceivedDataRequest) {
    const { room, participant } = this.rooms.participant(request.room, request.identity);
    return { packets: this.rooms.received(room, participant) };
  }

  async advanceClock(request: AdvanceClockRequest) {
    if (!this.rooms.clock.manual) {
      throw new TwirpError("failed_precondition", "AdvanceClock needs the service started with --manual-clock");
    }
    const nowMs = this.rooms.clock.advance(request.seconds);
    settle(this.rooms);
    return { nowMs: BigInt(nowMs) };
  }

  /** An encoder connects to an ingress: it publishes, and its participant joins (ingress-service.ts). */
  async startIngressStream(request: StartIngressStreamRequest) {
    return { participant: ingressOf(this.rooms).startStream(request.ingressId) };
  }

  /** The encoder disconnects: the ingress is inactive, its participant leaves. */
  async stopIngressStream(request: StopIngressStreamRequest) {
    ingressOf(this.rooms).stopStream(request.ingressId);
    return {};
  }
}

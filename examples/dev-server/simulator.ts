// livekit.dev.Simulator on the in-memory rooms: participants join and leave without WebRTC,
// tests read what SendData delivered, and a manual clock moves on request.
import type { AdvanceClockRequest, JoinRequest, LeaveRequest, ReceivedDataRequest } from "livekit-room-api/dev/simulator_pb";
import type { SimulatorImplementation } from "livekit-room-api/dev/simulator_server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import type { LocalRooms } from "./rooms.js";

export class LocalSimulator implements SimulatorImplementation {
  constructor(private readonly rooms: LocalRooms) {}

  async join(request: JoinRequest) {
    if (request.room === "") throw new TwirpError("invalid_argument", "no room name");
    if (request.identity === "") throw new TwirpError("invalid_argument", "participant identity cannot be empty");
    return this.rooms.join(request.room, request).info;
  }

  async leave(request: LeaveRequest) {
    const { room } = this.rooms.participant(request.room, request.identity);
    this.rooms.leave(room, request.identity);
    return {};
  }

  async receivedData(request: ReceivedDataRequest) {
    return { packets: this.rooms.participant(request.room, request.identity).participant.received };
  }

  async advanceClock(request: AdvanceClockRequest) {
    if (!this.rooms.clock.manual) {
      throw new TwirpError("failed_precondition", "AdvanceClock needs the service started with --manual-clock");
    }
    const nowMs = this.rooms.clock.advance(request.seconds);
    this.rooms.closeIdleRooms();
    return { nowMs: BigInt(nowMs) };
  }
}

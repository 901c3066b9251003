// LiveKit's AgentDispatchService on the in-memory rooms (facts from livekit/livekit
// pkg/service/agent_dispatch_service.go, roommanager.go, pkg/rtc/room.go): a dispatch belongs to
// a room and lives as long as it; with no agent workers here, each dispatch's job is running at
// once, its agent in the room as a participant of kind AGENT (identity `agent-<job id>`, as the
// Agents SDKs name theirs). Deleting the dispatch ends the job: the agent leaves.
import { create } from "@bufbuild/protobuf";
import { type AgentDispatch, AgentDispatchSchema } from "livekit-room-api/livekit_agent_dispatch_pb";
import type {
  CreateAgentDispatchRequest,
  DeleteAgentDispatchRequest,
  ListAgentDispatchRequest,
} from "livekit-room-api/livekit_agent_dispatch_pb";
import type { AgentDispatchServiceImplementation } from "livekit-room-api/livekit_agent_dispatch_server";
import { JobSchema, JobStatus, JobType } from "livekit-room-api/livekit_agent_pb";
import { ParticipantInfo_Kind, ParticipantInfo_State, ParticipantInfoSchema } from "livekit-room-api/livekit_models_pb";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { attributesSize, byteLength, checkRoomNameLength, checkSize, limits } from "./limits.js";
import { type LocalRoom, type LocalRooms, newId, participantOf } from "./rooms.js";

/** Dispatches one room keeps, at most (README.md, "AgentDispatch"): past it, `resource_exhausted`. */
export const dispatchLimits = { perRoom: 100 };

interface RoomDispatches {
  /** The sid of the room they belong to: a room of the same name opened later starts with none. */
  readonly roomSid: string;
  readonly byId: Map<string, AgentDispatch>;
}

export class LocalAgentDispatch implements AgentDispatchServiceImplementation {
  readonly #rooms = new Map<string, RoomDispatches>();

  constructor(private readonly rooms: LocalRooms) {}

  /** A dispatch in the room (created if needed, as LiveKit's room auto-create), its agent joined. */
  async createDispatch(request: CreateAgentDispatchRequest) {
    if (request.room === "") throw new TwirpError("invalid_argument", "no room name");
    checkRoomNameLength(request.room, "room");
    checkSize("metadata size", byteLength(request.metadata), limits.metadataBytes);
    checkSize("attribute size", attributesSize(request.attributes), limits.attributesBytes);
    const room = this.rooms.open(request.room);
    const dispatches = this.#of(room, true)!;
    if (dispatches.byId.size >= dispatchLimits.perRoom) {
      throw new TwirpError("resource_exhausted", `the dev server keeps at most ${dispatchLimits.perRoom} agent dispatches per room`);
    }
    const now = this.rooms.clock.now();
    const dispatchId = newId("AD_");
    const jobId = newId("AJ_");
    const identity = `agent-${jobId}`;
    const agent = create(ParticipantInfoSchema, {
      sid: newId("PA_"),
      identity,
      name: request.agentName,
      state: ParticipantInfo_State.ACTIVE,
      kind: ParticipantInfo_Kind.AGENT,
      joinedAt: BigInt(Math.floor(now / 1000)),
      joinedAtMs: BigInt(now),
      version: 1,
      permission: { canSubscribe: true, canPublish: true, canPublishData: true, agent: true },
    });
    this.rooms.admit(room, participantOf(agent, undefined));
    const job = create(JobSchema, {
      id: jobId,
      dispatchId,
      type: JobType.JT_ROOM,
      room: room.room,
      agentName: request.agentName,
      metadata: request.metadata,
      deployment: request.deployment,
      state: {
        status: JobStatus.JS_RUNNING,
        participantIdentity: identity,
        startedAt: BigInt(now) * 1_000_000n,
        updatedAt: BigInt(now) * 1_000_000n,
      },
    });
    const dispatch = create(AgentDispatchSchema, {
      id: dispatchId,
      agentName: request.agentName,
      room: request.room,
      metadata: request.metadata,
      restartPolicy: request.restartPolicy,
      deployment: request.deployment,
      attributes: request.attributes,
      state: { jobs: [job], createdAt: BigInt(now) * 1_000_000n },
    });
    dispatches.byId.set(dispatchId, dispatch);
    return dispatch;
  }

  /** Removes the dispatch; its agent leaves the room. */
  async deleteDispatch(request: DeleteAgentDispatchRequest) {
    const room = this.rooms.room(request.room);
    const dispatches = this.#of(room, false);
    const dispatch = dispatches?.byId.get(request.dispatchId);
    if (dispatches === undefined || dispatch === undefined) throw new TwirpError("not_found", "dispatch ID not found");
    dispatches.byId.delete(request.dispatchId);
    for (const job of dispatch.state?.jobs ?? []) {
      const identity = job.state?.participantIdentity;
      if (identity !== undefined && room.participants.get(identity)?.info.kind === ParticipantInfo_Kind.AGENT) {
        this.rooms.leave(room, identity);
      }
    }
    return dispatch;
  }

  /** The room's dispatches, or the one with `dispatchId` (none if unknown, as LiveKit). */
  async listDispatch(request: ListAgentDispatchRequest) {
    const room = this.rooms.room(request.room);
    const all = [...(this.#of(room, false)?.byId.values() ?? [])];
    return { agentDispatches: all.filter((d) => request.dispatchId === "" || d.id === request.dispatchId) };
  }

  /** The dispatches of this room, forgetting those of rooms that have closed. */
  #of(room: LocalRoom, createIfMissing: boolean): RoomDispatches | undefined {
    for (const [name, dispatches] of this.#rooms) {
      if (this.rooms.find(name)?.room.sid !== dispatches.roomSid) this.#rooms.delete(name);
    }
    let dispatches = this.#rooms.get(room.room.name);
    if (dispatches === undefined && createIfMissing) {
      dispatches = { roomSid: room.room.sid, byId: new Map() };
      this.#rooms.set(room.room.name, dispatches);
    }
    return dispatches;
  }
}

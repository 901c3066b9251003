// Deterministic sample messages for tests and benchmarks (no randomness, no clock).
import { create } from "@bufbuild/protobuf";
import { TrackSource, TrackType, ParticipantInfo_State, type ParticipantInfo } from "livekit-room-api/livekit_models_pb";
import { ParticipantInfoSchema, RoomSchema, TrackInfoSchema } from "livekit-room-api/livekit_models_pb";
import { ListParticipantsResponseSchema, ListRoomsResponseSchema, type ListParticipantsResponse, type ListRoomsResponse } from "livekit-room-api/livekit_room_pb";

/** A small ListRooms answer: two rooms. */
export function listRoomsResponse(): ListRoomsResponse {
  return create(ListRoomsResponseSchema, {
    rooms: [0, 1].map((i) =>
      create(RoomSchema, {
        sid: `RM_sample${i}`,
        name: `room-${i}`,
        emptyTimeout: 300,
        departureTimeout: 20,
        creationTime: 1_700_000_000n + BigInt(i),
        creationTimeMs: 1_700_000_000_000n + BigInt(i),
        metadata: i === 0 ? "" : '{"topic":"standup"}',
        numParticipants: 3 * i,
        numPublishers: i,
      }),
    ),
  });
}

/** One participant with two tracks and attributes, numbered `i`. */
export function participant(i: number): ParticipantInfo {
  return create(ParticipantInfoSchema, {
    sid: `PA_sample${i}`,
    identity: `user-${i}`,
    state: ParticipantInfo_State.ACTIVE,
    metadata: `{"seat":${i}}`,
    joinedAt: 1_700_000_000n + BigInt(i),
    joinedAtMs: 1_700_000_000_000n + BigInt(i),
    name: `User ${i}`,
    version: i,
    permission: { canSubscribe: true, canPublish: i % 2 === 0, canPublishData: true, canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE] },
    region: "eu-central",
    isPublisher: i % 2 === 0,
    attributes: { role: i === 0 ? "host" : "guest", lang: "en" },
    tracks: [
      create(TrackInfoSchema, { sid: `TR_a${i}`, type: TrackType.AUDIO, name: "mic", source: TrackSource.MICROPHONE, mimeType: "audio/opus", mid: "0" }),
      create(TrackInfoSchema, { sid: `TR_v${i}`, type: TrackType.VIDEO, name: "camera", source: TrackSource.CAMERA, width: 1280, height: 720, mimeType: "video/VP8", mid: "1" }),
    ],
  });
}

/** A ListParticipants answer with `count` participants (50 by default). */
export function listParticipantsResponse(count = 50): ListParticipantsResponse {
  return create(ListParticipantsResponseSchema, { participants: Array.from({ length: count }, (_, i) => participant(i)) });
}

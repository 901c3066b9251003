// LiveKit-style JSON of participants (camelCase, int64 as strings, enums as names), for tests
// and benchmarks of the Zod schemas.
import type { JsonObject } from "@bufbuild/protobuf";

/** One participant with two tracks, as LiveKit's JSON has it. */
export function participantJson(i: number): JsonObject {
  return {
    sid: `PA_${i}`,
    identity: `user-${i}`,
    state: "ACTIVE",
    joinedAt: "1700000000",
    joinedAtMs: "1700000000123",
    name: `User ${i}`,
    version: 3,
    permission: { canSubscribe: true, canPublish: true, canPublishData: true, canPublishSources: ["CAMERA", "MICROPHONE"] },
    isPublisher: true,
    kind: "STANDARD",
    attributes: { team: "blue" },
    tracks: [
      { sid: `TR_${i}a`, type: "AUDIO", source: "MICROPHONE", muted: false, mimeType: "audio/opus" },
      { sid: `TR_${i}v`, type: "VIDEO", source: "CAMERA", width: 1280, height: 720, mimeType: "video/vp8" },
    ],
  };
}

/** A ListParticipantsResponse with `count` participants. */
export function listParticipantsJson(count: number): JsonObject {
  return { participants: Array.from({ length: count }, (_, i) => participantJson(i)) };
}

// The payload shapes the JSON benchmark measures, beside `participantsResponse` (samples.ts):
// what a LiveKit backend sends and reads, from a dense participant list to a single small Room.
// Deterministic, like every sample here.
import { create } from "@bufbuild/protobuf";
import {
  AudioTrackFeature,
  BackupCodecPolicy,
  ClientInfo_Capability,
  Encryption_Type,
  ParticipantInfo_Kind,
  ParticipantInfo_KindDetail,
  ParticipantInfo_State,
  ParticipantInfoSchema,
  RoomSchema,
  TrackInfoSchema,
  TrackSource,
  TrackType,
  type ParticipantInfo,
} from "livekit-room-api/livekit_models_pb";
import {
  ListParticipantsResponseSchema,
  ListRoomsResponseSchema,
  type ListParticipantsResponse,
  type ListRoomsResponse,
} from "livekit-room-api/livekit_room_pb";
import { participantsResponse } from "./samples.js";

const epochSeconds = 1_700_000_000n;

/**
 * `count` participants with every track field set to a value other than its default (the
 * deprecated ones too: servers still fill them), on top of `participantsResponse`'s.
 */
export function denseParticipantsResponse(count: number): ListParticipantsResponse {
  const response = participantsResponse(count);
  for (const participant of response.participants) {
    participant.kindDetails = [ParticipantInfo_KindDetail.FORWARDED];
    for (const track of participant.tracks) {
      track.muted = true;
      track.disableDtx = true;
      track.stereo = track.type === TrackType.AUDIO;
      track.disableRed = true;
      track.encryption = Encryption_Type.GCM;
      track.stream = track.stream || "microphone";
      track.audioFeatures = [AudioTrackFeature.TF_ECHO_CANCELLATION, AudioTrackFeature.TF_NOISE_SUPPRESSION];
      track.backupCodecPolicy = BackupCodecPolicy.SIMULCAST;
    }
  }
  return response;
}

/** An audio-only participant: one microphone track, most fields at their defaults. */
function audioParticipant(i: number): ParticipantInfo {
  return create(ParticipantInfoSchema, {
    sid: `PA_${i.toString(36).padStart(6, "0")}aUd`,
    identity: `listener-${i}`,
    state: ParticipantInfo_State.ACTIVE,
    joinedAt: epochSeconds + BigInt(i),
    tracks: [
      create(TrackInfoSchema, {
        sid: `TR_${i.toString(36).padStart(6, "0")}mIc`,
        source: TrackSource.MICROPHONE,
        mimeType: "audio/opus",
      }),
    ],
    permission: { canSubscribe: true, canPublishData: true },
  });
}

/** `count` audio-only participants, as a large audio room lists them: mostly defaults. */
export function sparseParticipantsResponse(count: number): ListParticipantsResponse {
  return create(ListParticipantsResponseSchema, { participants: Array.from({ length: count }, (_, i) => audioParticipant(i)) });
}

/** `count` rooms: int64 times and small integers, few strings. */
export function roomsResponse(count: number): ListRoomsResponse {
  return create(ListRoomsResponseSchema, {
    rooms: Array.from({ length: count }, (_, i) =>
      create(RoomSchema, {
        sid: `RM_${i.toString(36).padStart(8, "0")}`,
        name: `room-${i}`,
        emptyTimeout: 300 + i,
        departureTimeout: 20,
        maxParticipants: 100,
        creationTime: epochSeconds + BigInt(i * 61),
        creationTimeMs: (epochSeconds + BigInt(i * 61)) * 1000n + BigInt(i % 1000),
        numParticipants: i % 17,
        numPublishers: i % 5,
        activeRecording: i % 9 === 0,
        version: { unixMicro: (epochSeconds + BigInt(i)) * 1_000_000n, ticks: i % 4 },
      }),
    ),
  });
}

/** `count` agent and SIP participants whose fields are mostly maps and enum lists. */
export function attributeHeavyParticipantsResponse(count: number): ListParticipantsResponse {
  const sources = [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE, TrackSource.SCREEN_SHARE_AUDIO];
  return create(ListParticipantsResponseSchema, {
    participants: Array.from({ length: count }, (_, i) =>
      create(ParticipantInfoSchema, {
        sid: `PA_${i}`,
        identity: `sip_${i}`,
        state: ParticipantInfo_State.ACTIVE,
        kind: i % 2 === 0 ? ParticipantInfo_Kind.SIP : ParticipantInfo_Kind.AGENT,
        kindDetails: [ParticipantInfo_KindDetail.CLOUD_AGENT, ParticipantInfo_KindDetail.FORWARDED],
        capabilities: [ClientInfo_Capability.CAP_PACKET_TRAILER, ClientInfo_Capability.CAP_COMPRESSION_DEFLATE_RAW],
        permission: { canSubscribe: true, canPublish: true, canPublishSources: sources },
        attributes: Object.fromEntries(
          Array.from({ length: 12 }, (_, k) => [`sip.h.x-attr-${k}`, k % 3 === 0 ? `value-${i}-${k}` : String(k)]),
        ),
      }),
    ),
  });
}

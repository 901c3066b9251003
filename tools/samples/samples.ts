// Deterministic sample messages for tests and benchmarks (no randomness, no clock).
import { create } from "@bufbuild/protobuf";
import {
  ClientInfo_Capability,
  CodecSchema,
  ParticipantInfo_Kind,
  ParticipantInfo_State,
  ParticipantInfoSchema,
  ParticipantPermissionSchema,
  RoomSchema,
  SimulcastCodecInfoSchema,
  TimedVersionSchema,
  TrackInfoSchema,
  TrackSource,
  TrackType,
  VideoLayer_Mode,
  VideoLayerSchema,
  VideoQuality,
  type ParticipantInfo,
  type Room,
  type TrackInfo,
} from "livekit-room-api/livekit_models_pb";
import {
  ListParticipantsResponseSchema,
  ListRoomsResponseSchema,
  type ListParticipantsResponse,
  type ListRoomsResponse,
} from "livekit-room-api/livekit_room_pb";
import {
  EgressInfoSchema,
  EgressSourceType,
  EgressStatus,
  EncodedFileType,
  FileInfoSchema,
  ListEgressResponseSchema,
  type ListEgressResponse,
} from "livekit-room-api/livekit_egress_pb";

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
    permission: {
      canSubscribe: true,
      canPublish: i % 2 === 0,
      canPublishData: true,
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE],
    },
    region: "eu-central",
    isPublisher: i % 2 === 0,
    attributes: { role: i === 0 ? "host" : "guest", lang: "en" },
    tracks: [
      create(TrackInfoSchema, {
        sid: `TR_a${i}`,
        type: TrackType.AUDIO,
        name: "mic",
        source: TrackSource.MICROPHONE,
        mimeType: "audio/opus",
        mid: "0",
      }),
      create(TrackInfoSchema, {
        sid: `TR_v${i}`,
        type: TrackType.VIDEO,
        name: "camera",
        source: TrackSource.CAMERA,
        width: 1280,
        height: 720,
        mimeType: "video/VP8",
        mid: "1",
      }),
    ],
  });
}

/** A ListParticipants answer with `count` participants (50 by default). */
export function listParticipantsResponse(count = 50): ListParticipantsResponse {
  return create(ListParticipantsResponseSchema, { participants: Array.from({ length: count }, (_, i) => participant(i)) });
}

/** A fixed point in time (2023-11-14T22:13:20Z) so that every run builds the same bytes. */
const epochSeconds = 1_700_000_000n;

function layers(width: number, height: number) {
  const qualities = [VideoQuality.LOW, VideoQuality.MEDIUM, VideoQuality.HIGH];
  return qualities.map((quality, i) =>
    create(VideoLayerSchema, {
      quality,
      width: width >> (2 - i),
      height: height >> (2 - i),
      bitrate: [150_000, 500_000, 1_700_000][i]!,
      ssrc: 1_000_000 + i * 7919,
      spatialLayer: i,
      rid: ["q", "h", "f"][i]!,
    }),
  );
}

function fullTrack(participant: number, index: number): TrackInfo {
  const video = index !== 0;
  const width = video ? 1280 : 0;
  const height = video ? 720 : 0;
  return create(TrackInfoSchema, {
    sid: `TR_${participant.toString(36).padStart(4, "0")}${index}AbCdEf`,
    type: video ? TrackType.VIDEO : TrackType.AUDIO,
    name: video ? (index === 1 ? "camera" : "screen") : "microphone",
    muted: participant % 7 === index,
    width,
    height,
    simulcast: video,
    source: video ? (index === 1 ? TrackSource.CAMERA : TrackSource.SCREEN_SHARE) : TrackSource.MICROPHONE,
    layers: video ? layers(width, height) : [],
    mimeType: video ? "video/VP8" : "audio/opus",
    mid: String(participant * 3 + index),
    codecs: [
      create(SimulcastCodecInfoSchema, {
        mimeType: video ? "video/VP8" : "audio/opus",
        mid: String(participant * 3 + index),
        cid: `cid-${participant}-${index}`,
        layers: video ? layers(width, height) : [],
        videoLayerMode: video ? VideoLayer_Mode.ONE_SPATIAL_LAYER_PER_STREAM : VideoLayer_Mode.MODE_UNUSED,
      }),
    ],
    stream: video ? "camera" : "",
    version: create(TimedVersionSchema, { unixMicro: (epochSeconds + BigInt(participant)) * 1_000_000n, ticks: index }),
  });
}

function fullParticipant(i: number): ParticipantInfo {
  return create(ParticipantInfoSchema, {
    sid: `PA_${i.toString(36).padStart(6, "0")}XyZ`,
    identity: `user-${i}@example.com`,
    state: ParticipantInfo_State.ACTIVE,
    tracks: [0, 1, 2].map((index) => fullTrack(i, index)),
    metadata: JSON.stringify({ seat: i, team: i % 2 === 0 ? "red" : "blue" }),
    joinedAt: epochSeconds + BigInt(i),
    joinedAtMs: (epochSeconds + BigInt(i)) * 1000n + 123n,
    name: `Participant ${i} — “quoted” név`,
    version: 3 + (i % 5),
    permission: create(ParticipantPermissionSchema, {
      canSubscribe: true,
      canPublish: i % 10 !== 0,
      canPublishData: true,
      canPublishSources: [TrackSource.CAMERA, TrackSource.MICROPHONE, TrackSource.SCREEN_SHARE],
      canUpdateMetadata: i % 3 === 0,
    }),
    region: ["us-east", "eu-central", "ap-south"][i % 3]!,
    isPublisher: i % 10 !== 0,
    kind: i % 25 === 0 ? ParticipantInfo_Kind.AGENT : ParticipantInfo_Kind.STANDARD,
    attributes: { role: i === 0 ? "host" : "speaker", "lk.agent.state": "listening", locale: "en-US" },
    clientProtocol: 1,
    capabilities: [ClientInfo_Capability.CAP_PACKET_TRAILER],
  });
}

/**
 * The JSON benchmarks' payload: a ListParticipants response with `count` participants, each
 * with every field a real one has (3 tracks with simulcast layers and codecs, permission,
 * attributes, int64 timestamps). For the server's JSON form, pass it to `serverJson`
 * (`livekit-wire.ts`).
 */
export function participantsResponse(count = 50): ListParticipantsResponse {
  return create(ListParticipantsResponseSchema, { participants: Array.from({ length: count }, (_, i) => fullParticipant(i)) });
}

/** A small Room, as CreateRoom returns it. */
export function smallRoom(): Room {
  return create(RoomSchema, {
    sid: "RM_a1b2c3d4e5f6",
    name: "daily-standup",
    emptyTimeout: 300,
    departureTimeout: 20,
    maxParticipants: 50,
    creationTime: epochSeconds,
    creationTimeMs: epochSeconds * 1000n + 456n,
    turnPassword: "s3cr3t-turn",
    enabledCodecs: [
      create(CodecSchema, { mime: "audio/opus" }),
      create(CodecSchema, { mime: "video/VP8" }),
      create(CodecSchema, { mime: "video/H264", fmtpLine: "profile-level-id=42e01f" }),
    ],
    metadata: '{"topic":"standup"}',
    numParticipants: 4,
    numPublishers: 2,
    activeRecording: false,
    version: create(TimedVersionSchema, { unixMicro: epochSeconds * 1_000_000n, ticks: 1 }),
  });
}

/** A ListEgress answer of `count` room-composite recordings to MP4 files, half of them finished. */
export function listEgressResponse(count: number): ListEgressResponse {
  return create(ListEgressResponseSchema, {
    items: Array.from({ length: count }, (_, i) =>
      create(EgressInfoSchema, {
        egressId: `EG_sample${i}`,
        roomId: `RM_sample${i % 3}`,
        roomName: `room-${i % 3}`,
        sourceType: EgressSourceType.WEB,
        status: i % 2 === 0 ? EgressStatus.EGRESS_COMPLETE : EgressStatus.EGRESS_ACTIVE,
        startedAt: 1_700_000_000_000_000_000n + BigInt(i),
        endedAt: i % 2 === 0 ? 1_700_000_060_000_000_000n + BigInt(i) : 0n,
        updatedAt: 1_700_000_030_000_000_000n + BigInt(i),
        request: {
          case: "roomComposite",
          value: {
            roomName: `room-${i % 3}`,
            layout: "grid",
            fileOutputs: [{ fileType: EncodedFileType.MP4, filepath: `recordings/{room_name}-${i}.mp4` }],
          },
        },
        fileResults:
          i % 2 === 0
            ? [
                create(FileInfoSchema, {
                  filename: `recordings/room-${i % 3}-${i}.mp4`,
                  startedAt: 1_700_000_000_000_000_000n,
                  endedAt: 1_700_000_060_000_000_000n,
                  duration: 60_000_000_000n,
                  size: 7_340_032n,
                  location: `https://storage.example.com/recordings/room-${i % 3}-${i}.mp4`,
                }),
              ]
            : [],
      }),
    ),
  });
}

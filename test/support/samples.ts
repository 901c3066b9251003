// Deterministic sample messages of the sizes LiveKit deployments see, and the JSON the LiveKit
// server sends for them (snake_case, every field present, unset messages as null). Used by the
// codec tests and benchmarks, and by the Twirp client's benchmark.
import { create, toJson, type DescMessage, type JsonObject, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
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
import { ListParticipantsResponseSchema, type ListParticipantsResponse } from "livekit-room-api/livekit_room_pb";

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

function track(participant: number, index: number): TrackInfo {
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

function participant(i: number): ParticipantInfo {
  return create(ParticipantInfoSchema, {
    sid: `PA_${i.toString(36).padStart(6, "0")}XyZ`,
    identity: `user-${i}@example.com`,
    state: ParticipantInfo_State.ACTIVE,
    tracks: [0, 1, 2].map((index) => track(i, index)),
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

/** A ListParticipants response with `count` participants (3 tracks each, simulcast layers...). */
export function participantsResponse(count = 50): ListParticipantsResponse {
  return create(ListParticipantsResponseSchema, { participants: Array.from({ length: count }, (_, i) => participant(i)) });
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

/**
 * The JSON the LiveKit server (Go Twirp) sends for a message: proto field names, every field
 * present (zeros, `[]`, `{}`), unset message fields as `null`; unset oneof members are left out.
 */
export function serverJson<Desc extends DescMessage>(schema: Desc, message: MessageShape<Desc>): JsonObject {
  const json = toJson(schema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as JsonObject;
  return withNulls(schema, json);
}

function withNulls(desc: DescMessage, json: JsonObject): JsonObject {
  for (const field of desc.fields) {
    const value = json[field.name];
    if (field.fieldKind === "message" && field.oneof === undefined && value === undefined) json[field.name] = null;
    if (value === undefined || value === null || field.message?.typeName.startsWith("google.protobuf.")) continue;
    if (field.fieldKind === "message") withNulls(field.message, value as JsonObject);
    if (field.fieldKind === "list" && field.listKind === "message") {
      for (const item of value as JsonValue[]) withNulls(field.message, item as JsonObject);
    }
    if (field.fieldKind === "map" && field.mapKind === "message") {
      for (const item of Object.values(value as JsonObject)) withNulls(field.message, item as JsonObject);
    }
  }
  return json;
}

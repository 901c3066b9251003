// Zod schemas of LiveKit's messages, imported from the generated package by name: the required
// fields of proto/livekit_room.api.json, error paths, and conversion parity with fromJson.
import { create, equals, fromJson, toJson, type JsonObject } from "@bufbuild/protobuf";
import { ParticipantInfoSchema } from "livekit-room-api/livekit_models_pb";
import { ParticipantInfoZod } from "livekit-room-api/livekit_models_zod";
import { ListParticipantsResponseSchema } from "livekit-room-api/livekit_room_pb";
import {
  CreateRoomRequestZod,
  DeleteRoomRequestZod,
  ListParticipantsRequestZod,
  ListParticipantsResponseZod,
  ListRoomsRequestZod,
  MuteRoomTrackRequestZod,
  RoomParticipantIdentityZod,
  SendDataRequestZod,
  UpdateParticipantRequestZod,
  UpdateRoomMetadataRequestZod,
  UpdateSubscriptionsRequestZod,
} from "livekit-room-api/livekit_room_zod";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { listParticipantsResponse, participant } from "../../../tools/samples/samples.js";
import { issuesOf } from "../../support/zod.js";

/** Each request with its smallest valid input, and which keys are names (must be non-empty). */
const requests: { name: string; schema: z.ZodType; minimal: Record<string, unknown>; names: string[] }[] = [
  { name: "CreateRoomRequest", schema: CreateRoomRequestZod, minimal: { name: "r" }, names: ["name"] },
  { name: "DeleteRoomRequest", schema: DeleteRoomRequestZod, minimal: { room: "r" }, names: ["room"] },
  { name: "ListParticipantsRequest", schema: ListParticipantsRequestZod, minimal: { room: "r" }, names: ["room"] },
  {
    name: "RoomParticipantIdentity",
    schema: RoomParticipantIdentityZod,
    minimal: { room: "r", identity: "p" },
    names: ["room", "identity"],
  },
  {
    name: "MuteRoomTrackRequest",
    schema: MuteRoomTrackRequestZod,
    minimal: { room: "r", identity: "p", trackSid: "TR_1", muted: false },
    names: ["room", "identity", "trackSid"],
  },
  {
    name: "UpdateParticipantRequest",
    schema: UpdateParticipantRequestZod,
    minimal: { room: "r", identity: "p" },
    names: ["room", "identity"],
  },
  {
    name: "UpdateSubscriptionsRequest",
    schema: UpdateSubscriptionsRequestZod,
    minimal: { room: "r", identity: "p", trackSids: ["TR_1"], subscribe: true },
    names: ["room", "identity"],
  },
  { name: "UpdateRoomMetadataRequest", schema: UpdateRoomMetadataRequestZod, minimal: { room: "r", metadata: "" }, names: ["room"] },
  {
    name: "SendDataRequest",
    schema: SendDataRequestZod,
    minimal: { room: "r", data: new Uint8Array(), kind: 0, destinationIdentities: [] },
    names: ["room"],
  },
];

describe.each(requests)("$name: required fields", ({ schema, minimal, names }) => {
  it("accepts the smallest valid request", () => {
    expect(schema.parse(minimal)).toEqual(minimal);
  });

  it.each(Object.keys(minimal))("rejects a request without %s, naming it", (key) => {
    const input = { ...minimal };
    delete input[key];
    // Zod's own types say "received undefined"; bytes and enums name what they expect.
    expect(issuesOf(schema, input)).toEqual([
      expect.stringMatching(new RegExp(`^${key}: (Invalid input: expected \\w+, received undefined|expected (bytes|a value of enum) .+)$`)),
    ]);
  });

  it.each(names.map((n) => [n]))("rejects an empty %s", (key) => {
    expect(issuesOf(schema, { ...minimal, [key]: "" })).toEqual([`${key}: Too small: expected string to have >=1 characters`]);
  });
});

describe("LiveKit specifics", () => {
  it("UpdateSubscriptionsRequest needs at least one track sid, none empty", () => {
    const base = { room: "r", identity: "p", subscribe: true };
    expect(issuesOf(UpdateSubscriptionsRequestZod, { ...base, trackSids: [] })).toEqual([
      "trackSids: Too small: expected array to have >=1 items",
    ]);
    expect(issuesOf(UpdateSubscriptionsRequestZod, { ...base, trackSids: ["TR_1", ""] })).toEqual([
      "trackSids.1: Too small: expected string to have >=1 characters",
    ]);
  });

  it("SendDataRequest: an empty destination list means everyone; data as base64; kind by name", () => {
    const parsed = SendDataRequestZod.parse({ room: "r", data: "aGkh", kind: "LOSSY", destinationIdentities: [], topic: "chat" });
    expect(parsed).toEqual({ room: "r", data: new Uint8Array([104, 105, 33]), kind: 1, destinationIdentities: [], topic: "chat" });
    expect(issuesOf(SendDataRequestZod, { room: "r", data: "aGkh", kind: "LOUD", destinationIdentities: [] })[0]).toMatch(
      /^kind: expected a value of enum livekit\.DataPacket\.Kind \(RELIABLE, LOSSY, or its number\), received "LOUD"$/,
    );
  });

  it("rejects a typo in a key instead of dropping it", () => {
    expect(issuesOf(CreateRoomRequestZod, { name: "r", emptyTimeot: 10 })).toEqual([': Unrecognized key: "emptyTimeot"']);
  });

  it("checks ranges in requests: uint32 timeouts", () => {
    expect(issuesOf(CreateRoomRequestZod, { name: "r", emptyTimeout: -1 })).toEqual(["emptyTimeout: Too small: expected number to be >=0"]);
    expect(CreateRoomRequestZod.parse({ name: "r", emptyTimeout: 4294967295 })).toEqual({ name: "r", emptyTimeout: 4294967295 });
  });

  it("messages without rules take any subset of their fields", () => {
    expect(ListRoomsRequestZod.parse({})).toEqual({});
    expect(ListRoomsRequestZod.parse({ names: ["a", ""] })).toEqual({ names: ["a", ""] });
  });
});

describe("responses", () => {
  it("convert the proto3 JSON of a participant exactly as fromJson does", () => {
    const json = toJson(ParticipantInfoSchema, participant(1));
    const parsed = ParticipantInfoZod.parse(json);
    expect(equals(ParticipantInfoSchema, create(ParticipantInfoSchema, parsed), fromJson(ParticipantInfoSchema, json))).toBe(true);
  });

  it("convert a 50-participant list, and report a deep error with its full path", () => {
    const json = toJson(ListParticipantsResponseSchema, listParticipantsResponse(50)) as JsonObject;
    const parsed = ListParticipantsResponseZod.parse(json);
    expect(
      equals(
        ListParticipantsResponseSchema,
        create(ListParticipantsResponseSchema, parsed),
        fromJson(ListParticipantsResponseSchema, json),
      ),
    ).toBe(true);
    const broken = structuredClone(json) as { participants: { tracks: { type: unknown }[] }[] };
    broken.participants[3]!.tracks[0]!.type = "HOLOGRAM";
    expect(issuesOf(ListParticipantsResponseZod, broken)).toEqual([
      expect.stringMatching(/^participants\.3\.tracks\.0\.type: expected a value of enum livekit\.TrackType /),
    ]);
  });
});

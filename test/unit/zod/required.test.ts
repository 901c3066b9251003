// The `required` section of a sidecar file: read against the proto's descriptors, every name
// checked, every mistake reported with the sidecar's path and the message and field it names.
import { file_livekit_room } from "livekit-room-api/livekit_room_pb";
import { describe, expect, it } from "vitest";
import { GeneratorError } from "../../../generator/errors.js";
import { requiredFields } from "../../../generator/model/required.js";
import type { Sidecar } from "../../../generator/sidecar.js";

const path = "proto/livekit_room.api.json";
const sidecar = (required: unknown): Sidecar => ({ path, grants: undefined, required });

describe("requiredFields", () => {
  it("maps each named field to its rule", () => {
    const rules = requiredFields(file_livekit_room, sidecar({ MuteRoomTrackRequest: { track_sid: "nonEmpty", muted: "present" } }));
    expect([...rules].map(([field, rule]) => [field.parent.typeName, field.name, rule])).toEqual([
      ["livekit.MuteRoomTrackRequest", "track_sid", "nonEmpty"],
      ["livekit.MuteRoomTrackRequest", "muted", "present"],
    ]);
  });

  it("is empty without a sidecar or without the section", () => {
    expect(requiredFields(file_livekit_room, undefined).size).toBe(0);
    expect(requiredFields(file_livekit_room, sidecar(undefined)).size).toBe(0);
  });

  it.each([
    [[], `${path}: required: expected an object: message name -> { field name -> rule }`],
    [
      { CreateRoomRequests: { name: "present" } },
      `${path}: required.CreateRoomRequests: livekit_room.proto has no message "CreateRoomRequests"`,
    ],
    [
      { "livekit.CreateRoomRequest": { name: "present" } },
      `${path}: required.livekit.CreateRoomRequest: livekit_room.proto has no message`,
    ],
    [{ CreateRoomRequest: ["name"] }, `${path}: required.CreateRoomRequest: expected an object: field name -> rule`],
    [
      { MuteRoomTrackRequest: { trackSid: "nonEmpty" } },
      `${path}: required.MuteRoomTrackRequest.trackSid: message livekit.MuteRoomTrackRequest in livekit_room.proto has no field "trackSid" (its fields: room, identity, track_sid, muted)`,
    ],
    [
      { CreateRoomRequest: { name: "mandatory" } },
      `${path}: required.CreateRoomRequest.name: unknown rule "mandatory" (known: present, nonEmpty)`,
    ],
    [{ CreateRoomRequest: { name: true } }, `${path}: required.CreateRoomRequest.name: unknown rule true`],
    [
      { MuteRoomTrackRequest: { muted: "nonEmpty" } },
      `${path}: required.MuteRoomTrackRequest.muted: "nonEmpty" applies to string fields and lists of strings`,
    ],
    [{ SendDataRequest: { data: "nonEmpty" } }, `${path}: required.SendDataRequest.data: "nonEmpty" applies to string fields`],
  ])("rejects %j", (section, message) => {
    expect(() => requiredFields(file_livekit_room, sidecar(section))).toThrow(GeneratorError);
    expect(() => requiredFields(file_livekit_room, sidecar(section))).toThrow(message);
  });
});

// One call of LiveKit's generated RoomServiceClient against a loopback server that checks the
// token the client signed and answers in LiveKit's server form (proto names, every field).
import { createHmac } from "node:crypto";
import assert from "node:assert/strict";
import { create, equals, toJson } from "@bufbuild/protobuf";
import {
  CreateRoomRequestZod,
  ListParticipantsResponseJson,
  ListParticipantsResponseSchema,
  ParticipantInfo_State,
  RoomServiceClient,
  TrackSource,
  TrackSourceTable,
  TrackType,
} from "./gen/livekit/index.js";
import { startServer } from "./server.js";

const apiKey = "APIoutside";
const apiSecret = "outside-secret-0123456789-0123456789";

/** The claims of an HS256 token signed with apiSecret, or undefined when the signature is wrong. */
function verify(token: string): Record<string, unknown> | undefined {
  const [header, payload, signature] = token.split(".");
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  const expected = createHmac("sha256", apiSecret).update(`${header}.${payload}`).digest("base64url");
  if (expected !== signature) return undefined;
  return JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
}

export async function livekitCalls(): Promise<string[]> {
  const participants = create(ListParticipantsResponseSchema, {
    participants: [
      {
        sid: "PA_1",
        identity: "ada",
        state: ParticipantInfo_State.ACTIVE,
        joinedAt: 1_700_000_000n,
        tracks: [{ sid: "TR_1", type: TrackType.VIDEO, source: TrackSource.CAMERA, width: 1280, height: 720 }],
        attributes: { team: "core" },
      },
    ],
  });
  const server = await startServer(({ path, headers }) => {
    const claims = verify((headers.authorization ?? "").replace(/^Bearer /, ""));
    if (claims === undefined) return { status: 401, json: { code: "unauthenticated", msg: "bad token" } };
    assert.equal(path, "/twirp/livekit.RoomService/ListParticipants");
    assert.equal(claims.iss, apiKey);
    assert.deepEqual(claims.video, { roomAdmin: true, room: "standup" });
    return {
      status: 200,
      json: toJson(ListParticipantsResponseSchema, participants, { useProtoFieldName: true, alwaysEmitImplicit: true }),
    };
  });
  try {
    const rooms = new RoomServiceClient(server.url, { auth: { apiKey, apiSecret } });
    const response = await rooms.listParticipants({ room: "standup" });
    assert.ok(equals(ListParticipantsResponseSchema, response, participants), "listParticipants: the response as sent");
    assert.deepEqual(JSON.parse(server.received[0]!.body), { room: "standup" });
    assert.equal(TrackSourceTable.toJson(response.participants[0]!.tracks[0]!.source), "CAMERA");
    assert.deepEqual(ListParticipantsResponseJson.encode(response), toJson(ListParticipantsResponseSchema, participants));
    assert.equal(CreateRoomRequestZod.safeParse({ name: "" }).success, false);
    return ["livekit.RoomService/ListParticipants"];
  } finally {
    await server.close();
  }
}

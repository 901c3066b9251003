// The generated RoomServiceClient against a real HTTP server on 127.0.0.1: every RPC's path,
// headers, body and token, LiveKit's response form, and the binary format. The reference for
// bodies is @bufbuild/protobuf's own toJson/fromJson/toBinary; tokens are verified with jose.
import { create, equals, fromBinary, toBinary, toJson, type DescMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { RoomServiceBinary, RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { ParticipantInfoSchema, RoomSchema, TrackInfoSchema, TrackSource, DataPacket_Kind } from "livekit-room-api/livekit_models_pb";
import * as pb from "livekit-room-api/livekit_room_pb";
import { serverJson } from "../../../tools/samples/livekit-wire.js";
import { listParticipantsResponse, listRoomsResponse, participant } from "../../../tools/samples/samples.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";

const apiKey = "APIdemoKey";
const apiSecret = "demo-secret-that-is-long-enough-for-hs256-0123456789";

interface RpcCase {
  readonly method: keyof RoomServiceClient;
  readonly rpc: string;
  readonly input: DescMessage;
  readonly output: DescMessage;
  readonly request: MessageInitShape<DescMessage>;
  readonly response: unknown;
  /** The `video` grant, as livekit.md lists it. */
  readonly video: Record<string, unknown>;
}

const trackInfo = create(TrackInfoSchema, { sid: "TR_1", name: "mic", muted: true, source: TrackSource.MICROPHONE });

// Written from livekit.md's table, independently of the sidecar file.
const cases: RpcCase[] = [
  {
    method: "createRoom",
    rpc: "CreateRoom",
    input: pb.CreateRoomRequestSchema,
    output: RoomSchema,
    request: {
      name: "r1",
      emptyTimeout: 30,
      maxParticipants: 8,
      tags: { team: "A", "key with space": "x" },
      agents: [{ agentName: "helper", metadata: "{}" }],
    },
    response: listRoomsResponse().rooms[0],
    video: { roomCreate: true },
  },
  {
    method: "listRooms",
    rpc: "ListRooms",
    input: pb.ListRoomsRequestSchema,
    output: pb.ListRoomsResponseSchema,
    request: { names: ["room-0", "room-1"] },
    response: listRoomsResponse(),
    video: { roomList: true },
  },
  {
    method: "deleteRoom",
    rpc: "DeleteRoom",
    input: pb.DeleteRoomRequestSchema,
    output: pb.DeleteRoomResponseSchema,
    request: { room: "r1" },
    response: create(pb.DeleteRoomResponseSchema),
    video: { roomCreate: true },
  },
  {
    method: "listParticipants",
    rpc: "ListParticipants",
    input: pb.ListParticipantsRequestSchema,
    output: pb.ListParticipantsResponseSchema,
    request: { room: "r1" },
    response: listParticipantsResponse(3),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "getParticipant",
    rpc: "GetParticipant",
    input: pb.RoomParticipantIdentitySchema,
    output: ParticipantInfoSchema,
    request: { room: "r1", identity: "user-1" },
    response: participant(1),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "removeParticipant",
    rpc: "RemoveParticipant",
    input: pb.RoomParticipantIdentitySchema,
    output: pb.RemoveParticipantResponseSchema,
    request: { room: "r1", identity: "user-1", revokeTokenTs: 1_700_000_200n },
    response: create(pb.RemoveParticipantResponseSchema),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "mutePublishedTrack",
    rpc: "MutePublishedTrack",
    input: pb.MuteRoomTrackRequestSchema,
    output: pb.MuteRoomTrackResponseSchema,
    request: { room: "r1", identity: "user-1", trackSid: "TR_1", muted: true },
    response: create(pb.MuteRoomTrackResponseSchema, { track: trackInfo }),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "updateParticipant",
    rpc: "UpdateParticipant",
    input: pb.UpdateParticipantRequestSchema,
    output: ParticipantInfoSchema,
    request: {
      room: "r1",
      identity: "user-1",
      name: "Ann",
      attributes: { aB_c: "1" },
      permission: { canPublish: true, canPublishSources: [TrackSource.CAMERA] },
    },
    response: participant(2),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "updateSubscriptions",
    rpc: "UpdateSubscriptions",
    input: pb.UpdateSubscriptionsRequestSchema,
    output: pb.UpdateSubscriptionsResponseSchema,
    request: { room: "r1", identity: "user-1", trackSids: ["TR_1", "TR_2"], subscribe: true },
    response: create(pb.UpdateSubscriptionsResponseSchema),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "sendData",
    rpc: "SendData",
    input: pb.SendDataRequestSchema,
    output: pb.SendDataResponseSchema,
    request: {
      room: "r1",
      data: new Uint8Array([0x68, 0x69, 0x21, 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff, 0]),
      kind: DataPacket_Kind.LOSSY,
      topic: "chat",
      nonce: new Uint8Array(16).fill(7),
    },
    response: create(pb.SendDataResponseSchema),
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "updateRoomMetadata",
    rpc: "UpdateRoomMetadata",
    input: pb.UpdateRoomMetadataRequestSchema,
    output: RoomSchema,
    request: { room: "r1", metadata: '{"topic":"x"}' },
    response: listRoomsResponse().rooms[1],
    video: { roomAdmin: true, room: "r1" },
  },
  {
    method: "forwardParticipant",
    rpc: "ForwardParticipant",
    input: pb.ForwardParticipantRequestSchema,
    output: pb.ForwardParticipantResponseSchema,
    request: { room: "r1", identity: "user-1", destinationRoom: "r2" },
    response: create(pb.ForwardParticipantResponseSchema),
    video: { roomAdmin: true, room: "r1", destinationRoom: "r2" },
  },
  {
    method: "moveParticipant",
    rpc: "MoveParticipant",
    input: pb.MoveParticipantRequestSchema,
    output: pb.MoveParticipantResponseSchema,
    request: { room: "r1", identity: "user-1", destinationRoom: "r3" },
    response: create(pb.MoveParticipantResponseSchema),
    video: { roomAdmin: true, room: "r1", destinationRoom: "r3" },
  },
  {
    method: "performRpc",
    rpc: "PerformRpc",
    input: pb.PerformRpcRequestSchema,
    output: pb.PerformRpcResponseSchema,
    request: { room: "r1", destinationIdentity: "agent", method: "greet", payload: "hi", responseTimeoutMs: 5000 },
    response: create(pb.PerformRpcResponseSchema, { payload: "hello" }),
    video: { roomAdmin: true, room: "r1" },
  },
];

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

function callRpc(client: RoomServiceClient, c: RpcCase): Promise<unknown> {
  const method = client[c.method] as (request: unknown) => Promise<unknown>;
  return method.call(client, c.request);
}

async function verifiedClaims(authorization: string | undefined): Promise<Record<string, unknown>> {
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const token = authorization!.slice("Bearer ".length);
  const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(apiSecret), { algorithms: ["HS256"] });
  expect(protectedHeader.alg).toBe("HS256");
  return payload;
}

describe("RoomServiceClient, every RPC (JSON)", () => {
  it("covers every RPC of the service", () => {
    const methods = Object.getOwnPropertyNames(RoomServiceClient.prototype).filter((n) => n !== "constructor");
    expect(methods.sort()).toEqual(cases.map((c) => c.method).sort());
    expect(pb.file_livekit_room.services[0]!.methods.map((m) => m.name).sort()).toEqual(cases.map((c) => c.rpc).sort());
  });

  it.each(cases)("$rpc: path, headers, camelCase body, token claims, snake_case every-field response", async (c) => {
    server.handle(answerJson(200, serverJson(c.output, c.response as never)));
    const client = new RoomServiceClient(server.url, { auth: { apiKey, apiSecret } });
    const before = Math.floor(Date.now() / 1000);
    const result = await callRpc(client, c);

    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(`/twirp/livekit.RoomService/${c.rpc}`);
    expect(sent.headers["content-type"]).toBe("application/json");
    expect(sent.headers["x-twirp-timeout-ms"]).toBe("10000");
    expect(JSON.parse(sent.body.toString("utf8"))).toEqual(toJson(c.input, create(c.input, c.request)));

    const claims = await verifiedClaims(sent.headers.authorization);
    expect(Object.keys(claims).sort()).toEqual(["exp", "iss", "nbf", "video"]);
    expect(claims.iss).toBe(apiKey);
    expect(claims.video).toEqual(c.video);
    expect(claims.nbf).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe((claims.nbf as number) + 600);

    expect(equals(c.output, result as never, c.response as never)).toBe(true);
  });

  it.each(cases)("$rpc: useProtoFieldName sends snake_case bodies", async (c) => {
    server.handle(answerJson(200, toJson(c.output, c.response as never)));
    const client = new RoomServiceClient(server.url, { auth: { apiKey, apiSecret }, useProtoFieldName: true });
    const result = await callRpc(client, c);
    const body = JSON.parse(server.requests[0]!.body.toString("utf8"));
    expect(body).toEqual(toJson(c.input, create(c.input, c.request), { useProtoFieldName: true }));
    expect(equals(c.output, result as never, c.response as never)).toBe(true);
  });

  it("sends exactly the SDK's wire forms: int64 as string, bytes as padded base64, enum names, map keys as given", async () => {
    server.handle(answerJson(200, {}));
    const client = new RoomServiceClient(server.url);
    await client.sendData({
      room: "r",
      data: new Uint8Array([0x68, 0x69, 0x21, 0xfb, 0xef, 0xbe, 0xff, 0xff, 0xff, 0]),
      kind: DataPacket_Kind.LOSSY,
    });
    await client.removeParticipant({ room: "r", identity: "u", revokeTokenTs: 1_700_000_200n });
    await client.updateParticipant({ room: "r", attributes: { snake_key: "1", camelKey: "2" } });
    expect(server.requests.map((r) => JSON.parse(r.body.toString("utf8")))).toEqual([
      { room: "r", data: "aGkh++++////AA==", kind: "LOSSY" },
      { room: "r", identity: "u", revokeTokenTs: "1700000200" },
      { room: "r", attributes: { snake_key: "1", camelKey: "2" } },
    ]);
  });

  it("sends {} for an empty request, and calls without arguments", async () => {
    server.handle(answerJson(200, serverJson(pb.ListRoomsResponseSchema, listRoomsResponse())));
    const result = await new RoomServiceClient(server.url).listRooms();
    expect(server.requests[0]!.body.toString("utf8")).toBe("{}");
    expect(result.rooms.map((r) => r.name)).toEqual(["room-0", "room-1"]);
  });

  it("decodes the 50-participant answer in LiveKit's form and in camelCase alike, ignoring unknown fields", async () => {
    const expected = listParticipantsResponse();
    const client = new RoomServiceClient(server.url);
    const snake = serverJson(pb.ListParticipantsResponseSchema, expected);
    (snake.participants as Record<string, unknown>[])[0]!["field_from_a_newer_server"] = { x: [1] };
    snake["also_new"] = "y";
    server.handle(answerJson(200, snake));
    expect(equals(pb.ListParticipantsResponseSchema, await client.listParticipants({ room: "r" }), expected)).toBe(true);
    server.handle(answerJson(200, toJson(pb.ListParticipantsResponseSchema, expected)));
    expect(equals(pb.ListParticipantsResponseSchema, await client.listParticipants({ room: "r" }), expected)).toBe(true);
  });

  it("accepts a response content type of application/json; charset=utf-8", async () => {
    server.handle(answer(200, { "content-type": "Application/JSON; charset=utf-8" }, JSON.stringify({ payload: "ok" })));
    const result = await new RoomServiceClient(server.url).performRpc({ room: "r" });
    expect(result.payload).toBe("ok");
  });
});

describe("RoomServiceClient, binary format", () => {
  it.each(cases)("$rpc: protobuf body both ways", async (c) => {
    server.handle((request, response) => {
      // The server decodes what the client sent, then answers in binary.
      const decoded = fromBinary(c.input, new Uint8Array(request.body));
      expect(equals(c.input, decoded, create(c.input, c.request))).toBe(true);
      response.writeHead(200, { "content-type": "application/protobuf" });
      response.end(toBinary(c.output, c.response as never));
    });
    const client = new RoomServiceClient(server.url, { format: RoomServiceBinary, auth: { apiKey, apiSecret } });
    const result = await callRpc(client, c);
    const sent = server.requests[0]!;
    expect(sent.headers["content-type"]).toBe("application/protobuf");
    expect(sent.path).toBe(`/twirp/livekit.RoomService/${c.rpc}`);
    expect((await verifiedClaims(sent.headers.authorization)).video).toEqual(c.video);
    expect(equals(c.output, result as never, c.response as never)).toBe(true);
  });

  it("reads errors as JSON on binary calls too", async () => {
    server.handle(answerJson(404, { code: "not_found", msg: "room not found" }));
    const client = new RoomServiceClient(server.url, { format: RoomServiceBinary });
    await expect(client.deleteRoom({ room: "gone" })).rejects.toMatchObject({ code: "not_found", msg: "room not found", status: 404 });
  });
});

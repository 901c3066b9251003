// The official client against the local room service: livekit-server-sdk's RoomServiceClient
// drives every RPC of `npm run dev-server` (started in-process on a free port), and gets what
// LiveKit's server answers, errors included. Participants come from our generated Simulator client.
import { AccessToken, DataPacket_Kind, RoomServiceClient, TrackSource, TrackType, type ServerError } from "livekit-server-sdk";
import { ParticipantInfo_KindDetail } from "livekit-room-api/livekit_models_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, SimulatorClient, startDevServer } from "livekit-dev-server";

const apiKey = "devkey";
const apiSecret = "secret";
let server: DevServer;
let sdk: RoomServiceClient;
let simulator: SimulatorClient;
const failures: unknown[] = [];

beforeAll(async () => {
  server = await startDevServer({ port: 0, onError: (error) => failures.push(error) });
  sdk = new RoomServiceClient(server.url, apiKey, apiSecret);
  simulator = new SimulatorClient(server.url, { auth: { apiKey, apiSecret } });
});
afterAll(async () => {
  await server.close();
  // No RPC may have failed inside the service: every error above is one LiveKit answers.
  expect(failures).toEqual([]);
});

/** The SDK's error for a failed call: `code` and `msg` of the Twirp error, HTTP status. */
async function sdkError(call: Promise<unknown>): Promise<{ status: number; code: string | undefined; message: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as ServerError | undefined;
  expect(error, "the call should fail").toBeDefined();
  return { status: error!.status, code: error!.code, message: error!.message };
}

const notFound = (what: "room" | "participant") => ({
  status: 404,
  code: "not_found",
  message: what === "room" ? "requested room does not exist" : "participant does not exist",
});

/** The SDK client's own Twirp transport, for a call its methods do not offer or with a token of our choice. */
function sdkRpc(): { request(service: string, method: string, body: unknown, headers: Record<string, string>): Promise<unknown> } {
  return (sdk as unknown as { rpc: ReturnType<typeof sdkRpc> }).rpc;
}

async function bearer(grant: Record<string, unknown>): Promise<Record<string, string>> {
  const token = new AccessToken(apiKey, apiSecret);
  token.addGrant(grant);
  return { Authorization: `Bearer ${await token.toJwt()}` };
}

async function join(room: string, identity: string, extra: Parameters<SimulatorClient["join"]>[0] = {}) {
  return simulator.join({ room, identity, ...extra });
}

describe("livekit-server-sdk RoomServiceClient against npm run dev-server", () => {
  it("CreateRoom: a new room with LiveKit's defaults, then the same room (same sid) with the settings the request gives", async () => {
    const before = Math.floor(Date.now() / 1000);
    const room = await sdk.createRoom({ name: "sdk-create", maxParticipants: 5, metadata: "m1" });
    expect(room.sid).toMatch(/^RM_[0-9A-Za-z]{12}$/);
    expect(room).toMatchObject({
      name: "sdk-create",
      emptyTimeout: 300,
      departureTimeout: 20,
      maxParticipants: 5,
      metadata: "m1",
      numParticipants: 0,
    });
    expect(Number(room.creationTime)).toBeGreaterThanOrEqual(before);
    expect(room.enabledCodecs.map((c) => c.mime)).toContain("audio/opus");
    const again = await sdk.createRoom({ name: "sdk-create", emptyTimeout: 60, metadata: "" });
    expect(again).toMatchObject({ sid: room.sid, emptyTimeout: 60, departureTimeout: 20, maxParticipants: 5, metadata: "m1" });
    expect(await sdkError(sdk.createRoom({ name: "" }))).toEqual({ status: 400, code: "invalid_argument", message: "no room name" });
    expect(await sdkError(sdk.createRoom({ name: "x".repeat(257) }))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "room name length exceeds limits: max length 256",
    });
  });

  it("ListRooms: every room, or those named, with their participant counts", async () => {
    await sdk.createRoom({ name: "sdk-list-a" });
    await join("sdk-list-b", "alice", { tracks: [{ type: 1, source: 1, name: "cam" }] });
    await join("sdk-list-b", "bob");
    const named = await sdk.listRooms(["sdk-list-a", "sdk-list-b", "sdk-list-none"]);
    expect(named.map((r) => [r.name, r.numParticipants, r.numPublishers]).sort()).toEqual([
      ["sdk-list-a", 0, 0],
      ["sdk-list-b", 2, 1],
    ]);
    expect((await sdk.listRooms()).map((r) => r.name)).toEqual(expect.arrayContaining(["sdk-list-a", "sdk-list-b", "sdk-create"]));
  });

  it("DeleteRoom: closes the room and disconnects everyone; not_found for a room that does not exist", async () => {
    await join("sdk-delete", "alice");
    await sdk.deleteRoom("sdk-delete");
    expect(await sdk.listRooms(["sdk-delete"])).toEqual([]);
    await expect(simulator.receivedData({ room: "sdk-delete", identity: "alice" })).rejects.toMatchObject({ code: "not_found" });
    expect(await sdkError(sdk.deleteRoom("sdk-delete"))).toEqual(notFound("room"));
  });

  it("UpdateRoomMetadata: returns the room with its new metadata", async () => {
    await sdk.createRoom({ name: "sdk-meta" });
    expect(await sdk.updateRoomMetadata("sdk-meta", '{"topic":"x"}')).toMatchObject({ name: "sdk-meta", metadata: '{"topic":"x"}' });
    expect((await sdk.listRooms(["sdk-meta"]))[0]!.metadata).toBe('{"topic":"x"}');
    expect(await sdkError(sdk.updateRoomMetadata("sdk-none", "m"))).toEqual(notFound("room"));
  });

  it("ListParticipants and GetParticipant: what joined, with server ids; not_found for the room or the identity", async () => {
    const joined = await join("sdk-people", "alice", {
      name: "Alice",
      metadata: "m",
      attributes: { role: "host" },
      tracks: [{ type: TrackType.VIDEO, source: TrackSource.CAMERA, name: "cam", width: 1280, height: 720 }],
    });
    await join("sdk-people", "bob");
    const listed = await sdk.listParticipants("sdk-people");
    expect(listed.map((p) => p.identity)).toEqual(["alice", "bob"]);
    const alice = await sdk.getParticipant("sdk-people", "alice");
    expect(alice.sid).toBe(joined.sid);
    expect(alice.sid).toMatch(/^PA_/);
    expect(alice).toMatchObject({
      identity: "alice",
      name: "Alice",
      metadata: "m",
      attributes: { role: "host" },
      state: 2,
      isPublisher: true,
    });
    expect(alice.permission).toMatchObject({ canSubscribe: true, canPublish: true, canPublishData: true });
    expect(alice.tracks).toHaveLength(1);
    expect(alice.tracks[0]).toMatchObject({ type: TrackType.VIDEO, source: TrackSource.CAMERA, name: "cam", width: 1280, height: 720 });
    expect(alice.tracks[0]!.sid).toMatch(/^TR_/);
    expect(Number(alice.joinedAt)).toBeGreaterThan(0);
    expect(await sdkError(sdk.listParticipants("sdk-none"))).toEqual(notFound("room"));
    expect(await sdkError(sdk.getParticipant("sdk-people", "carol"))).toEqual(notFound("participant"));
    expect(await sdkError(sdk.getParticipant("sdk-none", "alice"))).toEqual(notFound("room"));
  });

  it("RemoveParticipant: the participant is gone; not_found the second time", async () => {
    await join("sdk-remove", "alice");
    await sdk.removeParticipant("sdk-remove", "alice");
    expect(await sdk.listParticipants("sdk-remove")).toEqual([]);
    expect(await sdkError(sdk.removeParticipant("sdk-remove", "alice"))).toEqual(notFound("participant"));
  });

  it("MutePublishedTrack: mutes and returns the track; unmuting is refused unless remote unmute is enabled", async () => {
    const alice = await join("sdk-mute", "alice", { tracks: [{ type: TrackType.AUDIO, source: TrackSource.MICROPHONE, name: "mic" }] });
    const sid = alice.tracks[0]!.sid;
    expect(await sdk.mutePublishedTrack("sdk-mute", "alice", sid, true)).toMatchObject({ sid, muted: true, name: "mic" });
    expect((await sdk.getParticipant("sdk-mute", "alice")).tracks[0]!.muted).toBe(true);
    expect(await sdk.mutePublishedTrack("sdk-mute", "alice", "TR_unknown", true)).toBeUndefined();
    expect(await sdkError(sdk.mutePublishedTrack("sdk-mute", "alice", sid, false))).toEqual({
      status: 412,
      code: "failed_precondition",
      message: "remote unmute not enabled",
    });
    expect(await sdkError(sdk.mutePublishedTrack("sdk-mute", "bob", sid, true))).toEqual(notFound("participant"));

    const unmuting = await startDevServer({ port: 0, enableRemoteUnmute: true });
    try {
      const client = new RoomServiceClient(unmuting.url, apiKey, apiSecret);
      const bob = await new SimulatorClient(unmuting.url, { auth: { apiKey, apiSecret } }).join({
        room: "r",
        identity: "bob",
        tracks: [{ type: TrackType.AUDIO, muted: true }],
      });
      expect(await client.mutePublishedTrack("r", "bob", bob.tracks[0]!.sid, false)).toMatchObject({ muted: false });
    } finally {
      await unmuting.close();
    }
  });

  it("UpdateParticipant: name, metadata, attributes (an empty value removes one) and permission, as a new version", async () => {
    const joined = await join("sdk-update", "alice", { name: "A", metadata: "m0", attributes: { a: "1", b: "2" } });
    const updated = await sdk.updateParticipant("sdk-update", "alice", {
      metadata: "m1",
      attributes: { b: "", c: "3" },
      permission: { canPublish: false, canSubscribe: true, canPublishData: false, canUpdateMetadata: true },
    });
    expect(updated).toMatchObject({ name: "A", metadata: "m1", attributes: { a: "1", c: "3" }, version: joined.version + 1 });
    expect(updated.permission).toMatchObject({ canPublish: false, canSubscribe: true, canPublishData: false, canUpdateMetadata: true });
    expect(await sdk.updateParticipant("sdk-update", "alice", { name: "Alice" })).toMatchObject({ name: "Alice", metadata: "m1" });
    expect(await sdkError(sdk.updateParticipant("sdk-update", "bob", { metadata: "x" }))).toEqual(notFound("participant"));
    expect(await sdkError(sdk.updateParticipant("sdk-update", "alice", { metadata: "x".repeat(512 * 1024 + 1) }))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "metadata size exceeds limits 524288",
    });
  });

  it("UpdateSubscriptions: records subscriptions to tracks published in the room; others are skipped, and go with their publisher", async () => {
    await join("sdk-subs", "alice");
    await join("sdk-subs", "bob", { tracks: [{ sid: "TR_a" }, { sid: "TR_b" }] });
    const subscriptions = () => [...server.rooms.participant("sdk-subs", "alice").participant.subscriptions];
    await sdk.updateSubscriptions("sdk-subs", "alice", ["TR_a", "TR_b", "TR_nowhere"], true);
    await sdk.updateSubscriptions("sdk-subs", "alice", ["TR_a"], false);
    expect(subscriptions()).toEqual(["TR_b"]);
    await simulator.leave({ room: "sdk-subs", identity: "bob" });
    expect(subscriptions()).toEqual([]);
    expect(await sdkError(sdk.updateSubscriptions("sdk-subs", "carol", ["TR_a"], true))).toEqual(notFound("participant"));
  });

  it("SendData: delivers to the destinations (or everyone) with topic, kind and the SDK's 16-byte nonce", async () => {
    await join("sdk-data", "alice");
    await join("sdk-data", "bob");
    await sdk.sendData("sdk-data", new Uint8Array([1, 2, 3]), DataPacket_Kind.RELIABLE, { destinationIdentities: ["bob"], topic: "chat" });
    await sdk.sendData("sdk-data", new Uint8Array([4]), DataPacket_Kind.LOSSY, {});
    const alice = await simulator.receivedData({ room: "sdk-data", identity: "alice" });
    const bob = await simulator.receivedData({ room: "sdk-data", identity: "bob" });
    expect(alice.packets.map((p) => [...p.payload])).toEqual([[4]]);
    expect(bob.packets.map((p) => ({ payload: [...p.payload], topic: p.topic, kind: p.kind, to: p.destinationIdentities }))).toEqual([
      { payload: [1, 2, 3], topic: "chat", kind: 0, to: ["bob"] },
      { payload: [4], topic: undefined, kind: 1, to: [] },
    ]);
    expect(bob.packets.map((p) => p.nonce.length)).toEqual([16, 16]);
    expect(await sdkError(sdk.sendData("sdk-none", new Uint8Array([1]), DataPacket_Kind.RELIABLE, {}))).toEqual(notFound("room"));
  });

  it("ForwardParticipant: a FORWARDED copy joins the other room and mirrors changes; the same room is invalid_argument", async () => {
    const alice = await join("sdk-fwd-a", "alice", { metadata: "m0" });
    await sdk.forwardParticipant("sdk-fwd-a", "alice", "sdk-fwd-b");
    const copy = await sdk.getParticipant("sdk-fwd-b", "alice");
    expect(copy.sid).not.toBe(alice.sid);
    expect(copy.kindDetails).toEqual([ParticipantInfo_KindDetail.FORWARDED]);
    await sdk.updateParticipant("sdk-fwd-a", "alice", { metadata: "m1" });
    expect((await sdk.getParticipant("sdk-fwd-b", "alice")).metadata).toBe("m1");
    await sdk.removeParticipant("sdk-fwd-a", "alice");
    expect(await sdk.listParticipants("sdk-fwd-b")).toEqual([]);
    expect(await sdkError(sdk.forwardParticipant("sdk-fwd-b", "alice", "sdk-fwd-b"))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "destination room cannot be the same as source room ",
    });
  });

  it("MoveParticipant: the participant (same sid) leaves its room for the other one; not_found when it is not there", async () => {
    const alice = await join("sdk-move-a", "alice");
    await sdk.moveParticipant("sdk-move-a", "alice", "sdk-move-b");
    expect(await sdk.listParticipants("sdk-move-a")).toEqual([]);
    expect((await sdk.getParticipant("sdk-move-b", "alice")).sid).toBe(alice.sid);
    expect(await sdkError(sdk.moveParticipant("sdk-move-a", "alice", "sdk-move-b"))).toEqual(notFound("participant"));
  });

  it("PerformRpc (through the SDK client's Twirp transport: it has no method for it): the handler's answer, or LiveKit's RpcError", async () => {
    await join("sdk-rpc", "agent");
    const headers = await bearer({ roomAdmin: true, room: "sdk-rpc" });
    const perform = (payload: string) =>
      sdkRpc().request("RoomService", "PerformRpc", { room: "sdk-rpc", destinationIdentity: "agent", method: "greet", payload }, headers);
    expect(await sdkError(perform("hi"))).toEqual({
      status: 400,
      code: "invalid_argument",
      message: "RpcError 1400: Method not supported at destination",
    });
    server.rooms.handleRpc("sdk-rpc", "agent", ({ method, payload }) => `${method}: ${payload}`);
    expect(await perform("hi")).toEqual({ payload: "greet: hi" });
  });

  it("answers a bad token with LiveKit's plain-text 401 and a token for another room with Twirp unauthenticated", async () => {
    const wrongSecret = new RoomServiceClient(server.url, apiKey, "not-the-secret");
    expect(await sdkError(wrongSecret.listRooms())).toEqual({
      status: 401,
      code: undefined,
      message: "invalid authorization token: token signature is invalid: signature is invalid",
    });
    const call = sdkRpc().request(
      "RoomService",
      "ListParticipants",
      { room: "sdk-people" },
      await bearer({ roomAdmin: true, room: "another-room" }),
    );
    expect(await sdkError(call)).toEqual({ status: 401, code: "unauthenticated", message: "permissions denied" });
  });
});

// Our generated clients against the local room service: RoomServiceClient and SimulatorClient
// in JSON (request keys in JSON names and in proto names) and in binary protobuf, then the
// Simulator's own behaviours (room timeouts on a manual clock, full rooms, PerformRpc failures).
import { DataPacket_Kind, ParticipantInfo_KindDetail, TrackType } from "livekit-room-api/livekit_models_pb";
import { RoomServiceBinary, RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import type { KeyAuth } from "protoc-gen-livekit-runtime/livekit";
import type { ClientOptions } from "protoc-gen-livekit-runtime/twirp";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevServer, type DevServerOptions, SimulatorBinary, SimulatorClient, startDevServer } from "livekit-dev-server";

const auth = { apiKey: "devkey", apiSecret: "secret" };

/** A dev server for a describe block, closed after it; no RPC may fail inside the service. */
function devServer(options: DevServerOptions = {}) {
  let server: DevServer | undefined;
  const failures: unknown[] = [];
  beforeAll(async () => {
    server = await startDevServer({ port: 0, onError: (error) => failures.push(error), ...options });
  });
  afterAll(async () => {
    await server?.close();
    expect(failures).toEqual([]);
  });
  return () => server!;
}

async function twirpError(call: Promise<unknown>): Promise<Pick<TwirpError, "code" | "msg" | "status">> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwirpError);
  const { code, msg, status } = error as TwirpError;
  return { code, msg, status };
}

type Options = ClientOptions<KeyAuth>;
const formats: { name: string; rooms: Options; simulator: Options }[] = [
  { name: "JSON, JSON names", rooms: { auth }, simulator: { auth } },
  { name: "JSON, proto names", rooms: { auth, useProtoFieldName: true }, simulator: { auth, useProtoFieldName: true } },
  { name: "binary", rooms: { auth, format: RoomServiceBinary }, simulator: { auth, format: SimulatorBinary } },
];

describe.each(formats)("generated clients against the dev server ($name)", ({ name, ...options }) => {
  const server = devServer();
  const room = (suffix: string) => `${name}-${suffix}`;
  let rooms: RoomServiceClient;
  let simulator: SimulatorClient;
  beforeAll(() => {
    rooms = new RoomServiceClient(server().url, options.rooms);
    simulator = new SimulatorClient(server().url, options.simulator);
  });

  it("creates, lists, updates and deletes rooms", async () => {
    const created = await rooms.createRoom({ name: room("a"), emptyTimeout: 30, maxParticipants: 4, metadata: "m" });
    expect(created).toMatchObject({ name: room("a"), emptyTimeout: 30, departureTimeout: 20, maxParticipants: 4, metadata: "m" });
    expect((await rooms.createRoom({ name: room("a") })).sid).toBe(created.sid);
    expect((await rooms.updateRoomMetadata({ room: room("a"), metadata: "m2" })).metadata).toBe("m2");
    expect((await rooms.listRooms({ names: [room("a")] })).rooms.map((r) => [r.sid, r.metadata])).toEqual([[created.sid, "m2"]]);
    await rooms.deleteRoom({ room: room("a") });
    expect((await rooms.listRooms({ names: [room("a")] })).rooms).toEqual([]);
    expect(await twirpError(rooms.deleteRoom({ room: room("a") }))).toEqual({
      code: "not_found",
      msg: "requested room does not exist",
      status: 404,
    });
  });

  it("manages participants: list, get, update, mute, subscriptions, remove", async () => {
    const alice = await simulator.join({
      room: room("p"),
      identity: "alice",
      attributes: { k: "v" },
      tracks: [{ type: TrackType.AUDIO, name: "mic" }],
    });
    expect(alice).toMatchObject({ identity: "alice", attributes: { k: "v" }, isPublisher: true });
    await simulator.join({ room: room("p"), identity: "bob" });
    expect((await rooms.listParticipants({ room: room("p") })).participants.map((p) => p.identity)).toEqual(["alice", "bob"]);
    expect(await rooms.getParticipant({ room: room("p"), identity: "alice" })).toEqual(alice);
    const updated = await rooms.updateParticipant({ room: room("p"), identity: "alice", name: "Alice", attributes: { k: "", x: "y" } });
    expect(updated).toMatchObject({ name: "Alice", attributes: { x: "y" }, version: alice.version + 1 });
    const muted = await rooms.mutePublishedTrack({ room: room("p"), identity: "alice", trackSid: alice.tracks[0]!.sid, muted: true });
    expect(muted.track).toMatchObject({ sid: alice.tracks[0]!.sid, muted: true });
    await rooms.updateSubscriptions({ room: room("p"), identity: "bob", trackSids: [alice.tracks[0]!.sid], subscribe: true });
    expect([...server().rooms.participant(room("p"), "bob").participant.subscriptions]).toEqual([alice.tracks[0]!.sid]);
    await rooms.removeParticipant({ room: room("p"), identity: "bob" });
    expect(await twirpError(rooms.getParticipant({ room: room("p"), identity: "bob" }))).toEqual({
      code: "not_found",
      msg: "participant does not exist",
      status: 404,
    });
  });

  it("sends data to participants, drops a repeated nonce and refuses one that is not 16 bytes", async () => {
    await simulator.join({ room: room("d"), identity: "alice" });
    const nonce = new Uint8Array(16).fill(7);
    const packet = { room: room("d"), data: new Uint8Array([9, 8]), kind: DataPacket_Kind.LOSSY, topic: "t", nonce };
    await rooms.sendData(packet);
    await rooms.sendData(packet);
    const { packets } = await simulator.receivedData({ room: room("d"), identity: "alice" });
    expect(packets).toHaveLength(1);
    expect(packets[0]).toMatchObject({ payload: new Uint8Array([9, 8]), kind: DataPacket_Kind.LOSSY, topic: "t", nonce });
    expect(await twirpError(rooms.sendData({ room: room("d"), data: new Uint8Array([1]), nonce: new Uint8Array(3) }))).toEqual({
      code: "invalid_argument",
      msg: "nonce should be 16-bytes or not present, got: 3 bytes",
      status: 400,
    });
  });

  it("forwards and moves participants, and performs RPCs", async () => {
    const alice = await simulator.join({ room: room("f1"), identity: "alice" });
    await rooms.forwardParticipant({ room: room("f1"), identity: "alice", destinationRoom: room("f2") });
    expect((await rooms.getParticipant({ room: room("f2"), identity: "alice" })).kindDetails).toEqual([
      ParticipantInfo_KindDetail.FORWARDED,
    ]);
    await rooms.moveParticipant({ room: room("f1"), identity: "alice", destinationRoom: room("f3") });
    expect((await rooms.getParticipant({ room: room("f3"), identity: "alice" })).sid).toBe(alice.sid);
    expect((await rooms.listParticipants({ room: room("f2") })).participants).toEqual([]);
    server().rooms.handleRpc(room("f3"), "alice", ({ payload }) => payload.toUpperCase());
    expect(await rooms.performRpc({ room: room("f3"), destinationIdentity: "alice", method: "m", payload: "hi" })).toMatchObject({
      payload: "HI",
    });
  });
});

describe("the Simulator", () => {
  const server = devServer({ manualClock: true });
  let rooms: RoomServiceClient;
  let simulator: SimulatorClient;
  beforeAll(() => {
    rooms = new RoomServiceClient(server().url, { auth });
    simulator = new SimulatorClient(server().url, { auth });
  });
  const names = async () => (await rooms.listRooms()).rooms.map((r) => r.name).sort();
  const advance = (seconds: number) => simulator.advanceClock({ seconds });

  it("closes a room nobody joined after its empty timeout, and an emptied one after its departure timeout", async () => {
    await rooms.createRoom({ name: "empty", emptyTimeout: 10 });
    await rooms.createRoom({ name: "default" });
    await simulator.join({ room: "left", identity: "a" });
    await simulator.join({ room: "left", identity: "b" });
    await advance(9);
    expect(await names()).toEqual(["default", "empty", "left"]);
    await advance(1);
    expect(await names()).toEqual(["default", "left"]);
    await simulator.leave({ room: "left", identity: "a" });
    await simulator.leave({ room: "left", identity: "b" });
    await advance(19);
    expect(await names()).toEqual(["default", "left"]);
    await advance(1);
    expect(await names()).toEqual(["default"]);
    await advance(300 - 30 - 1);
    expect(await names()).toEqual(["default"]);
    await advance(1);
    expect(await names()).toEqual([]);
  });

  it("refuses a join past max_participants, and an identity already in the room", async () => {
    await rooms.createRoom({ name: "small", maxParticipants: 1 });
    await simulator.join({ room: "small", identity: "a" });
    expect(await twirpError(simulator.join({ room: "small", identity: "b" }))).toEqual({
      code: "resource_exhausted",
      msg: "room has exceeded its max participants",
      status: 429,
    });
    await rooms.createRoom({ name: "small", maxParticipants: 2 });
    expect(await twirpError(simulator.join({ room: "small", identity: "a" }))).toEqual({
      code: "already_exists",
      msg: "a participant with the same identity is already in the room",
      status: 409,
    });
  });

  it("answers PerformRpc with LiveKit's RpcErrors when the handler fails or is too slow", async () => {
    await simulator.join({ room: "rpc", identity: "agent" });
    const perform = (responseTimeoutMs = 0) =>
      rooms.performRpc({ room: "rpc", destinationIdentity: "agent", method: "m", payload: "p", responseTimeoutMs });
    server().rooms.handleRpc("rpc", "agent", () => {
      throw new Error("boom");
    });
    expect(await twirpError(perform())).toEqual({
      code: "internal",
      msg: "RpcError 1500: Application error in method handler: boom",
      status: 500,
    });
    server().rooms.handleRpc("rpc", "agent", () => new Promise<string>(() => undefined));
    expect(await twirpError(perform(20))).toEqual({ code: "canceled", msg: "RpcError 1502: Response timeout", status: 408 });
    expect(await twirpError(rooms.performRpc({ room: "rpc", destinationIdentity: "", method: "m" }))).toMatchObject({
      code: "invalid_argument",
      msg: "destination identity is required",
    });
  });

  it("moves the clock only when started with --manual-clock", async () => {
    const before = (await advance(0)).nowMs;
    expect((await advance(5)).nowMs).toBe(before + 5000n);
    const realTime = await startDevServer({ port: 0 });
    try {
      const error = await twirpError(new SimulatorClient(realTime.url, { auth }).advanceClock({ seconds: 1 }));
      expect(error).toEqual({
        code: "failed_precondition",
        msg: "AdvanceClock needs the service started with --manual-clock",
        status: 412,
      });
    } finally {
      await realTime.close();
    }
  });
});

// The dev server moves on by itself, as LiveKit's does: with no RPC after the start of an egress
// or after the last participant left, the egress becomes active, the empty room closes, the
// egress ends with it, and each change is an event (hence a webhook) on time. On a manual clock,
// AdvanceClock applies what it made due. Every wait is bounded and fails naming what it waited for.
import { EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { EgressStatus } from "livekit-room-api/livekit_egress_pb";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { type DevServer, type DevServerEvent, SimulatorClient, startDevServer } from "livekit-dev-server";
import { afterEach, describe, expect, it } from "vitest";

const keys = { settlekey: "settle-secret-0123456789-0123456789" };
const auth = { apiKey: "settlekey", apiSecret: keys.settlekey };

/** Polls until `condition` holds; fails with `what` after `timeoutMs` (never hangs). */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 4000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let server: DevServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A dev server, its clients, and every event it emits from now on. */
async function start(manualClock: boolean) {
  server = await startDevServer({ port: 0, keys, manualClock });
  const events: DevServerEvent[] = [];
  server.events.subscribe((event) => events.push(event));
  const options = { auth };
  return {
    events,
    rooms: new RoomServiceClient(server.url, options),
    egress: new EgressClient(server.url, options),
    simulator: new SimulatorClient(server.url, options),
  };
}

const recording = (room: string) => ({
  roomName: room,
  output: { case: "file" as const, value: { filepath: "recordings/{room_name}.mp4" } },
});

describe("dev server time without RPCs", () => {
  it("on the system clock: an egress turns active, an empty room closes and its egress ends, each an event", async () => {
    const { events, rooms, egress } = await start(false);
    const of = <T extends DevServerEvent["type"]>(type: T) =>
      events.filter((e): e is Extract<DevServerEvent, { type: T }> => e.type === type);
    // A room that stays open: its egress turns active 500 ms after the start.
    await rooms.createRoom({ name: "lasting", emptyTimeout: 300 });
    const lasting = await egress.startRoomCompositeEgress(recording("lasting"));
    expect(lasting.status).toBe(EgressStatus.EGRESS_STARTING);
    await waitFor(
      () => of("egress_updated").some((e) => e.egress.egressId === lasting.egressId),
      "egress_updated of the lasting room's egress",
    );
    expect(of("egress_updated").find((e) => e.egress.egressId === lasting.egressId)!.egress.status).toBe(EgressStatus.EGRESS_ACTIVE);
    // A room nobody joins closes after its empty timeout (whole seconds), and its egress ends with it.
    await rooms.createRoom({ name: "brief", emptyTimeout: 1 });
    const brief = await egress.startRoomCompositeEgress(recording("brief"));
    await waitFor(
      () =>
        of("room_finished").some((e) => e.room.name === "brief") && of("egress_ended").some((e) => e.egress.egressId === brief.egressId),
      "room_finished of the brief room and egress_ended of its egress",
      6000,
    );
    const ended = of("egress_ended").find((e) => e.egress.egressId === brief.egressId)!;
    expect(ended.egress.status).toBe(EgressStatus.EGRESS_COMPLETE);
    expect(ended.egress.fileResults.map((file) => file.filename)).toEqual(["recordings/brief.mp4"]);
    expect(of("room_finished").map((e) => e.room.name)).toEqual(["brief"]);
  });

  it("on a manual clock: nothing moves until AdvanceClock, which applies what it made due", async () => {
    const { events, rooms, egress, simulator } = await start(true);
    await rooms.createRoom({ name: "waits", emptyTimeout: 1 });
    await egress.startRoomCompositeEgress(recording("waits"));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(events.map((e) => e.type)).not.toContain("egress_updated");
    await simulator.advanceClock({ seconds: 5 });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(["egress_updated", "room_finished", "egress_ended"]));
  });
});

// Requests per second of livekit-server-sdk's clients and ours, with the default fetch transport
// and with the Node transport, in one run against the same loopback server (its own process),
// for a small answer (listRooms, two rooms), a large one (listParticipants, 50 participants in
// LiveKit's snake_case every-field-present form) and the egress service's list (listEgress, 20
// recordings). Targets, ours with the Node transport: >= 2x the SDK on the small call and on
// listEgress, >= 2.5x on the large one. Every client signs tokens from a key and secret.
import { EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
import { EgressClient as SdkEgressClient, RoomServiceClient as SdkRoomServiceClient } from "livekit-server-sdk";
import { interleaved, load, loopbackServer, median, type Rate } from "./support/rate.js";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-0123456789";
/** Calls in flight at once, so that the figure is the client's work, not one round trip's latency. */
const concurrency = 16;
// Short alternating rounds, medians: the machine is shared, and load that comes and goes
// then hits every client alike.
const options = { rounds: 15, roundMs: 300, concurrency };

const server = await loopbackServer();
const transport = nodeTransport();
let met = true;
try {
  const auth = { apiKey, apiSecret };
  const clients = {
    sdk: new SdkRoomServiceClient(server.url, apiKey, apiSecret),
    fetch: new RoomServiceClient(server.url, { auth }),
    node: new RoomServiceClient(server.url, { auth, transport }),
  };
  const egress = {
    sdk: new SdkEgressClient(server.url, apiKey, apiSecret),
    fetch: new EgressClient(server.url, { auth }),
    node: new EgressClient(server.url, { auth, transport }),
  };
  const cases = [
    {
      name: "listRooms (2 rooms)",
      target: 2,
      count: 2,
      sdk: () => clients.sdk.listRooms(),
      fetch: () => clients.fetch.listRooms(),
      node: () => clients.node.listRooms(),
    },
    {
      name: "listParticipants (50 participants, server form)",
      target: 2.5,
      count: 50,
      sdk: () => clients.sdk.listParticipants("room-0"),
      fetch: () => clients.fetch.listParticipants({ room: "room-0" }),
      node: () => clients.node.listParticipants({ room: "room-0" }),
    },
    {
      name: "listEgress (20 recordings, server form)",
      target: 2,
      count: 20,
      sdk: () => egress.sdk.listEgress(),
      fetch: () => egress.fetch.listEgress({}),
      node: () => egress.node.listEgress({}),
    },
  ];
  console.log(
    `Against a loopback server, ${concurrency} calls in flight, medians of ${options.rounds} alternating ${options.roundMs} ms rounds`,
  );
  console.log(`load average at start ${load()}`);
  for (const c of cases) {
    for (const call of [c.sdk, c.fetch, c.node]) {
      const answer = (await call()) as unknown[] | { rooms?: unknown[]; participants?: unknown[]; items?: unknown[] };
      const items = Array.isArray(answer) ? answer : (answer.rooms ?? answer.participants ?? answer.items ?? []);
      if (items.length !== c.count) throw new Error(`${c.name}: unexpected answer`);
    }
    const rates = await interleaved(
      { "livekit-server-sdk": c.sdk, "ours, fetch transport": c.fetch, "ours, Node transport": c.node },
      options,
    );
    const sdk = medians(rates["livekit-server-sdk"]);
    console.log(`  ${c.name}`);
    for (const [name, list] of Object.entries(rates)) {
      const { wall, cpu } = medians(list);
      const ratio = wall / sdk.wall;
      const verdict = name === "ours, Node transport" ? ` (target >= ${c.target}x: ${ratio >= c.target ? "meets" : "MISSES"})` : "";
      if (verdict !== "" && ratio < c.target) met = false;
      console.log(
        `    ${name.padEnd(22)} ${wall.toFixed(0).padStart(6)} req/s  ${ratio.toFixed(2)}x the SDK${verdict}` +
          `   | ${cpu.toFixed(0).padStart(6)} req per client CPU-second, ${(cpu / sdk.cpu).toFixed(2)}x`,
      );
    }
  }
  console.log(`load average at end ${load()}`);
} finally {
  server.process.kill();
  await transport.close();
}
process.exitCode = met ? 0 : 1;

function medians(rates: readonly Rate[]): Rate {
  return { wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) };
}

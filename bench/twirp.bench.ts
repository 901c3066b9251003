// Requests per second of livekit-server-sdk's clients and ours, with the default fetch transport
// and with the Node transport, in one run against the same loopback server (its own process),
// for a small answer (listRooms, two rooms), a large one (listParticipants, 50 participants in
// LiveKit's snake_case every-field-present form) and the egress service's list (listEgress, 20
// recordings). On the small call, the limit too: undici alone sending the same request with a
// fixed token and JSON.parse of the answer, through its `request` (as hand-written code does)
// and through its dispatcher with a bare handler (the least undici can do, and the way our
// Node transport calls it). Targets, ours with the Node transport: >= 0.85x undici's dispatcher
// on the small call, >= 3x the SDK
// on listParticipants, >= 2x the SDK on listEgress. Every client of ours and the SDK's signs
// tokens from a key and secret.
import { EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
import { AccessToken, EgressClient as SdkEgressClient, RoomServiceClient as SdkRoomServiceClient } from "livekit-server-sdk";
import { Agent } from "undici";
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
const undici = new Agent();
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
  const token = new AccessToken(apiKey, apiSecret, { ttl: "1h" });
  token.addGrant({ roomList: true });
  const fixedToken = await token.toJwt();
  /** What a hand-written undici call does: one request, the answer's text parsed. */
  const undiciListRooms = async () => {
    const response = await undici.request({
      origin: server.url,
      path: "/twirp/livekit.RoomService/ListRooms",
      method: "POST",
      headers: { authorization: `Bearer ${fixedToken}`, "content-type": "application/json" },
      body: "{}",
    });
    return JSON.parse(await response.body.text()) as { rooms: unknown[] };
  };
  /** The limit: undici's dispatcher with the least a handler can do (our Node transport's way). */
  const headers = ["authorization", `Bearer ${fixedToken}`, "content-type", "application/json"];
  const path = "/twirp/livekit.RoomService/ListRooms";
  const dispatchListRooms = () =>
    new Promise<{ rooms: unknown[] }>((resolve, reject) => {
      const chunks: Buffer[] = [];
      undici.dispatch(
        { origin: server.url, path, method: "POST", headers, body: "{}" },
        {
          onConnect: () => {},
          onHeaders: () => true,
          onData: (chunk: Buffer) => chunks.push(chunk) > 0,
          onComplete: () => resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rooms: unknown[] }),
          onError: reject,
        },
      );
    });
  const cases = [
    {
      name: "listRooms (2 rooms)",
      count: 2,
      target: { against: "undici dispatch, fixed token", ratio: 0.85 },
      candidates: {
        "livekit-server-sdk": () => clients.sdk.listRooms(),
        "undici request, fixed token": undiciListRooms,
        "undici dispatch, fixed token": dispatchListRooms,
        "ours, fetch transport": () => clients.fetch.listRooms(),
        "ours, Node transport": () => clients.node.listRooms(),
      },
    },
    {
      name: "listParticipants (50 participants, server form)",
      count: 50,
      target: { against: "livekit-server-sdk", ratio: 3 },
      candidates: {
        "livekit-server-sdk": () => clients.sdk.listParticipants("room-0"),
        "ours, fetch transport": () => clients.fetch.listParticipants({ room: "room-0" }),
        "ours, Node transport": () => clients.node.listParticipants({ room: "room-0" }),
      },
    },
    {
      name: "listEgress (20 recordings, server form)",
      count: 20,
      target: { against: "livekit-server-sdk", ratio: 2 },
      candidates: {
        "livekit-server-sdk": () => egress.sdk.listEgress(),
        "ours, fetch transport": () => egress.fetch.listEgress({}),
        "ours, Node transport": () => egress.node.listEgress({}),
      },
    },
  ];
  console.log(
    `Against a loopback server, ${concurrency} calls in flight, medians of ${options.rounds} alternating ${options.roundMs} ms rounds`,
  );
  console.log(`load average at start ${load()}`);
  for (const c of cases) {
    for (const call of Object.values(c.candidates)) {
      const answer = (await call()) as unknown[] | { rooms?: unknown[]; participants?: unknown[]; items?: unknown[] };
      const items = Array.isArray(answer) ? answer : (answer.rooms ?? answer.participants ?? answer.items ?? []);
      if (items.length !== c.count) throw new Error(`${c.name}: unexpected answer`);
    }
    const rates: Record<string, Rate[]> = await interleaved(c.candidates, options);
    const sdk = medians(rates["livekit-server-sdk"]!);
    const baseline = medians(rates[c.target.against]!);
    console.log(`  ${c.name}`);
    for (const [name, list] of Object.entries(rates)) {
      const { wall, cpu } = medians(list);
      const ratio = wall / baseline.wall;
      let verdict = "";
      if (name === "ours, Node transport") {
        verdict = ` (${ratio.toFixed(2)}x ${c.target.against}, target >= ${c.target.ratio}x: ${ratio >= c.target.ratio ? "meets" : "MISSES"})`;
        if (ratio < c.target.ratio) met = false;
      }
      console.log(
        `    ${name.padEnd(28)} ${wall.toFixed(0).padStart(6)} req/s  ${(wall / sdk.wall).toFixed(2)}x the SDK` +
          `   | ${cpu.toFixed(0).padStart(6)} req per client CPU-second, ${(cpu / sdk.cpu).toFixed(2)}x${verdict}`,
      );
    }
  }
  console.log(`load average at end ${load()}`);
} finally {
  server.process.kill();
  await transport.close();
  await undici.close();
}
process.exitCode = met ? 0 : 1;

function medians(rates: readonly Rate[]): Rate {
  return { wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) };
}

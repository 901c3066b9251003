// Requests per second of our RoomServiceClient and livekit-server-sdk's, one after the other in
// the same run, for a small answer (listRooms, two rooms) and a large one (listParticipants, 50
// participants in LiveKit's snake_case every-field-present form). Targets: >= 1.3x the SDK on
// the small call, >= 2x on the large one. Both clients sign tokens from a key and secret.
//   1. Against the same loopback server (a separate process): the figure the targets are about.
//   2. With the global fetch replaced by one answering the same bodies from memory: the
//      clients' own work, without the HTTP stack that both share.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { RoomServiceClient as SdkRoomServiceClient } from "livekit-server-sdk";
import { responseBodies } from "./support/bodies.js";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-0123456789";
/** Calls in flight at once, so that the figure is the client's work, not one round trip's latency. */
const concurrency = 8;
// Short alternating rounds, medians: the machine is shared, and load that comes and goes
// then hits both clients alike.
const roundMs = 300;
const rounds = 15;

interface Rate {
  /** Calls per second of wall-clock time. */
  readonly wall: number;
  /** Calls per second of this process's CPU time: the client's own cost, whatever else runs on the machine. */
  readonly cpu: number;
}

/** Calls `fn` from `concurrency` loops for `ms` milliseconds. */
async function rate(fn: () => Promise<unknown>, ms: number): Promise<Rate> {
  let calls = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        calls++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: (calls * 1000) / (performance.now() - started), cpu: (calls * 1e6) / (cpu.user + cpu.system) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs both calls of every case against the server at `url`; returns whether every target was met. */
async function compare(url: string, withTargets: boolean): Promise<boolean> {
  const ours = new RoomServiceClient(url, { auth: { apiKey, apiSecret } });
  const sdk = new SdkRoomServiceClient(url, apiKey, apiSecret);
  const cases = [
    { name: "listRooms (2 rooms)", target: 1.3, ours: () => ours.listRooms(), sdk: () => sdk.listRooms(), count: 2 },
    {
      name: "listParticipants (50 participants)",
      target: 2,
      ours: () => ours.listParticipants({ room: "room-0" }),
      sdk: () => sdk.listParticipants("room-0"),
      count: 50,
    },
  ];
  let met = true;
  for (const c of cases) {
    const [a, b] = [await c.ours(), (await c.sdk()) as unknown[]];
    const items = "rooms" in a ? a.rooms : a.participants;
    if (items.length !== c.count || b.length !== c.count) throw new Error(`${c.name}: unexpected answer`);
    await rate(c.ours, 500);
    await rate(c.sdk, 500);
    const oursRates: Rate[] = [];
    const sdkRates: Rate[] = [];
    for (let round = 0; round < rounds; round++) {
      globalThis.gc?.();
      oursRates.push(await rate(c.ours, roundMs));
      globalThis.gc?.();
      sdkRates.push(await rate(c.sdk, roundMs));
    }
    console.log(`  ${c.name}`);
    for (const kind of ["wall", "cpu"] as const) {
      const o = median(oursRates.map((r) => r[kind]));
      const s = median(sdkRates.map((r) => r[kind]));
      const ratio = o / s;
      const verdict = withTargets ? ` (target >= ${c.target}x: ${ratio >= c.target ? "meets" : "MISSES"})` : "";
      if (withTargets && kind === "wall" && ratio < c.target) met = false;
      console.log(
        `    ${kind === "wall" ? "req/s (wall clock)       " : "req per client CPU-second"}  ours ${o.toFixed(0).padStart(6)}` +
          `   livekit-server-sdk ${s.toFixed(0).padStart(6)}   ratio ${ratio.toFixed(2)}x${verdict}`,
      );
    }
  }
  return met;
}

const serverProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("support/loopback-server.ts", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
let met = false;
try {
  const url = await new Promise<string>((resolve) => createInterface({ input: serverProcess.stdout! }).once("line", resolve));
  console.log(`Against a loopback server (${concurrency} calls in flight):`);
  met = await compare(url, true);
} finally {
  serverProcess.kill();
}

// Both clients take the global fetch when they are built (the SDK on every call).
globalThis.fetch = async (input) => {
  const body = responseBodies[new URL(String(input)).pathname];
  return new Response(body, { status: body === undefined ? 404 : 200, headers: { "content-type": "application/json" } });
};
console.log("With fetch answering from memory (the clients' own work):");
await compare("http://127.0.0.1:1", false);
process.exitCode = met ? 0 : 1;

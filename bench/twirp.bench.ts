// Requests per second of our RoomServiceClient and livekit-server-sdk's, one after the other in
// the same run against the same loopback server (a separate process), for a small answer
// (listRooms, two rooms) and a large one (listParticipants, 50 participants in LiveKit's
// snake_case every-field-present form). Targets: >= 1.3x the SDK on the small call, >= 2x on
// the large one. Both clients sign tokens from a key and secret, as a server app would.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { RoomServiceClient as SdkRoomServiceClient } from "livekit-server-sdk";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-0123456789";
/** Calls in flight at once, so that the figure is the client's work, not one round trip's latency. */
const concurrency = 8;
// Short alternating rounds, medians: the machine is shared, and load that comes and goes
// then hits both clients alike.
const roundMs = 300;
const rounds = 15;

const serverProcess = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("support/loopback-server.ts", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve) => createInterface({ input: serverProcess.stdout! }).once("line", resolve));

const ours = new RoomServiceClient(url, { auth: { apiKey, apiSecret } });
const sdk = new SdkRoomServiceClient(url, apiKey, apiSecret);

interface Case {
  readonly name: string;
  readonly target: number;
  readonly ours: () => Promise<unknown>;
  readonly sdk: () => Promise<unknown>;
  /** Checks both answers hold what the server sent. */
  readonly check: (ours: unknown, sdk: unknown) => boolean;
}

const cases: Case[] = [
  {
    name: "listRooms (2 rooms)",
    target: 1.3,
    ours: () => ours.listRooms(),
    sdk: () => sdk.listRooms(),
    check: (a, b) => (a as { rooms: unknown[] }).rooms.length === 2 && (b as unknown[]).length === 2,
  },
  {
    name: "listParticipants (50 participants)",
    target: 2,
    ours: () => ours.listParticipants({ room: "room-0" }),
    sdk: () => sdk.listParticipants("room-0"),
    check: (a, b) => (a as { participants: unknown[] }).participants.length === 50 && (b as unknown[]).length === 50,
  },
];

/** Calls `fn` from `concurrency` loops for `ms` milliseconds; returns calls per second. */
async function rate(fn: () => Promise<unknown>, ms: number): Promise<number> {
  let calls = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        calls++;
      }
    }),
  );
  return (calls * 1000) / (performance.now() - started);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

let failed = false;
try {
  for (const c of cases) {
    if (!c.check(await c.ours(), await c.sdk())) throw new Error(`${c.name}: unexpected answer`);
    await rate(c.ours, 500);
    await rate(c.sdk, 500);
    const oursRates: number[] = [];
    const sdkRates: number[] = [];
    for (let round = 0; round < rounds; round++) {
      globalThis.gc?.();
      oursRates.push(await rate(c.ours, roundMs));
      globalThis.gc?.();
      sdkRates.push(await rate(c.sdk, roundMs));
    }
    const o = median(oursRates);
    const s = median(sdkRates);
    const ratio = o / s;
    const verdict = ratio >= c.target ? "meets" : "MISSES";
    if (ratio < c.target) failed = true;
    console.log(
      `${c.name.padEnd(36)} ours ${o.toFixed(0).padStart(6)} req/s   livekit-server-sdk ${s.toFixed(0).padStart(6)} req/s   ` +
        `ratio ${ratio.toFixed(2)}x (target >= ${c.target}x: ${verdict})`,
    );
  }
} finally {
  serverProcess.kill();
}
process.exitCode = failed ? 1 : 0;

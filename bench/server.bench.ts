// Requests per second of the generated Twirp server against the limit: a bare node:http handler
// that does JSON.parse of the body and JSON.stringify of the same response as a plain object
// (LiveKit's form), in one run. Target: the generated handler >= 0.85x the bare one.
// Each server runs in its own process (bench/support/server-process.ts); this process is the
// load: keep-alive node:http requests, `concurrency` in flight, alternating short rounds
// between the servers, medians. Two figures: requests per second of wall-clock time, and
// requests per second of the server process's own CPU time (what the server costs, whatever
// else runs on the machine).
import { spawn, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { AccessToken } from "livekit-server-sdk";

const apiKey = "APIbench";
const apiSecret = "bench-secret-0123456789-0123456789-0123456789";
const concurrency = 16;
const roundMs = 400;
const rounds = 11;
const target = 0.85;

const servers = [
  { kind: "bare", label: "bare node:http (JSON.parse + JSON.stringify)" },
  { kind: "generated", label: "generated handler, node adapter" },
  { kind: "auth", label: "generated handler + livekitAuth" },
  { kind: "fetch", label: "generated handler, naive Request/Response adapter" },
] as const;

const agent = new Agent({ keepAlive: true, maxSockets: concurrency * servers.length });

function post(url: string, path: string, body: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { method: "POST", agent, headers: { ...headers, "content-length": Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

async function cpuSeconds(url: string): Promise<number> {
  const usage = await new Promise<{ user: number; system: number }>((resolve, reject) => {
    request(`${url}/cpu`, { agent }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve(JSON.parse(text) as { user: number; system: number }));
    })
      .on("error", reject)
      .end();
  });
  return (usage.user + usage.system) / 1e6;
}

interface Rate {
  readonly wall: number;
  readonly cpu: number;
}

async function rate(url: string, call: () => Promise<unknown>, ms: number): Promise<Rate> {
  let calls = 0;
  const cpuBefore = await cpuSeconds(url);
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call();
        calls++;
      }
    }),
  );
  const wall = performance.now() - started;
  const cpu = (await cpuSeconds(url)) - cpuBefore;
  return { wall: (calls * 1000) / wall, cpu: calls / cpu };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function token(grant: Record<string, unknown>): Promise<string> {
  const at = new AccessToken(apiKey, apiSecret, { ttl: 3600 });
  at.addGrant(grant);
  return `Bearer ${await at.toJwt()}`;
}

const cases = [
  { name: "ListRooms (10 rooms)", method: "ListRooms", body: "{}", grant: { roomList: true }, items: "rooms" },
  {
    name: "ListParticipants (50 participants)",
    method: "ListParticipants",
    body: '{"room":"room-0"}',
    grant: { roomAdmin: true, room: "room-0" },
    items: "participants",
  },
] as const;

const script = fileURLToPath(new URL("support/server-process.ts", import.meta.url));
const children: ChildProcess[] = [];
let met = true;
try {
  const urls = await Promise.all(
    servers.map(({ kind }) => {
      const child = spawn(process.execPath, ["--import", "tsx", script, kind, apiKey, apiSecret], { stdio: ["ignore", "pipe", "inherit"] });
      children.push(child);
      return new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
    }),
  );
  console.log(`${concurrency} requests in flight, medians of ${rounds} alternating ${roundMs} ms rounds:`);
  for (const c of cases) {
    const headers = { "content-type": "application/json", authorization: await token(c.grant) };
    const path = `/twirp/livekit.RoomService/${c.method}`;
    const calls = urls.map((url) => () => post(url, path, c.body, headers));
    for (const [i, call] of calls.entries()) {
      const answer = JSON.parse(await call()) as Record<string, unknown[]>;
      if (answer[c.items]?.length !== (c.items === "rooms" ? 10 : 50))
        throw new Error(`${servers[i]!.kind}: unexpected answer to ${c.method}`);
      await rate(urls[i]!, call, 500);
    }
    const rates: Rate[][] = servers.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [i, call] of calls.entries()) rates[i]!.push(await rate(urls[i]!, call, roundMs));
    }
    const wall = rates.map((r) => median(r.map((x) => x.wall)));
    const cpu = rates.map((r) => median(r.map((x) => x.cpu)));
    console.log(`  ${c.name}`);
    for (const [i, server] of servers.entries()) {
      const ratio = wall[i]! / wall[0]!;
      const verdict = server.kind === "generated" ? ` (target >= ${target}x: ${ratio >= target ? "meets" : "MISSES"})` : "";
      if (server.kind === "generated" && ratio < target) met = false;
      console.log(
        `    ${server.label.padEnd(50)} ${wall[i]!.toFixed(0).padStart(6)} req/s  ${ratio.toFixed(2)}x` +
          `   ${cpu[i]!.toFixed(0).padStart(6)} req per server CPU-second  ${(cpu[i]! / cpu[0]!).toFixed(2)}x${verdict}`,
      );
    }
  }
} finally {
  for (const child of children) child.kill();
  agent.destroy();
}
process.exitCode = met ? 0 : 1;

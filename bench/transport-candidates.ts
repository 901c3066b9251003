// Which HTTP client the Node transport is built on (issue 12), measured before writing it:
// undici's `Pool.request` and `node:http` with a keep-alive agent, each posting a Twirp call
// and reading the whole answer, 16 calls in flight, against the loopback server in its own
// process; Node's `fetch` (the default transport's) as the baseline; and, once built, the Node
// transport itself (undici's `Agent.dispatch` with its own handler). Each call gets its own
// AbortSignal, as every call of the client has one. Run it by hand:
//   node --import tsx --expose-gc bench/transport-candidates.ts
import { Agent, request as httpRequest } from "node:http";
import type { Readable } from "node:stream";
import { Pool } from "undici";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
import { interleaved, load, loopbackServer, median } from "./support/rate.js";

const concurrency = 16;
const headers = { "content-type": "application/json", authorization: "Bearer bench", "x-twirp-timeout-ms": "10000" };
const body = '{"room":"room-0"}';

/** The whole body of a response stream, as a transport must hand it over. */
function readAll(stream: Readable): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks)));
    stream.on("error", reject);
  });
}

function expectOk(status: number): void {
  if (status !== 200) throw new Error(`HTTP ${status}`);
}

const server = await loopbackServer();
const { hostname, port } = new URL(server.url);
const pool = new Pool(server.url, { connections: concurrency });
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const transport = nodeTransport({ connections: concurrency });
try {
  console.log(`${concurrency} calls in flight, medians of 11 alternating 300 ms rounds, load average ${load()}`);
  for (const rpc of ["ListRooms", "ListParticipants"]) {
    const path = `/twirp/livekit.RoomService/${rpc}`;
    const rates = await interleaved(
      {
        fetch: async () => {
          const signal = new AbortController().signal;
          const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body, signal });
          await response.arrayBuffer();
          expectOk(response.status);
        },
        "undici Pool.request": async () => {
          const signal = new AbortController().signal;
          const response = await pool.request({ method: "POST", path, headers, body, signal });
          await readAll(response.body);
          expectOk(response.statusCode);
        },
        "node:http, keep-alive agent": () =>
          new Promise<void>((resolve, reject) => {
            const signal = new AbortController().signal;
            const req = httpRequest({ hostname, port, path, method: "POST", headers, agent, signal }, (response) => {
              readAll(response).then(() => resolve(expectOk(response.statusCode!)), reject);
            });
            req.on("error", reject);
            req.end(body);
          }),
        "the Node transport": async () => {
          const signal = new AbortController().signal;
          const request = { url: `${server.url}${path}`, headers: new Headers(headers), body, signal, maxResponseBytes: 1 << 26 };
          expectOk((await transport.unary(request)).status);
        },
      },
      { rounds: 11, roundMs: 300, concurrency },
    );
    console.log(`  ${rpc}`);
    const baseline = { wall: median(rates.fetch.map((r) => r.wall)), cpu: median(rates.fetch.map((r) => r.cpu)) };
    for (const [name, list] of Object.entries(rates)) {
      const wall = median(list.map((r) => r.wall));
      const cpu = median(list.map((r) => r.cpu));
      console.log(
        `    ${name.padEnd(28)} ${wall.toFixed(0).padStart(6)} req/s, ${(wall / baseline.wall).toFixed(2)}x fetch` +
          `   | ${cpu.toFixed(0).padStart(6)} per CPU-second, ${(cpu / baseline.cpu).toFixed(2)}x`,
      );
    }
  }
  console.log(`load average ${load()}`);
} finally {
  server.process.kill();
  await pool.close();
  agent.destroy();
  await transport.close();
}

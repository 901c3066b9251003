// `npm run dev-server` as a user runs it: the three lines it prints, and `npm run list-rooms`
// (examples/list-rooms.ts) against it with those variables.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { TrackSource, TrackType } from "livekit-room-api/livekit_models_pb";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { SimulatorClient } from "livekit-room-api/dev/simulator_twirp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";

const examples = join(repoRoot, "examples");
let devServer: ChildProcess;
let printed: string[] = [];
let env: Record<string, string> = {};

beforeAll(async () => {
  // What `npm run dev-server -- --port 0 --keys ...` runs (examples/package.json), without npm's banner.
  devServer = spawn(process.execPath, ["--import", "tsx", "dev-server/main.ts", "--port", "0", "--keys", "APIcli:cli-secret-0123456789"], {
    cwd: examples,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: devServer.stdout! });
  printed = await new Promise<string[]>((resolve) => {
    const seen: string[] = [];
    lines.on("line", (line) => {
      seen.push(line);
      if (seen.length === 3) resolve(seen);
    });
  });
  env = Object.fromEntries(printed.map((line) => line.split("=", 2) as [string, string]));
});
afterAll(() => {
  devServer.kill("SIGTERM");
});

function run(script: string, vars: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: examples, env: { PATH: process.env.PATH ?? "", ...vars } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

describe("npm run dev-server", () => {
  it("prints exactly the three lines of an .env", () => {
    expect(printed[0]).toMatch(/^LIVEKIT_URL=http:\/\/127\.0\.0\.1:[1-9]\d*$/);
    expect(printed.slice(1)).toEqual(["LIVEKIT_API_KEY=APIcli", "LIVEKIT_API_SECRET=cli-secret-0123456789"]);
  });

  it("serves npm run list-rooms with those variables", async () => {
    const auth = { apiKey: env["LIVEKIT_API_KEY"]!, apiSecret: env["LIVEKIT_API_SECRET"]! };
    const rooms = new RoomServiceClient(env["LIVEKIT_URL"]!, { auth });
    const simulator = new SimulatorClient(env["LIVEKIT_URL"]!, { auth });
    const room = await rooms.createRoom({ name: "standup" });
    await simulator.join({
      room: "standup",
      identity: "alice",
      name: "Alice",
      tracks: [{ type: TrackType.AUDIO, source: TrackSource.MICROPHONE }],
    });
    const result = await run("list-rooms.ts", env);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "1 open room",
      "",
      `Room standup (${room.sid}): 1 participant`,
      "Identity  Name   State   Joined                Tracks",
    ]);
    expect(lines[5]).toMatch(/^alice {5}Alice {2}ACTIVE {2}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}MICROPHONE$/);
  });
});

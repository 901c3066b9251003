// `npm run dev-server` as a user runs it: the three lines it prints, and `npm run list-rooms`
// (examples/list-rooms.ts) against it with those variables; then its command line: --help,
// usage errors, a port in use, --env-file.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { TrackSource, TrackType } from "livekit-room-api/livekit_models_pb";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { SimulatorClient } from "livekit-dev-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, tempDir } from "../../support/buf.js";

const examples = join(repoRoot, "examples");
const devServerDir = join(repoRoot, "packages", "dev-server");
let devServer: ChildProcess;
let printed: string[] = [];
let env: Record<string, string> = {};

beforeAll(async () => {
  // What `npm run dev-server -- --port 0 --keys ...` runs (packages/dev-server/package.json), without npm's banner.
  devServer = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--", "--port", "0", "--keys", "APIcli:cli-secret-0123456789"], {
    cwd: devServerDir,
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

/**
 * The dev server's command line as `npm run dev-server -- <args>` runs it (`tsx src/main.ts -- <args>`),
 * to its end, or stopped (SIGTERM) once it serves: it has printed its three lines.
 */
function cli(args: string[], stopWhenServing = false): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", "--", ...args], { cwd: devServerDir });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
    if (stopWhenServing && stdout.split("\n").length > 3) child.kill("SIGTERM");
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}

describe("the dev server's command line", () => {
  it("--help prints the usage and exits 0", async () => {
    const result = await cli(["--help"]);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).toMatch(/^usage: npm run dev-server -- \[options\]\n/);
    for (const flag of ["--port", "--host", "--keys", "--manual-clock", "--enable-remote-unmute", "--env-file", "--help"]) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    [["--nope"], "dev-server: unknown option --nope: see --help for the options"],
    [["--port"], "dev-server: --port needs a value: see --help"],
    [["--port", "http"], 'dev-server: --port: expected a port number from 0 to 65535, got "http"'],
    [["--keys", "devkey"], 'dev-server: --keys: expected key:secret[,key2:secret2], got "devkey"'],
    [["serve"], 'dev-server: unexpected argument "serve": options only, see --help'],
  ])("refuses %j with one line on stderr and exit status 2", async (args, line) => {
    expect(await cli(args)).toEqual({ status: 2, stdout: "", stderr: `${line}\n` });
  });

  it("says what to do when the port is taken, in one line, exit status 1", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as { port: number }).port;
      expect(await cli(["--port", String(port)])).toEqual({
        status: 1,
        stdout: "",
        stderr: `dev-server: port ${port} is in use: pick another with --port <n>, or --port 0 for a free one\n`,
      });
    } finally {
      taken.close();
    }
  });

  it("--env-file writes the three lines it prints, replacing the file (no temporary file left, readable by its owner only)", async () => {
    const dir = join(tempDir("dev-server-env"), "project");
    mkdirSync(dir);
    const envFile = join(dir, ".env");
    // A new file (Node.js would refuse a missing one if it read the flag as its own), then a replaced one.
    for (const key of ["APIenv1", "APIenv2"]) {
      const result = await cli(["--port", "0", "--keys", `${key}:env-secret`, "--env-file", envFile], true);
      expect(result).toMatchObject({ status: 0, stderr: "" }); // SIGTERM: closed, exit status 0
      const printed = result.stdout.split("\n").slice(0, 3);
      expect(printed[0]).toMatch(/^LIVEKIT_URL=http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      expect(printed[1]).toBe(`LIVEKIT_API_KEY=${key}`);
      expect(readFileSync(envFile, "utf8")).toBe(`${printed.join("\n")}\n`);
      expect(readdirSync(dir)).toEqual([".env"]);
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
    }
  });
});

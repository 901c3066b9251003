// The examples run against the generated package, imported by name as a user would.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { jwtVerify } from "jose";
import { ListParticipantsResponseSchema, ListRoomsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { serverJson } from "../../../tools/samples/livekit-wire.js";
import { listParticipantsResponse, listRoomsResponse } from "../../../tools/samples/samples.js";
import { startServer, type TestServer } from "../../support/twirp-server.js";

function runExample(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: join(repoRoot, "examples"),
    encoding: "utf8",
  });
}

describe("examples/track-sources.ts", () => {
  it("prints the TrackSource table", () => {
    const result = runExample("track-sources.ts");
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("livekit.TrackSource");
    for (const name of ["UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"]) {
      expect(result.stdout).toContain(`'${name}'`);
    }
  });
});

describe("examples/list-rooms.ts", () => {
  const apiKey = "APIexample";
  const apiSecret = "example-secret-0123456789-0123456789";
  let server: TestServer;
  beforeAll(async () => {
    // A fake LiveKit server: checks the token, answers in LiveKit's snake_case form.
    server = await startServer(async (request, response) => {
      const token = (request.headers.authorization ?? "").replace(/^Bearer /, "");
      const verified = await jwtVerify(token, new TextEncoder().encode(apiSecret)).catch(() => undefined);
      if (verified === undefined) {
        response.writeHead(401, { "content-type": "text/plain" }).end("invalid token");
        return;
      }
      const body = JSON.parse(request.body.toString("utf8")) as { room?: string };
      const json = request.path.endsWith("/ListRooms")
        ? serverJson(ListRoomsResponseSchema, listRoomsResponse())
        : serverJson(ListParticipantsResponseSchema, body.room === "room-0" ? listParticipantsResponse(2) : listParticipantsResponse(0));
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(json));
    });
  });
  afterAll(() => server.close());

  function run(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ["--import", "tsx", "list-rooms.ts"], {
      cwd: join(repoRoot, "examples"),
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
  }

  it("lists rooms and their participants from a server given in the environment", async () => {
    const result = await run({ LIVEKIT_URL: server.url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      [
        "2 open rooms",
        "",
        "Room room-0 (RM_sample0): 2 participants",
        "Identity  Name    State   Joined                Tracks",
        "--------  ------  ------  --------------------  ------------------",
        "user-0    User 0  ACTIVE  2023-11-14T22:13:20Z  MICROPHONE, CAMERA",
        "user-1    User 1  ACTIVE  2023-11-14T22:13:21Z  MICROPHONE, CAMERA",
        "",
        "Room room-1 (RM_sample1): 0 participants",
        "",
      ].join("\n"),
    );
    expect(server.requests.map((r) => r.path)).toEqual([
      "/twirp/livekit.RoomService/ListRooms",
      "/twirp/livekit.RoomService/ListParticipants",
      "/twirp/livekit.RoomService/ListParticipants",
    ]);
  });

  it("reports a wrong secret as the server's answer, and missing settings by name", async () => {
    const wrong = await run({ LIVEKIT_URL: server.url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: "not-the-secret" });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe("LiveKit answered unauthenticated: invalid token (HTTP 401 from the server)\n");
    const missing = await run({ LIVEKIT_URL: server.url });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("LIVEKIT_API_KEY is not set");
  });
});

describe("examples/validate-request.ts", () => {
  it("prints a valid request as the client takes it", () => {
    const result = runExample("validate-request.ts", '{"name": "demo", "departureTimeout": 20}');
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("valid CreateRoomRequest: { name: 'demo', departureTimeout: 20 }");
  });

  it("prints every problem with its path, and fails", () => {
    const result = runExample("validate-request.ts", '{"name": "", "emptyTimeot": 1, "agents": [{"agentName": 7}]}');
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split("\n")).toEqual([
      "invalid at name: Too small: expected string to have >=1 characters",
      "invalid at agents.0.agentName: Invalid input: expected string, received number",
      'invalid at (top): Unrecognized key: "emptyTimeot"',
    ]);
  });
});

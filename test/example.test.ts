// The examples run against the generated package, imported by name as a user would.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/buf.js";

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

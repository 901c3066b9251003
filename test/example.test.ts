// The examples run against the generated package, imported by name as a user would.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/buf.js";

describe("examples/track-sources.ts", () => {
  it("prints the TrackSource table", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "track-sources.ts"], {
      cwd: join(repoRoot, "examples"),
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("livekit.TrackSource");
    for (const name of ["UNKNOWN", "CAMERA", "MICROPHONE", "SCREEN_SHARE", "SCREEN_SHARE_AUDIO"]) {
      expect(result.stdout).toContain(`'${name}'`);
    }
  });
});

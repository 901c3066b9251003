// Importing one codec does not pull the whole protocol into a bundle: esbuild (with tree
// shaking, as bundlers do for a package with "sideEffects": false) keeps only what is used.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/buf.js";

async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: repoRoot, loader: "ts" },
    bundle: true,
    write: false,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    treeShaking: true,
  });
  return result.outputFiles[0]!.text;
}

describe("tree shaking", () => {
  it("a bundle that uses RoomJson holds its codec and none of the other messages' codecs", async () => {
    const code = await bundle(`
      import { RoomJson } from "livekit-room-api/livekit_models_json";
      console.log(RoomJson.parse(process.argv[2]));
    `);
    expect(code).toContain('"livekit.Room"');
    expect(code).toContain('"livekit.TimedVersion"');
    for (const other of ["livekit.ParticipantInfo", "livekit.TrackInfo", "livekit.EgressInfo", "livekit.CreateRoomRequest", "JOINING"]) {
      expect(code).not.toContain(`"${other}"`);
    }
  });

  it("importing through the package index keeps the same small set", async () => {
    const code = await bundle(`
      import { RoomJson } from "livekit-room-api";
      console.log(RoomJson.stringify(RoomJson.parse("{}")));
    `);
    expect(code).toContain('"livekit.Room"');
    expect(code).not.toContain('"livekit.ParticipantInfo"');
    expect(code).not.toContain("ParticipantInfoSchema");
  });
});

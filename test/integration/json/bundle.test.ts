// Importing one codec does not pull the whole protocol into a bundle: esbuild (with tree
// shaking, as bundlers do for a package with "sideEffects": false) keeps only what is used.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";

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

  // Markers of each side: names of runtime functions that survive minification-free bundling,
  // and the messages' own read/write functions.
  const readRuntime = ["enterMessage", "JsonDecodeError", "readString", "checkDuplicateKeys"];
  const writeRuntime = ["enterInit", "JsonEncodeError", "writeString", "writeList"];

  it("a bundle that only writes CreateRoomRequest holds writers only: no reader, none of the read runtime", async () => {
    const code = await bundle(`
      import { CreateRoomRequestJsonWriter } from "livekit-room-api/livekit_room_json";
      console.log(CreateRoomRequestJsonWriter.stringify({ name: process.argv[2] }));
    `);
    for (const name of ["writeCreateRoomRequest", "writeRoomEgress", "writeRoomCompositeEgressRequest", ...writeRuntime]) {
      expect(code).toContain(name);
    }
    for (const name of ["readCreateRoomRequest", "readRoomEgress", "readRoomCompositeEgressRequest", "jsonReader", ...readRuntime]) {
      expect(code).not.toContain(name);
    }
    expect(code).not.toMatch(/function read[A-Z]/);
  });

  it("a bundle that only reads Room holds readers only: no writer, none of the write runtime", async () => {
    const code = await bundle(`
      import { RoomJsonReader } from "livekit-room-api/livekit_models_json";
      console.log(RoomJsonReader.parse(process.argv[2]));
    `);
    for (const name of ["readRoom", "readTimedVersion", ...readRuntime]) expect(code).toContain(name);
    for (const name of ["writeRoom", "writeTimedVersion", "jsonWriter", ...writeRuntime]) expect(code).not.toContain(name);
    expect(code).not.toMatch(/function write[A-Z]/);
  });

  it("a bundle that reads and writes through <Message>Json holds both sides", async () => {
    const code = await bundle(`
      import { RoomJson } from "livekit-room-api/livekit_models_json";
      console.log(RoomJson.stringify(RoomJson.parse(process.argv[2])));
    `);
    for (const name of ["readRoom", "writeRoom", ...readRuntime, ...writeRuntime]) expect(code).toContain(name);
  });
});

// A validating client on Zod Mini pays for Zod Mini only: an esbuild bundle of a script that
// uses RoomServiceClient with `validate: RoomServiceValidators` generated with `zod=mini` holds
// nothing of classic Zod nor of @bufbuild/protobuf, and run on its own (no classic Zod in the
// process, so no locale loaded) it refuses bad requests before sending them. Sizes: `npm run
// bench -- size`.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { miniCopy } from "../../unit/zod/mini-schemas.js";

const dir = join(repoRoot, ".cache/zod-mini-bundle");

/** The script: each request is validated, then its error (never sent: no server listens) printed as JSON. */
const script = `import { RoomServiceClient } from "./gen/livekit_room_twirp.js";
import { RoomServiceValidators } from "./gen/livekit_room_zod.js";
const client = new RoomServiceClient("http://127.0.0.1:9", { auth: { apiKey: "key-of-test", apiSecret: "secret-of-test" }, validate: RoomServiceValidators });
const calls = {
  emptyName: () => client.createRoom({ name: "" }),
  wrongType: () => client.createRoom({ name: 5 }),
  typo: () => client.createRoom({ name: "r", emptyTimeot: 1 }),
  badBytes: () => client.sendData({ room: "r", data: "!!", kind: 0, destinationIdentities: [] }),
  badEnum: () => client.sendData({ room: "r", data: "aGk=", kind: "LOUD", destinationIdentities: [] }),
};
const out = {};
for (const [name, call] of Object.entries(calls)) {
  try {
    await call();
    out[name] = "sent";
  } catch (error) {
    out[name] = { code: error.code, argument: error.meta?.argument, message: error.message };
  }
}
console.log(JSON.stringify(out));`;

describe("bundle of a client validating on Zod Mini", () => {
  let inputs: string[] = [];
  let bundle = "";

  beforeAll(async () => {
    miniCopy("generated/src", "proto", join(dir, "gen"));
    writeFileSync(join(dir, "entry.mjs"), script);
    const result = await build({
      entryPoints: [join(dir, "entry.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "error",
      conditions: ["protoc-gen-livekit-source"],
    });
    const output = Object.values((result.metafile as Metafile).outputs)[0]!;
    inputs = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    bundle = join(dir, "bundle.mjs");
    writeFileSync(bundle, result.outputFiles[0]!.text);
  });

  it("holds zod/mini and Zod's core, nothing of classic Zod, nor @bufbuild/protobuf", () => {
    expect(inputs.filter((path) => path.includes("node_modules/zod/v4/mini/")).length).toBeGreaterThan(0);
    expect(inputs.filter((path) => path.includes("node_modules/zod/v4/classic/"))).toEqual([]);
    expect(inputs.filter((path) => path.includes("node_modules/@bufbuild/protobuf/"))).toEqual([]);
    expect(inputs.filter((path) => /runtime\/src\/zod\.ts$/.test(path))).toEqual([]);
    expect(inputs.filter((path) => path.includes("node_modules/zod/v4/locales/"))).toEqual([]);
  });

  it("refuses bad requests on its own, with the path of each problem", () => {
    const run = spawnSync(process.execPath, [bundle], { encoding: "utf8", timeout: 30_000 });
    expect(run.stderr).toBe("");
    const out = JSON.parse(run.stdout) as Record<string, { code: string; argument: string; message: string }>;
    expect(Object.values(out).map((e) => e.code)).toEqual(Array(5).fill("invalid_argument"));
    expect(Object.fromEntries(Object.entries(out).map(([name, e]) => [name, e.argument]))).toEqual({
      emptyName: "name",
      wrongType: "name",
      typo: "",
      badBytes: "data",
      badEnum: "kind",
    });
    // Zod's own issues without a locale (as Zod Mini), the runtime's checks with their messages.
    expect(out.wrongType!.message).toBe("invalid_argument: invalid livekit.CreateRoomRequest: name: Invalid input");
    expect(out.badBytes!.message).toBe(
      'invalid_argument: invalid livekit.SendDataRequest: data: expected bytes (a Uint8Array or a base64 string), received "!!"',
    );
    expect(out.badEnum!.message).toMatch(
      /^invalid_argument: invalid livekit\.SendDataRequest: kind: expected a value of enum livekit\.DataPacket\.Kind \(RELIABLE, LOSSY, or its number\), received "LOUD"$/,
    );
  });
});

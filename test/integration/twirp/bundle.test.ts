// A client pays for what it uses: esbuild bundles of a script that uses RoomServiceClient, with
// what each must and must not hold. The sizes are measured by `npm run bench -- size`.
import { build, type Metafile } from "esbuild";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";

async function bundle(imports: string, options: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    stdin: {
      contents: `import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
${imports}
const client = new RoomServiceClient(process.env.URL, { auth: { apiKey: "k", apiSecret: "s" }${options} });
console.log(await client.createRoom({ name: "r" }), await client.listRooms());`,
      resolveDir: repoRoot,
      sourcefile: "entry.mjs",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const output = Object.values((result.metafile as Metafile).outputs)[0]!;
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  return { code: result.outputFiles[0]!.text, inputs };
}

const from = (inputs: string[], pkg: string) => inputs.filter((path) => path.includes(`node_modules/${pkg}/`));

describe("bundle of a JSON client with key auth", () => {
  it("holds the transport, the signer, request writers and response readers, and nothing else", async () => {
    const { code, inputs } = await bundle("", "");
    expect(from(inputs, "zod")).toEqual([]);
    expect(from(inputs, "@bufbuild/protobuf")).toEqual([]);
    expect(from(inputs, "jose")).toEqual([]);
    expect(inputs.filter((path) => /_(pb|zod)\.[jt]s$/.test(path))).toEqual([]);
    expect(inputs.filter((path) => /runtime\/(twirp\/(binary|reflect)|zod|enums)\.[jt]s$/.test(path))).toEqual([]);
    // CreateRoomRequest is only sent, Room only received.
    expect(code).toMatch(/function writeCreateRoomRequest\b/);
    expect(code).not.toMatch(/function readCreateRoomRequest\b/);
    expect(code).toMatch(/function readRoom\b/);
    expect(code).not.toMatch(/function writeRoom\b/);
  });

  it("holds Zod only when validating", async () => {
    const { inputs } = await bundle(
      'import { RoomServiceValidators } from "livekit-room-api/livekit_room_zod";',
      ", validate: RoomServiceValidators",
    );
    expect(from(inputs, "zod").length).toBeGreaterThan(0);
  });

  it("holds @bufbuild/protobuf's reflection only with the binary format", async () => {
    const { inputs } = await bundle(
      'import { RoomServiceBinary } from "livekit-room-api/livekit_room_twirp";',
      ", format: RoomServiceBinary",
    );
    expect(from(inputs, "@bufbuild/protobuf").length).toBeGreaterThan(0);
    expect(from(inputs, "zod")).toEqual([]);
  });
});

// Bundle size of a script that imports only RoomServiceClient (JSON format, key-and-secret
// auth): ours against livekit-server-sdk's, each bundled with esbuild (--bundle --minify,
// platform node, ESM) and gzipped. Target: ours <= 60% of the SDK's.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const target = 0.6;

const scripts = {
  ours: `import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
const client = new RoomServiceClient(process.env.LIVEKIT_URL, {
  auth: { apiKey: process.env.LIVEKIT_API_KEY, apiSecret: process.env.LIVEKIT_API_SECRET },
});
console.log(await client.listRooms());`,
  "livekit-server-sdk": `import { RoomServiceClient } from "livekit-server-sdk";
const client = new RoomServiceClient(process.env.LIVEKIT_URL, process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
console.log(await client.listRooms());`,
};

/** Minified bundle bytes and gzipped bytes, plus the largest inputs (minified bytes). */
async function measure(source: string) {
  const result = await build({
    stdin: { contents: source, resolveDir: repoRoot, sourcefile: "entry.mjs" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
  const largest = Object.entries(inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 6)
    .map(([path, { bytesInOutput }]) => `${(bytesInOutput / 1024).toFixed(1)} KB ${path.replace(/^.*node_modules\//, "")}`);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, largest };
}

const ours = await measure(scripts.ours);
const sdk = await measure(scripts["livekit-server-sdk"]);
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log(`RoomServiceClient bundle (esbuild --bundle --minify, gzip -9)`);
console.log(`  ours                ${kb(ours.minified).padStart(9)} minified  ${kb(ours.gzipped).padStart(8)} gzipped`);
console.log(`  livekit-server-sdk  ${kb(sdk.minified).padStart(9)} minified  ${kb(sdk.gzipped).padStart(8)} gzipped`);
const ratio = ours.gzipped / sdk.gzipped;
console.log(`  ratio ${(ratio * 100).toFixed(0)}% of the SDK (target <= ${target * 100}%: ${ratio <= target ? "meets" : "MISSES"})`);
console.log(`  largest parts of ours: ${ours.largest.join("; ")}`);
process.exitCode = ratio <= target ? 0 : 1;

// Bundle size of a script that uses only RoomServiceClient (key-and-secret auth): ours in four
// variants (JSON, JSON with validation on classic Zod and on Zod Mini, binary) against
// livekit-server-sdk's, each bundled with esbuild (--bundle --minify, platform node, ESM) and
// gzipped, with the breakdown by source. The Zod Mini variant bundles a copy of generated/src
// whose `_zod.ts` files the plugin writes with `zod=mini` (in this process, into .cache/).
// Then every other client of the server API, ours (JSON, key auth) against the SDK's same
// client, each script constructing the client and making one call.
// Then AccessToken alone. Targets: each JSON client <= 60% of the SDK's same client, the
// validating client on Zod Mini <= 150%, AccessToken <= 50% of the SDK's.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { miniCopy } from "../test/unit/zod/mini-schemas.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const target = 0.6;
const miniTarget = 1.5;

/** generated/src with its `_zod.ts` files on Zod Mini, where the repository's node_modules resolve. */
const mini = join(repoRoot, ".cache/size-bench/zod-mini");
miniCopy("generated/src", "proto", mini);

const client = (options: string, imports = "") => `import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
${imports}
const client = new RoomServiceClient(process.env.LIVEKIT_URL, {
  auth: { apiKey: process.env.LIVEKIT_API_KEY, apiSecret: process.env.LIVEKIT_API_SECRET },${options}
});
console.log(await client.listRooms());`;

const scripts = {
  "ours, JSON": client(""),
  "ours, validating": client(
    "\n  validate: RoomServiceValidators,",
    'import { RoomServiceValidators } from "livekit-room-api/livekit_room_zod";',
  ),
  "ours, validating (Zod Mini)": client(
    "\n  validate: RoomServiceValidators,",
    `import { RoomServiceValidators } from "${mini}/livekit_room_zod.js";`,
  ).replace("livekit-room-api/livekit_room_twirp", `${mini}/livekit_room_twirp.js`),
  "ours, binary": client("\n  format: RoomServiceBinary,", 'import { RoomServiceBinary } from "livekit-room-api/livekit_room_twirp";'),
  "livekit-server-sdk": `import { RoomServiceClient } from "livekit-server-sdk";
const client = new RoomServiceClient(process.env.LIVEKIT_URL, process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
console.log(await client.listRooms());`,
};

/** Where an input file comes from, for the breakdown. */
function source(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg !== undefined && pkg !== "livekit-room-api") return pkg === "zod" && /\/zod\/v4\/mini\//.test(path) ? "zod (mini)" : pkg;
  if (/\/runtime\//.test(path)) return `runtime/${path.replace(/^.*\/runtime\//, "").replace(/\.[jt]s$/, "")}`;
  if (/_json\.[jt]s$/.test(path)) return "generated codecs (_json)";
  if (/_pb\.[jt]s$/.test(path)) return "generated descriptors (_pb)";
  if (/_zod\.[jt]s$/.test(path)) return "generated schemas (_zod)";
  if (/_twirp\.[jt]s$/.test(path)) return "generated client (_twirp)";
  return "other";
}

/** Minified and gzipped bytes, and minified bytes by source. */
async function measure(script: string) {
  const result = await build({
    stdin: { contents: script, resolveDir: repoRoot, sourcefile: "entry.mjs" },
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0]!.contents;
  const bySource = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)) {
    bySource.set(source(path), (bySource.get(source(path)) ?? 0) + bytesInOutput);
  }
  const breakdown = [...bySource.entries()].filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, breakdown };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const results = Object.fromEntries(
  await Promise.all(Object.entries(scripts).map(async ([name, script]) => [name, await measure(script)] as const)),
);
const sdk = results["livekit-server-sdk"]!;
console.log("RoomServiceClient bundle (esbuild --bundle --minify --platform=node --format=esm, gzip -9)");
for (const [name, r] of Object.entries(results)) {
  const ratio = `${((r.gzipped / sdk.gzipped) * 100).toFixed(0)}% of the SDK`;
  console.log(`  ${name.padEnd(27)} ${kb(r.minified).padStart(9)} minified  ${kb(r.gzipped).padStart(8)} gzipped  ${ratio}`);
  console.log(`      minified by source: ${r.breakdown.map(([s, n]) => `${s} ${kb(n)}`).join(", ")}`);
}
const ratio = results["ours, JSON"]!.gzipped / sdk.gzipped;
console.log(`  JSON client: ${(ratio * 100).toFixed(0)}% of the SDK (target <= ${target * 100}%: ${ratio <= target ? "meets" : "MISSES"})`);
const miniRatio = results["ours, validating (Zod Mini)"]!.gzipped / sdk.gzipped;
const classicRatio = results["ours, validating"]!.gzipped / sdk.gzipped;
console.log(
  `  validating client: ${(classicRatio * 100).toFixed(0)}% of the SDK on classic Zod, ${(miniRatio * 100).toFixed(0)}% on Zod Mini (target <= ${miniTarget * 100}%: ${miniRatio <= miniTarget ? "meets" : "MISSES"})`,
);

/** Each other client: [our module and class, our call, the SDK's class and its call]. */
const clients: readonly [string, string, string, string, string][] = [
  ["livekit_egress_twirp", "EgressClient", "listEgress({})", "EgressClient", "listEgress()"],
  ["livekit_ingress_twirp", "IngressClient", "listIngress({})", "IngressClient", "listIngress()"],
  ["livekit_sip_twirp", "SIPClient", "listSIPInboundTrunk({})", "SipClient", "listSipInboundTrunk()"],
  ["livekit_agent_dispatch_twirp", "AgentDispatchServiceClient", 'listDispatch({ room: "r" })', "AgentDispatchClient", 'listDispatch("r")'],
  [
    "livekit_connector_twirp",
    "ConnectorClient",
    'disconnectWhatsAppCall({ whatsappCallId: "c" })',
    "ConnectorClient",
    'disconnectWhatsAppCall("c", "k")',
  ],
];
console.log("\nEvery other client, JSON with key auth (same bundling)");
let misses = (ratio <= target ? 0 : 1) + (miniRatio <= miniTarget ? 0 : 1);
for (const [module, ours, call, theirs, theirCall] of clients) {
  const [mine, sdkClient] = await Promise.all([
    measure(`import { ${ours} } from "livekit-room-api/${module}";
const client = new ${ours}(process.env.LIVEKIT_URL, { auth: { apiKey: process.env.LIVEKIT_API_KEY, apiSecret: process.env.LIVEKIT_API_SECRET } });
console.log(await client.${call});`),
    measure(`import { ${theirs} } from "livekit-server-sdk";
const client = new ${theirs}(process.env.LIVEKIT_URL, process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);
console.log(await client.${theirCall});`),
  ]);
  const r = mine.gzipped / sdkClient.gzipped;
  if (r > target) misses++;
  console.log(
    `  ${ours.padEnd(27)} ${kb(mine.gzipped).padStart(8)} vs SDK ${theirs.padEnd(20)} ${kb(sdkClient.gzipped).padStart(8)}  ${(r * 100).toFixed(0)}% (target <= ${target * 100}%: ${r <= target ? "meets" : "MISSES"})`,
  );
}

// AccessToken alone: a participant's join token. Target: <= 50% of the SDK's.
const tokenTarget = 0.5;
const [ourToken, sdkToken] = await Promise.all([
  measure(`import { AccessToken } from "protoc-gen-livekit-runtime/livekit";
const token = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET, { identity: "ada", ttl: "10m" });
token.addGrant({ roomJoin: true, room: "r1", canPublish: true });
console.log(await token.toJwt());`),
  measure(`import { AccessToken } from "livekit-server-sdk";
const token = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET, { identity: "ada", ttl: "10m" });
token.addGrant({ roomJoin: true, room: "r1", canPublish: true });
console.log(await token.toJwt());`),
]);
const tokenRatio = ourToken.gzipped / sdkToken.gzipped;
if (tokenRatio > tokenTarget) misses++;
console.log(
  `\nAccessToken: ours ${kb(ourToken.gzipped)} vs the SDK's ${kb(sdkToken.gzipped)} gzipped, ${(tokenRatio * 100).toFixed(0)}% (target <= ${tokenTarget * 100}%: ${tokenRatio <= tokenTarget ? "meets" : "MISSES"})`,
);
process.exitCode = misses === 0 ? 0 : 1;

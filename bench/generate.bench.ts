// Generation scales: protoc-gen-es alone and our plugin, each run in this process on the same
// CodeGeneratorRequest (built once per size by `buf build`), for 1x, 4x and 16x copies of
// LiveKit's protos under distinct packages. A run is what the plugin does per `buf generate`
// minus Node's start: decode the request, generate, encode the response. Median of several.
// Targets: ours within 1.5x of protoc-gen-es at each size, and close to linear: our time per
// message at 16x at most 1.5x that at 1x, or no more than 10% above protoc-gen-es's own growth
// (both pay for a larger heap from 1x to 4x in the same way).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { create, createFileRegistry, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema, FileDescriptorSetSchema } from "@bufbuild/protobuf/wkt";
import { messagesInOrder } from "../generator/model/messages.js";
import { plugin as livekitPlugin } from "../generator/plugin.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const sizes = [1, 4, 16];
const maxRatio = 1.5;
/** Our time per message at the largest size over that at the smallest: at most this. */
const maxGrowth = 1.5;

/** A plugin as a function of the request's bytes, as it runs under buf (without Node's start). */
type RunPlugin = (request: Uint8Array) => Uint8Array;

// protoc-gen-es ships CommonJS: it gets its own copy of protobuf-es, as under buf.
const require = createRequire(import.meta.url);
const es = require("@bufbuild/protoc-gen-es/dist/cjs/src/protoc-gen-es-plugin.js");
const esProtobuf = require("@bufbuild/protobuf");
const esWkt = require("@bufbuild/protobuf/wkt");
/** Each plugin's options as in buf.gen.yaml, for protos (and sidecars) in `dir`. */
const plugins: { name: string; options: (dir: string) => string; run: RunPlugin }[] = [
  {
    name: "protoc-gen-es",
    options: () => "target=ts,import_extension=js",
    run: (bytes) =>
      esProtobuf.toBinary(
        esWkt.CodeGeneratorResponseSchema,
        es.protocGenEs.run(esProtobuf.fromBinary(esWkt.CodeGeneratorRequestSchema, bytes)),
      ),
  },
  {
    name: "protoc-gen-livekit",
    options: (dir) => `target=ts,import_extension=js,index=true,sidecar_dir=${dir}`,
    run: (bytes) => {
      const response = livekitPlugin.run(fromBinary(CodeGeneratorRequestSchema, bytes));
      if (response.error) throw new Error(response.error);
      return toBinary(CodeGeneratorResponseSchema, response);
    },
  },
];

/**
 * `copies` copies of proto/ (the .proto files and their grants sidecars), copy k as
 * `c<k>/<file>` in package `livekit.c<k>`.
 */
function syntheticProtos(copies: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-protos-${copies}x-`));
  const files = readdirSync(join(root, "proto")).filter((name) => /\.(proto|api\.json)$/.test(name));
  for (let k = 1; k <= copies; k++) {
    mkdirSync(join(dir, `c${k}`));
    for (const name of files) {
      const source = readFileSync(join(root, "proto", name), "utf8")
        .replace(/^package livekit;/m, `package livekit.c${k};`)
        .replaceAll('import "livekit_', `import "c${k}/livekit_`)
        // The sidecars name each service by its full name: "livekit.SIP" -> "livekit.c<k>.SIP".
        .replace(/"livekit\.([A-Z]\w*)"/g, `"livekit.c${k}.$1"`);
      writeFileSync(join(dir, `c${k}`, name), source);
    }
  }
  return dir;
}

/** The request buf would send for `dir`, with the given plugin options; and its message count. */
function requestFor(dir: string, options: string): { bytes: Uint8Array; messages: number } {
  const image = join(dir, "image.binpb");
  const result = spawnSync(join(root, "node_modules/.bin/buf"), ["build", dir, "--as-file-descriptor-set", "-o", image], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`buf build failed: ${result.stderr}`);
  const set = fromBinary(FileDescriptorSetSchema, readFileSync(image));
  const own = set.file.filter((f) => !f.name.startsWith("google/")).map((f) => f.name);
  const registry = createFileRegistry(set);
  const messages = own.reduce((n, name) => n + messagesInOrder(registry.getFile(name)!).length, 0);
  const request = create(CodeGeneratorRequestSchema, { fileToGenerate: own, parameter: options, protoFile: set.file });
  return { bytes: toBinary(CodeGeneratorRequestSchema, request), messages };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// No gc() before each run: a forced full collection makes the next run slower, not fairer.
function timeOnce(run: RunPlugin, bytes: Uint8Array): number {
  const start = performance.now();
  run(bytes);
  return performance.now() - start;
}

const results: { size: number; messages: number; ms: Record<string, number> }[] = [];
for (const size of sizes) {
  const dir = syntheticProtos(size);
  const requests = plugins.map((p) => requestFor(dir, p.options(dir)));
  const messages = requests[0]!.messages;
  const repetitions = Math.max(7, Math.round(60 / size));
  const samples = plugins.map(() => [] as number[]);
  for (let i = 0; i < 5; i++) plugins.forEach((p, j) => p.run(requests[j]!.bytes)); // warm-up
  for (let i = 0; i < repetitions; i++) {
    // Alternate the plugins so that both see the same machine load.
    plugins.forEach((p, j) => samples[j]!.push(timeOnce(p.run, requests[j]!.bytes)));
  }
  results.push({ size, messages, ms: Object.fromEntries(plugins.map((p, j) => [p.name, median(samples[j]!)])) });
}

const [esName, ourName] = plugins.map((p) => p.name) as [string, string];
const perMessage = (r: (typeof results)[number], name: string) => (r.ms[name]! * 1000) / r.messages;
console.log("size  messages  protoc-gen-es ms (µs/msg)  protoc-gen-livekit ms (µs/msg)  ratio livekit/es");
let missed = false;
for (const r of results) {
  const ratio = r.ms[ourName]! / r.ms[esName]!;
  if (ratio > maxRatio) missed = true;
  console.log(
    `${`${r.size}x`.padEnd(5)} ${String(r.messages).padStart(8)}  ` +
      `${r.ms[esName]!.toFixed(1).padStart(16)} (${perMessage(r, esName).toFixed(1).padStart(6)})  ` +
      `${r.ms[ourName]!.toFixed(1).padStart(21)} (${perMessage(r, ourName).toFixed(1).padStart(6)})  ` +
      `${ratio.toFixed(2).padStart(16)}${ratio > maxRatio ? "  > target" : ""}`,
  );
}
const [first, last] = [results[0]!, results.at(-1)!];
const growth = (name: string) => perMessage(last, name) / perMessage(first, name);
for (const name of [esName, ourName]) {
  console.log(`${name}: time per message at ${last.size}x / at ${first.size}x = ${growth(name).toFixed(2)}`);
}
if (growth(ourName) > Math.max(maxGrowth, growth(esName) * 1.1)) missed = true;
console.log(
  `targets: ratio <= ${maxRatio} at each size; ours per message at ${last.size}x / at ${first.size}x ` +
    `<= ${maxGrowth} (or <= 1.1x protoc-gen-es's): ${missed ? "MISSED" : "met"}`,
);
if (missed) process.exitCode = 1;

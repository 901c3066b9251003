// Google's protobuf conformance suite (v3.21.12, --enforce_recommended) against a testee built
// on the generated JSON codec of test_messages_proto3.proto. The runner is built (once, cached)
// by scripts/conformance-runner.sh from Debian's protobuf source package; the .proto inputs come
// from that source and are compiled here with buf, protoc-gen-es and this plugin.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buf, repoRoot, tempDir } from "../../support/buf.js";

/** Builds or finds the runner; PROTOBUF_CONFORMANCE_CACHE overrides the script's cache folder. */
function conformanceRunner(): string {
  const cache = process.env.PROTOBUF_CONFORMANCE_CACHE;
  const script = join(repoRoot, "scripts", "conformance-runner.sh");
  const result = spawnSync("bash", cache === undefined ? [script] : [script, cache], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`conformance-runner.sh failed:\n${result.stderr}`);
  return result.stdout.trim().split("\n").pop()!;
}

/** Compiles conformance.proto and test_messages_proto3.proto into a new work folder. */
function compileProtos(source: string): string {
  const work = tempDir("conformance");
  const proto = join(work, "proto");
  mkdirSync(join(proto, "google", "protobuf"), { recursive: true });
  copyFileSync(join(source, "conformance", "conformance.proto"), join(proto, "conformance.proto"));
  for (const name of ["test_messages_proto3.proto", "test_messages_proto2.proto"]) {
    copyFileSync(join(source, "src", "google", "protobuf", name), join(proto, "google", "protobuf", name));
  }
  writeFileSync(join(proto, "buf.yaml"), "version: v2\n");
  const generate = (name: string, plugin: string, paths: string[]) => {
    const template = join(work, `${name}.gen.yaml`);
    const lines = ["version: v2", "plugins:", `  - local: ${plugin}`, `    out: ${join(work, "gen")}`];
    writeFileSync(template, [...lines, "    opt: [target=ts, import_extension=js]", ""].join("\n"));
    const result = buf(["generate", proto, "--template", template, ...paths.flatMap((p) => ["--path", join(proto, p)])]);
    if (result.status !== 0) throw new Error(`buf generate (${name}) failed:\n${result.stderr}`);
  };
  // Message types for every file; our codecs for the proto3 files (the plugin rejects proto2,
  // whose tests the testee answers with @bufbuild/protobuf).
  generate("es", "protoc-gen-es", []);
  generate("livekit", `["node", ${JSON.stringify(join(repoRoot, "bin", "protoc-gen-livekit.js"))}]`, [
    "conformance.proto",
    "google/protobuf/test_messages_proto3.proto",
  ]);
  // The generated code imports @bufbuild/protobuf and the runtime: resolve them from this repository.
  symlinkSync(join(repoRoot, "node_modules"), join(work, "node_modules"));
  return work;
}

// The runner needs apt, g++ and root to build. CI sets CONFORMANCE=required, so there a runner
// that cannot be built fails the suite; elsewhere (a laptop without root) these tests are
// skipped with the reason printed, so that the quick start still works with only Node and npm.
const runnerRequired = process.env.CONFORMANCE === "required";

describe("conformance suite v3.21.12 (binary + JSON, --enforce_recommended)", () => {
  let output = "";
  let status: number | null = null;
  let codecRequests = 0;
  let unavailable: string | undefined;

  /** Skips the calling test when the runner could not be built and CI does not require it. */
  const needRunner = (context: { skip: (note?: string) => void }) => {
    if (unavailable !== undefined && !runnerRequired) context.skip(unavailable);
  };

  beforeAll(() => {
    let runner: string;
    try {
      runner = conformanceRunner();
    } catch (error) {
      if (runnerRequired) throw error;
      unavailable = `conformance runner not available (set CONFORMANCE=required to fail instead): ${(error as Error).message}`;
      console.warn(unavailable);
      return;
    }
    const work = compileProtos(join(dirname(runner), "src", "protobuf-3.21.12"));
    const testee = join(work, "testee.sh");
    const tsx = join(repoRoot, "node_modules", "tsx", "dist", "loader.mjs");
    const script = join(repoRoot, "test", "integration", "conformance", "testee.ts");
    // The runtime package from its sources (its exports' protoc-gen-livekit-source condition), as in every test.
    writeFileSync(
      testee,
      `#!/bin/sh\nexec node --conditions=protoc-gen-livekit-source --import ${JSON.stringify(tsx)} ${JSON.stringify(script)}\n`,
    );
    chmodSync(testee, 0o755);
    const result = spawnSync(runner, ["--enforce_recommended", testee], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, CONFORMANCE_WORK: join(work, "gen") },
      maxBuffer: 64 * 1024 * 1024,
    });
    output = `${result.stdout}\n${result.stderr}`;
    status = result.status;
    const counts = join(work, "gen", "codec-requests.txt");
    if (existsSync(counts)) {
      codecRequests = readFileSync(counts, "utf8")
        .split("\n")
        .filter(Boolean)
        .map(Number)
        .reduce((a, b) => a + b, 0);
    }
    console.log(
      `${output
        .split("\n")
        .filter((l) => l.startsWith("CONFORMANCE SUITE"))
        .join("\n")}\n` + `JSON requests answered by the generated codec: ${codecRequests}`,
    );
  }, 600_000);

  it("has zero unexpected failures and passes with no failure list", (context) => {
    needRunner(context);
    const summaries = output.split("\n").filter((line) => line.startsWith("CONFORMANCE SUITE"));
    expect(summaries.length, output.slice(-4000)).toBeGreaterThan(0);
    for (const line of summaries) expect(line).toMatch(/ 0 unexpected failures/);
    expect(status, output.slice(-4000)).toBe(0);
  });

  it("runs every binary and JSON test (none skipped), the JSON ones of proto3 through our codec", (context) => {
    needRunner(context);
    // The first summary is the binary+JSON suite; the second, text format, is not our concern.
    const binaryJson = output.split("\n").find((line) => line.startsWith("CONFORMANCE SUITE")) ?? "";
    expect(binaryJson).toMatch(/PASSED: \d+ successes, 0 skipped, 0 expected failures, 0 unexpected failures/);
    expect(Number(/(\d+) successes/.exec(binaryJson)?.[1])).toBeGreaterThanOrEqual(2017);
    expect(codecRequests).toBeGreaterThan(600);
  });
});

// Runs the real buf CLI with the repository's plugins, as `npm run generate` does.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const binDir = join(repoRoot, "node_modules", ".bin");

export interface BufResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `buf <args>` from the repository root, with node_modules/.bin on PATH (for protoc-gen-es). */
export function buf(args: readonly string[], cwd = repoRoot): BufResult {
  const result = spawnSync(join(binDir, "buf"), args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: `${binDir}:${process.env.PATH ?? ""}` },
  });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A new empty temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `${prefix}-`));
}

/** Every file under `dir`, as relative path -> content, sorted by path. */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/** Differences between two trees: missing, extra and changed files (empty when identical). */
export function diffTrees(expected: Map<string, Buffer>, actual: Map<string, Buffer>): string[] {
  const differences: string[] = [];
  for (const [path, content] of expected) {
    const other = actual.get(path);
    if (other === undefined) differences.push(`missing: ${path}`);
    else if (!content.equals(other)) differences.push(`changed: ${path}`);
  }
  for (const path of actual.keys()) {
    if (!expected.has(path)) differences.push(`extra: ${path}`);
  }
  return differences;
}

const plugin = `["node", "${join(repoRoot, "bin/protoc-gen-livekit.js")}"]`;

/** A buf.gen.yaml that runs protoc-gen-es and our plugin on `input` into `out`; returns its path. */
export function template(input: string, out: string, options: string[] = []): string {
  const path = join(tempDir("template"), "buf.gen.yaml");
  const opt = ["target=ts", ...options].map((o) => `\n      - ${o}`).join("");
  writeFileSync(
    path,
    `version: v2
inputs:
  - directory: ${input}
plugins:
  - local: protoc-gen-es
    out: ${out}
    opt: [target=ts]
  - local: ${plugin}
    out: ${out}
    opt:${opt}
`,
  );
  return path;
}

/** A buf module of the given proto3 files (path -> text after the syntax line); returns its folder. */
export function protoModule(files: Record<string, string>): string {
  const input = tempDir("module");
  writeFileSync(join(input, "buf.yaml"), "version: v2\n");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(input, path)), { recursive: true });
    writeFileSync(join(input, path), `syntax = "proto3";\n${text}\n`);
  }
  return input;
}

/**
 * `buf generate` of `input` (protoc-gen-es and our plugin with `options`, plus buf flags `args`)
 * into a new folder inside the repository (`.cache/`, ignored by git), so that type checks and
 * imports find its node_modules, and vitest transforms what a test imports from there.
 */
export function generateInRepo(input: string, options: string[], args: string[] = []) {
  mkdirSync(join(repoRoot, ".cache"), { recursive: true });
  const out = mkdtempSync(join(repoRoot, ".cache/out-"));
  const result = buf(["generate", "--template", template(input, out, options), ...args]);
  return { ...result, out, files: [...readTree(out).keys()] };
}

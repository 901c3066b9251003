// The protocol checks behind `npm run generate`, run on proto/ against a git revision of it:
// the wire-breaking changes (buf breaking) and the changes to the generated API.
import { spawnSync, type SpawnSyncOptionsWithStringEncoding } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import { diffApi, type ApiChange } from "./api/diff.js";
import { summaryOfDescriptorSet } from "./api/image.js";
import type { ApiSummary } from "./api/summary.js";

/** Runs a command in `cwd`, with the repository's node_modules/.bin on PATH; throws if it cannot start. */
export function run(command: string, args: readonly string[], cwd: string, options: Partial<SpawnSyncOptionsWithStringEncoding> = {}) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, PATH: `${join(cwd, "node_modules", ".bin")}:${process.env["PATH"] ?? ""}` },
    ...options,
  });
  if (result.error) throw result.error;
  return result;
}

/** proto/ as committed at a git revision, or why there is none to compare with. */
export type Baseline =
  | { readonly found: true; readonly commit: string; readonly dir: string }
  | { readonly found: false; readonly reason: string };

/** Extracts `protoDir` as committed at `ref` into the folder `into`. */
export function protoAt(cwd: string, ref: string, protoDir: string, into: string): Baseline {
  const commit = run("git", ["rev-parse", "--verify", "--quiet", "--short", `${ref}^{commit}`], cwd);
  if (commit.status !== 0) {
    return { found: false, reason: `${ref} is not a commit of a git repository here` };
  }
  const tree = run("git", ["ls-tree", "-d", "--name-only", ref, "--", protoDir], cwd);
  if (tree.status !== 0 || tree.stdout.trim() === "") {
    return { found: false, reason: `${ref} has no ${protoDir}/ yet` };
  }
  mkdirSync(into, { recursive: true });
  const tar = join(into, "proto.tar");
  const archive = run("git", ["archive", `--output=${tar}`, ref, "--", protoDir], cwd);
  const untar = archive.status === 0 ? run("tar", ["-xf", tar, "-C", into], cwd) : archive;
  if (untar.status !== 0) throw new Error(`could not extract ${protoDir}/ at ${ref}: ${untar.stderr}`);
  return { found: true, commit: commit.stdout.trim(), dir: join(into, protoDir) };
}

/** .proto files built by buf: the folder and the FileDescriptorSet (with imports) built from it. */
export interface BuiltProtos {
  readonly dir: string;
  readonly image: string;
}

/** Builds the .proto files of `dir` into the FileDescriptorSet file `image`. */
export function buildDescriptorSet(cwd: string, dir: string, image: string): BuiltProtos {
  const result = run("buf", ["build", dir, "--as-file-descriptor-set", "-o", image], cwd);
  if (result.status !== 0) throw new Error(`buf build ${dir} failed:\n${result.stderr}`);
  return { dir, image };
}

export interface BreakingChange {
  /** `proto/livekit_room.proto:17:1` */
  readonly where: string;
  /** buf's rule: `RPC_NO_DELETE` */
  readonly rule: string;
  readonly message: string;
}

/** The .proto files do not compile: no allowance makes them generate. */
export class ProtoCompileError extends Error {
  override name = "ProtoCompileError";
}

/**
 * `buf breaking <input> --against <image>` with the rules of buf.yaml; [] when nothing breaks.
 * Throws ProtoCompileError when `input` does not compile.
 */
export function breakingChanges(cwd: string, input: string, against: string): BreakingChange[] {
  const result = run("buf", ["breaking", input, "--against", against, "--error-format", "json"], cwd);
  if (result.status === 0) return [];
  const lines = result.stdout.split("\n").filter((line) => line.startsWith("{"));
  if (lines.length === 0) throw new Error(`buf breaking failed:\n${result.stderr}${result.stdout}`);
  const changes = lines.map((line) => {
    const e = JSON.parse(line) as { path: string; start_line: number; start_column: number; type: string; message: string };
    return {
      where: `${e.path}:${e.start_line}:${e.start_column}`,
      rule: e.type,
      // buf appends links to the protobuf docs; the sentence before them says what broke.
      message: e.message.replace(/ See https:\/\/.*$/, ""),
    };
  });
  const compileErrors = changes.filter((c) => c.rule === "COMPILE");
  if (compileErrors.length > 0) {
    throw new ProtoCompileError(compileErrors.map((c) => `  ${c.where}  ${c.message}`).join("\n"));
  }
  return changes;
}

/** The API changes from one build of .proto files to another (from nothing when `before` is undefined). */
export function apiChanges(cwd: string, before: BuiltProtos | undefined, after: BuiltProtos): ApiChange[] {
  const empty: ApiSummary = new Map();
  return diffApi(before === undefined ? empty : summaryOf(cwd, before), summaryOf(cwd, after));
}

function summaryOf(cwd: string, { dir, image }: BuiltProtos): ApiSummary {
  return summaryOfDescriptorSet(readFileSync(image), protoFiles(resolve(cwd, dir)));
}

/** The .proto files under a folder, as paths relative to it (buf's file names for a module root). */
function protoFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".proto"))
    .map((name) => name.split(sep).join("/"))
    .sort();
}

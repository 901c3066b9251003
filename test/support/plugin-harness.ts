// Runs the plugin in-process, the way buf would call it, on protos that buf compiled once:
// a case then costs milliseconds instead of a `buf generate` subprocess (seconds, most of it
// spent starting the plugins).
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { plugin } from "../../generator/plugin.js";
import { buf, readTree, repoRoot, tempDir } from "./buf.js";

/** The .proto files of one module: path -> full text, or a folder (relative to the repository root) holding them. */
export type ProtoModule = Record<string, string> | string;

/** Modules compiled together: every file with its imports, in dependency order, and each module's own files. */
export interface CompiledProtos<M extends string> {
  readonly files: readonly FileDescriptorProto[];
  readonly modules: Record<M, string[]>;
}

/** What a user would get from a run: the generated files, or the message the plugin prints. */
export type PluginResult = { files: Map<string, string> } | { error: string };

/**
 * Compiles the modules with a single `buf build` of a workspace holding one module each, so that a
 * test file pays for buf once. File names stay relative to their module, as when buf generates
 * that module alone; modules must therefore not share a file name or a fully-qualified name.
 */
export function compileModules<M extends string>(modules: Record<M, ProtoModule>): CompiledProtos<M> {
  const workspace = tempDir("protos");
  const names = Object.keys(modules) as M[];
  const files = {} as Record<M, string[]>;
  for (const name of names) files[name] = writeModule(join(workspace, name), protoFiles(modules[name]));
  writeFileSync(join(workspace, "buf.yaml"), `version: v2\nmodules:\n${names.map((name) => `  - path: ${name}\n`).join("")}`);
  const image = join(workspace, "image.binpb");
  const result = buf(["build", workspace, "--as-file-descriptor-set", "-o", image]);
  if (result.status !== 0) throw new Error(`buf build failed:\n${result.stderr}`);
  return { files: fromBinary(FileDescriptorSetSchema, readFileSync(image)).file, modules: files };
}

function protoFiles(module: ProtoModule): Map<string, string> {
  if (typeof module !== "string") return new Map(Object.entries(module));
  const folder = isAbsolute(module) ? module : join(repoRoot, module);
  const files = new Map<string, string>();
  for (const [path, content] of readTree(folder)) {
    if (path.endsWith(".proto")) files.set(path, content.toString("utf8"));
  }
  return files;
}

/** Writes the files into `dir`; returns their paths, sorted as buf sorts the files it asks a plugin for. */
function writeModule(dir: string, files: Map<string, string>): string[] {
  for (const [path, text] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return [...files.keys()].sort();
}

/**
 * Runs the plugin on the compiled files named in `generate` with the given options (after
 * `target=ts`, as in test/support/buf.ts's template).
 */
export function runPlugin(protos: CompiledProtos<string>, generate: readonly string[], options: readonly string[] = []): PluginResult {
  const request = create(CodeGeneratorRequestSchema, {
    fileToGenerate: [...generate],
    protoFile: withImports(protos.files, generate),
    parameter: ["target=ts", ...options].join(","),
  });
  try {
    const response = plugin.run(request);
    return { files: new Map(response.file.map((file) => [file.name, file.content])) };
  } catch (reason) {
    // protoplugin throws rather than answering with `error`; runNodeJs prints it to buf like this.
    return { error: `${plugin.name}: ${reason instanceof Error ? reason.message : String(reason)}` };
  }
}

/** The named files and everything they import, in the (dependency) order of `all`. */
function withImports(all: readonly FileDescriptorProto[], names: readonly string[]): FileDescriptorProto[] {
  const byName = new Map(all.map((file) => [file.name, file]));
  const needed = new Set<string>();
  const visit = (name: string): void => {
    if (needed.has(name)) return;
    const file = byName.get(name);
    if (file === undefined) throw new Error(`${name}: not among the compiled files`);
    needed.add(name);
    file.dependency.forEach(visit);
  };
  names.forEach(visit);
  return all.filter((file) => needed.has(file.name));
}

/**
 * A new folder holding the given sidecar files (name -> text), as an absolute path for option
 * sidecar_dir. A new folder each time: the generator caches sidecars by path for the whole process.
 */
export function sidecarDir(files: Record<string, string> = {}): string {
  const dir = tempDir("sidecars");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

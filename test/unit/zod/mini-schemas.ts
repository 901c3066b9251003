// The Zod Mini schemas (option `zod=mini`) of a golden set, generated in this process beside
// copies of protoc-gen-es's files, paired message by message with the classic schemas the
// golden set holds.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { ZodMiniType } from "zod/mini";
import { repoRoot } from "../../support/buf.js";
import { compileModules, runPlugin } from "../../support/plugin-harness.js";
import { zodCasesOf, zodExports, type ZodCase } from "../../support/zod.js";

export interface FlavourCase extends ZodCase {
  readonly mini: ZodMiniType;
}

/** Runs the plugin with `zod=mini` on the protos of a golden set: its generated files by name. */
export function generateMini(protoDir: string, extraOptions: readonly string[] = []): Map<string, string> {
  const protos = compileModules({ protos: protoDir });
  // Relative to where this runs, as buf would be given it (the header may name the options).
  const sidecarDir = relative(process.cwd(), join(repoRoot, protoDir)) || ".";
  const options = ["import_extension=js", `sidecar_dir=${sidecarDir}`, "emit=enums+zod", "zod=mini", ...extraOptions];
  const result = runPlugin(protos, protos.modules.protos, options);
  if ("error" in result) throw new Error(result.error);
  return result.files;
}

/**
 * A copy of a generated folder (`generated/src`) at `out` whose `_zod.ts` files are on Zod Mini,
 * generated from the protos in `protoDir`: what a user of `zod=mini` has. `out` must be inside
 * the repository, where the generated code's imports resolve.
 */
export function miniCopy(dir: string, protoDir: string, out: string): void {
  rmSync(out, { recursive: true, force: true });
  cpSync(join(repoRoot, dir), out, { recursive: true });
  for (const [name, text] of generateMini(protoDir)) if (name.endsWith("_zod.ts")) writeFileSync(join(out, name), text);
}

/**
 * Every message of a golden set (whose protos and sidecars are in `sidecarDir`) with its classic
 * schema and its Zod Mini schema, and a function that removes the generated files.
 */
export async function classicAndMini(dir: string, sidecarDir: string): Promise<{ cases: FlavourCase[]; remove: () => void }> {
  mkdirSync(join(repoRoot, ".cache"), { recursive: true });
  // Inside the repository, where the generated code's imports resolve.
  const out = mkdtempSync(join(repoRoot, ".cache", "zod-mini-"));
  for (const name of readdirSync(join(repoRoot, dir))) {
    if (name.endsWith("_pb.ts")) copyFileSync(join(repoRoot, dir, name), join(out, name));
  }
  const miniByType = new Map<string, ZodMiniType>();
  for (const [name, text] of generateMini(sidecarDir)) {
    writeFileSync(join(out, name), text);
  }
  for (const name of readdirSync(out).filter((f) => f.endsWith("_zod.ts"))) {
    const module = (await import(join(out, name))) as Record<string, ZodMiniType>;
    for (const [typeName, exportName] of zodExports(join(out, name))) miniByType.set(typeName, module[exportName]!);
  }
  const cases = (await zodCasesOf(dir, sidecarDir)).map((c) => ({ ...c, mini: miniByType.get(c.desc.typeName)! }));
  return { cases, remove: () => rmSync(out, { recursive: true, force: true }) };
}

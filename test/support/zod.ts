// Helpers for the Zod schema tests.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { z } from "zod";
import { requiredFields, type RequiredRule } from "../../generator/model/required.js";
import { loadSidecar } from "../../generator/sidecar.js";
import { repoRoot } from "./buf.js";

/** The issues of a failed parse as `path: message`; throws when the input is accepted. */
export function issuesOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success)
    throw new Error(`expected ${JSON.stringify(input, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))} to be rejected`);
  return result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const declaration = /^export const (\S+?)(?::[^=]*)? = \/\*@__PURE__\*\/ \w+\("([^"]+)"/gm;

/**
 * Proto type name -> `<Message>Zod` export name, for one generated `_zod.ts` file, read from the
 * file itself (each schema names its message type), so that tests do not re-derive names.
 */
export function zodExports(path: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const [, name, typeName] of readFileSync(path, "utf8").matchAll(declaration)) names.set(typeName!, name!);
  return names;
}

/** The two sets of generated schemas: LiveKit's and the fixtures', each with its sidecars. */
export const goldenSets = [
  { dir: "generated/src", sidecarDir: "proto" },
  { dir: "test/fixtures/golden", sidecarDir: "test/fixtures/proto" },
];

export interface ZodCase {
  readonly desc: DescMessage;
  readonly schema: z.ZodType;
  readonly rules: ReadonlyMap<DescField, RequiredRule>;
}

/** Every message of a golden set with its schema and its required-field rules. */
export async function zodCasesOf(dir: string, sidecarDir: string): Promise<ZodCase[]> {
  const cases: ZodCase[] = [];
  const stems = readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith("_pb.ts"))
    .map((f) => f.slice(0, -6))
    .sort();
  for (const stem of stems) {
    const pb = (await import(join(repoRoot, dir, `${stem}_pb.ts`))) as Record<string, unknown>;
    const zod = (await import(join(repoRoot, dir, `${stem}_zod.ts`))) as Record<string, z.ZodType>;
    const descs = Object.values(pb).filter((v): v is DescMessage => (v as { kind?: unknown } | null)?.kind === "message");
    if (descs.length === 0) continue;
    const file = descs[0]!.file;
    const names = zodExports(join(repoRoot, dir, `${stem}_zod.ts`));
    const rules = requiredFields(file, loadSidecar(join(repoRoot, sidecarDir), file));
    for (const desc of descs) cases.push({ desc, schema: zod[names.get(desc.typeName)!]!, rules });
  }
  return cases;
}

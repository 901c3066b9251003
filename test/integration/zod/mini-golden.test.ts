// The fixtures' schemas on Zod Mini (`zod=mini`): golden copies of their bodies (file snapshots
// in golden-mini/: `npx vitest run test/integration/zod/mini-golden.test.ts -u` after a
// deliberate change, then review the diff), the same bytes when generated twice, type-checked under the strictest
// settings, and each schema's `z.output` assignable to protoc-gen-es's init shape, as for the
// classic schemas (types.test.ts).
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DescMessage } from "@bufbuild/protobuf";
import { Project } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions, typecheckDir } from "../../support/typescript.js";
import { zodExports } from "../../support/zod.js";
import { generateMini } from "../../unit/zod/mini-schemas.js";

/** The mini schemas of the fixtures beside protoc-gen-es's files, where their imports resolve. */
const golden = ".cache/zod-mini-golden";
let files = new Map<string, string>();

beforeAll(() => {
  files = generateMini("test/fixtures/proto");
  rmSync(join(repoRoot, golden), { recursive: true, force: true });
  mkdirSync(join(repoRoot, golden), { recursive: true });
  for (const name of readdirSync(join(repoRoot, "test/fixtures/golden")).filter((f) => f.endsWith("_pb.ts"))) {
    copyFileSync(join(repoRoot, "test/fixtures/golden", name), join(repoRoot, golden, name));
  }
  for (const [name, text] of files) writeFileSync(join(repoRoot, golden, name), text);
});
afterAll(() => rmSync(join(repoRoot, golden), { recursive: true, force: true }));

describe("the fixtures' schemas with zod=mini", () => {
  it("match their golden copies", async () => {
    const zodFiles = [...files].filter(([name]) => name.endsWith("_zod.ts"));
    expect(zodFiles.length).toBeGreaterThan(10);
    // Below the header, which every concern shares (and the golden sets of `npm run generate` hold).
    for (const [name, text] of zodFiles) await expect(text.slice(text.indexOf("\n\n") + 2)).toMatchFileSnapshot(`golden-mini/${name}.snap`);
  });

  it("are the same bytes when generated twice", () => {
    expect(generateMini("test/fixtures/proto")).toEqual(files);
  });

  it("import zod/mini only, through the runtime", () => {
    for (const [name, text] of files) expect(text, name).not.toMatch(/from "zod(\/v4)?"/);
  });

  it("type-check under the strictest settings", () => {
    expect(typecheckDir(join(repoRoot, golden))).toEqual([]);
  });
});

/** A module asserting, message by message, that each mini schema's output is an init shape. */
async function assignabilityCheck(): Promise<{ source: string; count: number }> {
  const lines = ['import type { MessageInitShape } from "@bufbuild/protobuf";', 'import type { output } from "zod/mini";'];
  let count = 0;
  const stems = readdirSync(join(repoRoot, golden))
    .filter((f) => f.endsWith("_pb.ts"))
    .map((f) => f.slice(0, -6))
    .sort();
  for (const [i, stem] of stems.entries()) {
    const pb = (await import(join(repoRoot, golden, `${stem}_pb.ts`))) as Record<string, unknown>;
    const schemas = Object.entries(pb).filter((e): e is [string, DescMessage] => (e[1] as { kind?: unknown } | null)?.kind === "message");
    if (schemas.length === 0) continue;
    const names = zodExports(join(repoRoot, golden, `${stem}_zod.ts`));
    lines.push(`import type * as pb${i} from "./${stem}_pb.js";`, `import type * as zod${i} from "./${stem}_zod.js";`);
    for (const [schemaName, desc] of schemas) {
      lines.push(
        `export const check${count++} = (v: output<typeof zod${i}.${names.get(desc.typeName)}>): MessageInitShape<typeof pb${i}.${schemaName}> => v;`,
      );
    }
  }
  return { source: lines.join("\n"), count };
}

describe("z.output of every mini schema is assignable to MessageInitShape", () => {
  it("for every message of the fixtures, and the check can fail", async () => {
    const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
    const { source, count } = await assignabilityCheck();
    expect(count).toBeGreaterThan(10);
    const check = project.createSourceFile(join(repoRoot, golden, "__zod_mini_assignability_check.ts"), source, { overwrite: true });
    expect(check.getPreEmitDiagnostics().map(formatDiagnostic)).toEqual([]);
    // The input side takes decimal strings for int64 and base64 for bytes: not an init shape.
    const wrong = project.createSourceFile(
      join(repoRoot, golden, "__zod_mini_input_check.ts"),
      `import type { MessageInitShape } from "@bufbuild/protobuf";
import type { input } from "zod/mini";
import type { ScalarsSchema } from "./scalars_pb.js";
import type { ScalarsZod } from "./scalars_zod.js";
export const wrong = (v: input<typeof ScalarsZod>): MessageInitShape<typeof ScalarsSchema> => v;`,
      { overwrite: true },
    );
    expect(wrong.getPreEmitDiagnostics().map(formatDiagnostic).join("\n")).toMatch(/is not assignable/);
  });
});

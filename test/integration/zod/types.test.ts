// Type level: what a Zod schema outputs is what protoc-gen-es's `create()` accepts.
// For every message of both golden sets, `z.output<typeof MZod>` must be assignable to
// `MessageInitShape<typeof MSchema>` under the strictest settings; and the check must be able
// to fail (the negative cases below must produce diagnostics). And `client.createRoom(
// CreateRoomRequestZod.parse(input))` compiles for every RoomService method.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { DescMessage, DescService } from "@bufbuild/protobuf";
import { Project } from "ts-morph";
import { beforeAll, describe, expect, it } from "vitest";
import { methodProperty } from "../../../generator/model/names.js";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions } from "../../support/typescript.js";
import { zodExports } from "../../support/zod.js";

const goldenDirs = ["generated/src", "test/fixtures/golden"];

/** A TS module asserting, message by message, that each schema's output is an init shape. */
async function assignabilityCheck(dir: string): Promise<{ source: string; count: number }> {
  const lines = ['import type { MessageInitShape } from "@bufbuild/protobuf";', 'import type { z } from "zod";'];
  let count = 0;
  const stems = readdirSync(join(repoRoot, dir))
    .filter((f) => f.endsWith("_pb.ts"))
    .map((f) => f.slice(0, -6))
    .sort();
  for (const [i, stem] of stems.entries()) {
    const pb = (await import(join(repoRoot, dir, `${stem}_pb.ts`))) as Record<string, unknown>;
    const schemas = Object.entries(pb).filter((e): e is [string, DescMessage] => isMessageDesc(e[1]));
    if (schemas.length === 0) continue;
    const zodNames = zodExports(join(repoRoot, dir, `${stem}_zod.ts`));
    lines.push(`import type * as pb${i} from "./${stem}_pb.js";`, `import type * as zod${i} from "./${stem}_zod.js";`);
    for (const [schemaName, desc] of schemas) {
      lines.push(
        `export const check${count++} = (v: z.output<typeof zod${i}.${zodNames.get(desc.typeName)}>): MessageInitShape<typeof pb${i}.${schemaName}> => v;`,
      );
    }
  }
  return { source: lines.join("\n"), count };
}

function isMessageDesc(value: unknown): value is DescMessage {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "message";
}

/** A module calling every RoomService method with what its request schema parsed. */
async function clientCallsCheck(): Promise<{ source: string; count: number }> {
  const { RoomService } = (await import(join(repoRoot, "generated/src/livekit_room_pb.ts"))) as { RoomService: DescService };
  const zodNames = zodExports(join(repoRoot, "generated/src/livekit_room_zod.ts"));
  const calls = RoomService.methods.map((m) => `  client.${methodProperty(m)}(zod.${zodNames.get(m.input.typeName)}.parse(input)),`);
  const source = [
    'import type { RoomServiceClient } from "./livekit_room_twirp.js";',
    'import * as zod from "./livekit_room_zod.js";',
    "declare const client: RoomServiceClient;",
    "declare const input: unknown;",
    "export const calls = [",
    ...calls,
    "];",
  ].join("\n");
  return { source, count: calls.length };
}

/** Modules that must NOT type-check, each with the reason it must fail. */
const negativeCases = {
  // The input side accepts decimal strings for int64 and base64 for bytes: not an init shape.
  inputIsNotInitShape: `
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { z } from "zod";
import type { ScalarsSchema } from "./scalars_pb.js";
import type { ScalarsZod } from "./scalars_zod.js";
export const wrong = (v: z.input<typeof ScalarsZod>): MessageInitShape<typeof ScalarsSchema> => v;
`,
  // A schema that forgot to convert int64 to bigint is caught by the same assignment.
  unconvertedSchema: `
import type { MessageInitShape } from "@bufbuild/protobuf";
import { z } from "zod";
import type { ScalarsSchema } from "./scalars_pb.js";
const Broken = z.strictObject({ int64Field: z.string().exactOptional() });
export const wrong = (v: z.output<typeof Broken>): MessageInitShape<typeof ScalarsSchema> => v;
`,
  // A required field is required in the output type too.
  requiredFieldMissing: `
import type { z } from "zod";
import type { MixedScalarsZod } from "./scalars_zod.js";
export const wrong: z.output<typeof MixedScalarsZod> = { plain: 1 };
`,
};

describe("z.output<typeof MZod> is assignable to MessageInitShape<typeof MSchema>", () => {
  let project: Project;
  const checks = new Map<string, { path: string; count: number }>();

  beforeAll(async () => {
    project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
    for (const dir of goldenDirs) {
      const { source, count } = await assignabilityCheck(dir);
      const path = join(repoRoot, dir, "__zod_assignability_check.ts");
      project.createSourceFile(path, source, { overwrite: true });
      checks.set(dir, { path, count });
    }
    const clientCalls = await clientCallsCheck();
    const clientPath = join(repoRoot, "generated/src/__zod_client_calls_check.ts");
    project.createSourceFile(clientPath, clientCalls.source, { overwrite: true });
    checks.set("client calls", { path: clientPath, count: clientCalls.count });
    for (const [name, source] of Object.entries(negativeCases)) {
      project.createSourceFile(join(repoRoot, "test/fixtures/golden", `__zod_${name}.ts`), source, { overwrite: true });
    }
  });

  it.each(goldenDirs)("for every message in %s", (dir) => {
    const { path, count } = checks.get(dir)!;
    expect(count).toBeGreaterThan(10);
    const diagnostics = project.getSourceFileOrThrow(path).getPreEmitDiagnostics();
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it("and every RoomServiceClient method takes what its request schema parsed", () => {
    const { path, count } = checks.get("client calls")!;
    expect(count).toBeGreaterThan(10);
    expect(project.getSourceFileOrThrow(path).getPreEmitDiagnostics().map(formatDiagnostic)).toEqual([]);
  });

  it.each(Object.keys(negativeCases))("and the check can fail: %s", (name) => {
    const file = project.getSourceFileOrThrow(join(repoRoot, "test/fixtures/golden", `__zod_${name}.ts`));
    const diagnostics = file.getPreEmitDiagnostics().map(formatDiagnostic);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.join("\n")).toMatch(/is not assignable|is missing|does not exist/);
  });
});

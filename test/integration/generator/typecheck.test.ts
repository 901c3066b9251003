// All generated code (LiveKit and fixtures) type-checks under `strict` with zero diagnostics,
// with the "dom" lib and, as in a Node.js project, with @types/node alone.
import { join } from "node:path";
import { Project, type ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions } from "../../support/typescript.js";

function diagnostics(dir: string, options: ts.CompilerOptions): string[] {
  const project = new Project({ compilerOptions: options, skipAddingFilesFromTsConfig: true });
  const files = project.addSourceFilesAtPaths(join(repoRoot, dir, "**/*.ts"));
  expect(files.length).toBeGreaterThan(0);
  return project.getPreEmitDiagnostics().map(formatDiagnostic);
}

describe.each(["generated/src", "test/fixtures/golden"])("generated code in %s", (dir) => {
  it("has zero diagnostics under strict", () => {
    expect(diagnostics(dir, strictOptions)).toEqual([]);
  });
});

// The runtime is the same in both folders: no DOM-only type names (HeadersInit, BodyInit, CryptoKey).
it('generated/src has zero diagnostics under strict with @types/node and no "dom" lib', () => {
  expect(diagnostics("generated/src", { ...strictOptions, lib: ["lib.es2023.d.ts"], types: ["node"] })).toEqual([]);
});

it("the local room service (packages/dev-server, its generated Simulator included) has zero diagnostics under strict, on the generated package", () => {
  expect(diagnostics("packages/dev-server/src", { ...strictOptions, types: ["node"] })).toEqual([]);
});

// All generated code (LiveKit and fixtures) type-checks under `strict` with zero diagnostics.
import { join } from "node:path";
import { Project, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/buf.js";

const strictOptions: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  exactOptionalPropertyTypes: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  noEmit: true,
  types: [],
};

describe.each(["generated/src", "test/fixtures/golden"])("generated code in %s", (dir) => {
  it("has zero diagnostics under strict", () => {
    const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
    const files = project.addSourceFilesAtPaths(join(repoRoot, dir, "**/*.ts"));
    expect(files.length).toBeGreaterThan(0);
    const diagnostics = project.getPreEmitDiagnostics();
    const messages = diagnostics.map((d) => {
      const file = d.getSourceFile()?.getFilePath().replace(repoRoot, "") ?? "";
      const text = ts.flattenDiagnosticMessageText(d.getMessageText() as string | ts.DiagnosticMessageChain, "\n");
      return `${file}:${d.getLineNumber() ?? 0}: ${text}`;
    });
    expect(messages).toEqual([]);
  });
});

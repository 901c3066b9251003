// All generated code (LiveKit and fixtures) type-checks under `strict` with zero diagnostics.
import { join } from "node:path";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/buf.js";
import { formatDiagnostic, strictOptions } from "./support/typescript.js";

describe.each(["generated/src", "test/fixtures/golden"])("generated code in %s", (dir) => {
  it("has zero diagnostics under strict", () => {
    const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
    const files = project.addSourceFilesAtPaths(join(repoRoot, dir, "**/*.ts"));
    expect(files.length).toBeGreaterThan(0);
    const diagnostics = project.getPreEmitDiagnostics();
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });
});

describe("the local room service (examples/dev-server), on the generated package", () => {
  it("has zero diagnostics under strict", () => {
    const project = new Project({ compilerOptions: { ...strictOptions, types: ["node"] }, skipAddingFilesFromTsConfig: true });
    const files = project.addSourceFilesAtPaths(join(repoRoot, "examples/dev-server/*.ts"));
    expect(files.length).toBeGreaterThan(0);
    expect(project.getPreEmitDiagnostics().map(formatDiagnostic)).toEqual([]);
  });
});

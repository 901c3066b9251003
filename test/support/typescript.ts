// The strictest compiler settings a user may have, and readable diagnostics, for type checks.
import { join } from "node:path";
import { Project, ts, type Diagnostic } from "ts-morph";
import { repoRoot } from "./buf.js";

export const strictOptions: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  exactOptionalPropertyTypes: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  verbatimModuleSyntax: true,
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  skipLibCheck: true,
  // The runtime package's sources (the `protoc-gen-livekit-source` condition of its exports), checked under these options too.
  customConditions: ["protoc-gen-livekit-source"],
  noEmit: true,
  types: [],
};

/** `path:line: message`, with the path relative to the repository. */
export function formatDiagnostic(d: Diagnostic): string {
  const file = d.getSourceFile()?.getFilePath().replace(repoRoot, "") ?? "";
  const text = ts.flattenDiagnosticMessageText(d.compilerObject.messageText, "\n");
  return `${file}:${d.getLineNumber() ?? 0}: ${text}`;
}

/** The diagnostics of every .ts file under `dir` under strictOptions, formatted. */
export function typecheckDir(dir: string): string[] {
  const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths(join(dir, "**/*.ts"));
  return project.getPreEmitDiagnostics().map(formatDiagnostic);
}

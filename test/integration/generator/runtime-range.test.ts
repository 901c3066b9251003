// A generated file built for another minor (or major) of the runtime fails to type-check, not
// only when it loads: checkRuntime takes only the ranges the installed runtime can serve.
import { join } from "node:path";
import { Project } from "ts-morph";
import { expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions } from "../../support/typescript.js";

it("a range of another minor is a type error; the runtime's own range is not", () => {
  const project = new Project({ compilerOptions: strictOptions, skipAddingFilesFromTsConfig: true });
  const file = project.createSourceFile(
    join(repoRoot, ".cache", "runtime-range-check.ts"),
    'import { checkRuntime } from "protoc-gen-livekit-runtime";\ncheckRuntime("^0.1.0", "a.ts");\ncheckRuntime("^0.2.0", "b.ts");\n',
    { overwrite: true },
  );
  const diagnostics = file.getPreEmitDiagnostics().map(formatDiagnostic);
  expect(diagnostics).toHaveLength(1);
  expect(diagnostics[0]).toMatch(
    /runtime-range-check\.ts:3: Argument of type '"\^0\.2\.0"' is not assignable to parameter of type '`\^0\.1\.\$\{number\}`'/,
  );
});

// Vitest for `npm run mutate` (StrykerJS, tools/mutation/stryker.config.json). The root config
// already resolves the runtime package to packages/runtime/src, which Stryker mutates, so no
// import needs redirecting: this runs the tests of the unit project, which exercise the runtime
// in this process (the integration tests compare files, bundle, compile or spawn), each file
// isolated again, as Stryker measures coverage per test.
import { defineConfig } from "vitest/config";
import root from "../../vitest.config.js";

export default defineConfig({
  resolve: root.resolve,
  test: { include: ["test/unit/**/*.test.ts"], testTimeout: 20_000, hookTimeout: 60_000 },
});

// Vitest for `npm run mutate` (StrykerJS, tools/mutation/stryker.config.json). The root config
// already resolves the runtime package to packages/runtime/src, which Stryker mutates, so no
// import needs redirecting: this runs the unit project, whose tests exercise the runtime in
// this process (the integration tests compare files, bundle, compile or spawn).
import { defineConfig, mergeConfig } from "vitest/config";
import root from "../../vitest.config.js";

// Each test file isolated again: Stryker measures coverage per test.
export default mergeConfig(root, defineConfig({ test: { projects: undefined, include: ["test/unit/**/*.test.ts"], isolate: true } }));

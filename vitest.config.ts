import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const runtimeDir = fileURLToPath(new URL("packages/runtime/", import.meta.url));

/**
 * Every entry point of the runtime package resolved to its source (the `protoc-gen-livekit-source`
 * condition of its `exports`): tests, and the generated package they import, run packages/runtime/src/ as it is.
 */
function runtimeSources(): { find: RegExp; replacement: string }[] {
  const { name, exports } = JSON.parse(readFileSync(`${runtimeDir}package.json`, "utf8")) as {
    name: string;
    exports: Record<string, { "protoc-gen-livekit-source": string }>;
  };
  return Object.entries(exports).map(([subpath, { "protoc-gen-livekit-source": source }]) => ({
    find: new RegExp(`^${name}${subpath.slice(1)}$`),
    replacement: runtimeDir + source,
  }));
}

/** The generated package from its committed sources (generated/src), which the golden test holds true. */
const generatedSources = [
  { find: /^livekit-room-api$/, replacement: fileURLToPath(new URL("generated/src/index.ts", import.meta.url)) },
  { find: /^livekit-room-api\/(.*)$/, replacement: fileURLToPath(new URL("generated/src/$1.ts", import.meta.url)) },
];

export default defineConfig({
  resolve: { alias: [...runtimeSources(), ...generatedSources] },
  test: {
    projects: [
      {
        extends: true,
        // In this process, in milliseconds: the runtime from its sources, the committed generated
        // code, the generator through an in-process harness. `npm run test:unit`.
        // One module graph per worker (no isolation between files: the tests restore what they
        // change), and a worker per core: the project's import time was half its run.
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          isolate: false,
          maxWorkers: "100%",
          // Before the integration project: npm test reports the fast tests first.
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // End to end: buf, tsc, esbuild, spawned servers, Google's conformance runner, the
        // package as a user installs it. Slow shared machines get room; nothing here is timed.
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});

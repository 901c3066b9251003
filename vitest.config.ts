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

export default defineConfig({
  resolve: { alias: runtimeSources() },
  test: {
    include: ["test/**/*.test.ts"],
    // Tests spawn buf, tsc and servers; give slow shared machines room without a time limit
    // on what is measured.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

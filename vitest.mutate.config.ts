// Vitest for `npm run mutate` (StrykerJS, see stryker.config.json and the README). Stryker
// mutates the runtime's sources, templates/runtime/, but the tests import its generated copies
// (generated/dist/runtime through the package, generated/src/runtime, and
// test/fixtures/golden/runtime). This config sends every import of a copy to the source, so
// each test runs the mutated code, and runs only the tests that exercise the runtime in this
// process (not those that compare files, bundle, compile or spawn).
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vitest/config";
import base from "./vitest.config.js";

const root = dirname(fileURLToPath(import.meta.url));
const sources = join(root, "templates/runtime/");
const runtimeCopy = /\/(?:generated\/(?:src|dist)|test\/fixtures\/golden)\/runtime\/(.+)\.[jt]s$/;
// The fixtures' copy stays a module instance of its own (tests check that errors are one class
// across two copies): the same source under a query, for it and everything it imports.
const fixturesCopy = "?copy=fixtures";

/** Resolves an import of a copy of a runtime module to templates/runtime/ of this tree. */
function runtimeSources(): Plugin {
  return {
    name: "runtime-sources",
    enforce: "pre",
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (resolved === null) return null;
      const fixtures = resolved.id.includes("/test/fixtures/golden/runtime/") || importer?.endsWith(fixturesCopy) === true;
      const module = runtimeCopy.exec(resolved.id);
      const id = module === null ? resolved.id : join(sources, `${module[1]}.ts`);
      return fixtures && id.startsWith(sources) && !id.endsWith(fixturesCopy) ? id + fixturesCopy : id === resolved.id ? resolved : id;
    },
  };
}

export default defineConfig({
  ...base,
  plugins: [runtimeSources()],
  test: {
    ...base.test,
    include: [
      "test/enum-tables.test.ts",
      "test/json-*.test.ts",
      "test/livekit-*.test.ts",
      "test/proto-compat.test.ts",
      "test/token-ttl.test.ts",
      "test/twirp-*.test.ts",
      "test/zod-*.test.ts",
    ],
    // json-hostile compiles the runtime, which Stryker marks @ts-nocheck when it instruments it.
    exclude: ["test/json-bundle.test.ts", "test/json-hostile.test.ts", "test/twirp-bundle.test.ts", "test/twirp-edge.test.ts", "test/zod-types.test.ts"],
  },
});

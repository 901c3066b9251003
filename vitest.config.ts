import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests spawn buf, tsc and servers; give slow shared machines room without a time limit
    // on what is measured.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

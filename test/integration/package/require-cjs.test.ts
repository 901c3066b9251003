// CommonJS: `require("livekit-room-api")` works from a .cjs file on the Node.js running the tests
// (CI runs this file on 20.19.0, the lowest version `engines` allows, and on 20, 22 and 24).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";

it(`require("livekit-room-api") from a .cjs file works on Node.js ${process.version}`, () => {
  const result = spawnSync(process.execPath, [join(repoRoot, "test/fixtures/cjs/require.cjs")], { encoding: "utf8" });
  // Not even a warning (Node.js 20.18 and earlier fail here with ERR_REQUIRE_ESM).
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    client: "function",
    camera: 1,
    identity: "ada",
    source: 1,
    sameTwirpError: true,
    emptyNameValid: false,
  });
});

// What buf does when the plugin rejects its input: test/unit/generator/errors.test.ts checks the
// messages in-process; this checks, through the real CLI, that the message reaches the user,
// that buf exits non-zero, and that it leaves the output folder as it was.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { buf, readTree, tempDir, template } from "../../support/buf.js";

it("buf prints the plugin's message, exits non-zero and writes nothing when the plugin fails", () => {
  const out = tempDir("out");
  mkdirSync(join(out, "keep"));
  writeFileSync(join(out, "keep", "old.ts"), "// a file from an earlier run\n");
  const result = buf(["generate", "--template", template("test/fixtures/bad", out)]);
  expect(result.status).not.toBe(0);
  expect(result.stderr).toMatch(/^protoc-gen-livekit: group\.proto: field fixtures\.bad\.[\w.]+\.result: proto2 groups are not supported/m);
  expect([...readTree(out).keys()]).toEqual(["keep/old.ts"]);
});

// The committed output equals what `buf generate` writes now, byte for byte.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buf, diffTrees, readTree, repoRoot, tempDir } from "./support/buf.js";

/** Golden sets: the buf.gen.yaml that writes them and where their committed copy lives. */
const goldenSets = [
  { name: "LiveKit (generated/src)", template: "buf.gen.yaml", committed: "generated/src" },
  {
    name: "fixtures (test/fixtures/golden)",
    template: "test/fixtures/buf.gen.yaml",
    committed: "test/fixtures/golden",
  },
];

describe.each(goldenSets)("golden files: $name", ({ template, committed }) => {
  let out: string;

  beforeAll(() => {
    out = tempDir("golden");
    const result = buf(["generate", "--template", template, "-o", out]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("match the committed copy: no file missing, extra or changed", () => {
    const differences = diffTrees(
      readTree(join(repoRoot, committed)),
      readTree(join(out, committed)),
    );
    expect(differences).toEqual([]);
  });

  it("are the same bytes when generated twice", () => {
    const again = tempDir("golden-again");
    expect(buf(["generate", "--template", template, "-o", again]).status).toBe(0);
    expect(diffTrees(readTree(join(out, committed)), readTree(join(again, committed)))).toEqual([]);
  });

  it("carry no plugin version or timestamp in headers, and no absolute path", () => {
    for (const [path, content] of readTree(join(out, committed))) {
      const text = content.toString("utf8");
      expect(text, path).not.toContain(repoRoot);
      expect(text, path).not.toContain(out);
      if (path.endsWith("_pb.ts")) continue; // protoc-gen-es's header names its own version
      const header = text.split("\n").slice(0, 3).join("\n");
      expect(header, path).not.toMatch(/\d+\.\d+\.\d+/);
      expect(header, path).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});

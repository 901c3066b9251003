// Bad input fails generation loudly: a non-zero exit, a message naming file and element,
// and no file written.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buf, readTree, tempDir } from "./support/buf.js";

const plugin = `["node", "${join(process.cwd(), "bin/protoc-gen-livekit.js")}"]`;

/** A buf.gen.yaml that runs protoc-gen-es and our plugin on `input` into `out`. */
function template(input: string, out: string, options: string[] = []): string {
  const path = join(tempDir("template"), "buf.gen.yaml");
  const opt = ["target=ts", ...options].map((o) => `\n      - ${o}`).join("");
  writeFileSync(
    path,
    `version: v2
inputs:
  - directory: ${input}
plugins:
  - local: protoc-gen-es
    out: ${out}
    opt: [target=ts]
  - local: ${plugin}
    out: ${out}
    opt:${opt}
`,
  );
  return path;
}

/** Generates into an output folder that already holds a file, and returns what happened. */
function generateInto(input: string, options: string[] = [], bufArgs: string[] = []) {
  const out = tempDir("out");
  mkdirSync(join(out, "keep"));
  writeFileSync(join(out, "keep", "old.ts"), "// a file from an earlier run\n");
  const result = buf(["generate", "--template", template(input, out, options), ...bufArgs]);
  return { ...result, files: [...readTree(out).keys()] };
}

describe("generator errors", () => {
  it("rejects a proto2 group, naming the file and the field, and writes nothing", () => {
    const result = generateInto("test/fixtures/bad", []);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("group.proto");
    expect(result.stderr).toMatch(/group\.proto: field fixtures\.bad\.[\w.]+\.result: proto2 groups are not supported/);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("rejects a streaming RPC, naming the file and the RPC", () => {
    const result = generateInto("test/fixtures/bad", [], ["--path", "test/fixtures/bad/streaming.proto"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/streaming\.proto: rpc fixtures\.bad\.[\w.]+\.Upload: client-streaming RPCs are not supported/);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("rejects an unknown plugin option, naming it", () => {
    const result = generateInto("test/fixtures/proto", ["colour=blue"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('unknown option "colour"');
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("rejects a malformed value of a known option", () => {
    const result = generateInto("test/fixtures/proto", ["emit=enums+jsno"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('option emit: unknown concern "jsno"');
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("generates the same input fine when nothing is wrong", () => {
    const result = generateInto("test/fixtures/proto", ["emit=enums"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.files).toContain("nested_enums.ts");
  });
});

describe("generator errors from a sidecar file", () => {
  it("rejects a required rule naming a field the proto does not have: sidecar, message and field named, nothing written", () => {
    const dir = tempDir("sidecar");
    writeFileSync(join(dir, "scalars.api.json"), JSON.stringify({ required: { MixedScalars: { plain: "present", plian: "present" } } }));
    const result = generateInto("test/fixtures/proto", [`sidecar_dir=${dir}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `${join(dir, "scalars.api.json")}: required.MixedScalars.plian: message fixtures.scalars.MixedScalars in scalars.proto has no field "plian"`,
    );
    expect(result.files).toEqual(["keep/old.ts"]);
  });
});

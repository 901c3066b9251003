// Option `zod=classic|mini`: parsed and checked, and the files it writes: the same exports on
// either Zod, the mini ones importing nothing of classic Zod.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OptionError, parseOptions } from "../../../generator/options.js";
import { repoRoot } from "../../support/buf.js";
import { compileModules, runPlugin } from "../../support/plugin-harness.js";

describe("option zod", () => {
  it("is classic by default, and takes mini", () => {
    expect(parseOptions([]).zod).toBe("classic");
    expect(parseOptions([{ key: "zod", value: "classic" }]).zod).toBe("classic");
    expect(parseOptions([{ key: "zod", value: "mini" }]).zod).toBe("mini");
  });

  it.each([
    [[{ key: "zod", value: "" }], 'option zod: expected classic or mini, got ""'],
    [[{ key: "zod", value: "Mini" }], 'option zod: expected classic or mini, got "Mini"'],
    [
      [
        { key: "zod", value: "mini" },
        { key: "zod", value: "mini" },
      ],
      "option zod is given twice",
    ],
  ])("rejects %j", (raw, message) => {
    expect(() => parseOptions(raw)).toThrow(OptionError);
    expect(() => parseOptions(raw)).toThrow(message);
  });
});

describe("files written with zod=mini", () => {
  const protos = compileModules({ fixtures: "test/fixtures/proto" });
  const generate = (zod: string) => {
    const options = ["import_extension=js", `sidecar_dir=${join(repoRoot, "test/fixtures/proto")}`, "emit=enums+zod", `zod=${zod}`];
    const result = runPlugin(protos, protos.modules.fixtures, options);
    if ("error" in result) throw new Error(result.error);
    return new Map([...result.files].filter(([name]) => name.endsWith("_zod.ts")));
  };
  const classic = generate("classic");
  const mini = generate("mini");
  const exportsOf = (text: string) => [...text.matchAll(/^export const (\w+)/gm)].map((m) => m[1]);

  it("are the same files with the same exports, in the same order", () => {
    expect([...mini.keys()]).toEqual([...classic.keys()]);
    expect(mini.size).toBeGreaterThan(10);
    for (const [name, text] of mini) expect(exportsOf(text), name).toEqual(exportsOf(classic.get(name)!));
  });

  it("import zod/mini's functions through the runtime's /zod/mini, and nothing of classic Zod", () => {
    for (const [name, text] of mini) {
      expect(text, name).not.toMatch(/from "zod"/);
      expect(text, name).not.toMatch(/protoc-gen-livekit-runtime\/zod"/);
      expect(text, name).toMatch(/from "protoc-gen-livekit-runtime\/zod\/mini"/);
      // Modifiers are functions: no method of classic Zod's schemas.
      expect(text, name).not.toMatch(/\.(exactOptional|optional)\(\)|\.min\(/);
    }
    expect(mini.get("oneofs_zod.ts")).toContain("z.exactOptional(z.discriminatedUnion(");
    expect(mini.get("scalars_zod.ts")).toContain(".check(z.minLength(1))");
  });

  it("type recursive schemas as ZodMiniType", () => {
    expect(mini.get("nested_zod.ts")).toMatch(/^export const NodeZod: \S+\.ZodMiniType<MessageInitShape<typeof NodeSchema>> = /m);
    expect(classic.get("nested_zod.ts")).toMatch(/^export const NodeZod: z\.ZodType<MessageInitShape<typeof NodeSchema>> = /m);
  });
});

// index=true: one index.ts per folder, under buf's default strategy too; an export collision
// is a generation error naming both sides; the runtime's public API only. And imports go
// through protoplugin: rewrite_imports and import_extension apply to our files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runtimePublicApi } from "../generator/model/index.js";
import { generateInRepo as generate, protoModule as module, repoRoot } from "./support/buf.js";
import { typecheckDir as typecheck } from "./support/typescript.js";

const twoFolders = {
  "a/a.proto": "package pa;\nmessage Thing { string id = 1; }\nenum Color { COLOR_UNSPECIFIED = 0; }\nservice Things { rpc Get(Thing) returns (Thing); }",
  "b/b.proto": "package pb;\nimport \"a/a.proto\";\nmessage Thing { pa.Thing inner = 1; }",
};

describe("index=true", () => {
  it("writes one index per folder under buf's default (per-folder) strategy, and they type-check", () => {
    const result = generate(module(twoFolders), ["index=true", "import_extension=js"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.files.filter((f) => f.endsWith("index.ts")).sort()).toEqual(["a/index.ts", "b/index.ts"]);
    const a = readFileSync(join(result.out, "a/index.ts"), "utf8");
    expect(a).toContain("export { ThingJsonReader, ThingJsonWriter, ThingJson };");
    expect(a).toContain("export { ThingsClient, ThingsBinary };");
    expect(a).toContain('import { TwirpError } from "../runtime/twirp/errors.js";');
    expect(readFileSync(join(result.out, "b/index.ts"), "utf8")).toContain("export type { Thing };");
    expect(typecheck(result.out)).toEqual([]);
  });

  it("re-exports only the runtime's public API, not helpers such as readInt32 or enterMessage", () => {
    const result = generate(module({ "x.proto": "package x;\nmessage M { int32 n = 1; }" }), ["index=true"]);
    const index = readFileSync(join(result.out, "index.ts"), "utf8");
    expect(index).toContain("JsonDecodeError");
    expect(index).not.toMatch(/\breadInt32\b|\benterMessage\b|\bmessageJson\b|\benumTable\b/);
  });

  it.each([
    ["two packages' messages of one name in one folder", { "p.proto": "package p;\nmessage Foo {}", "q.proto": "package q;\nmessage Foo {}" }, /q\.proto: option index=true: index\.ts: FooSchema would be exported by both p_pb\.ts \(schema of p\.Foo\) and q_pb\.ts \(schema of q\.Foo\)/],
    ["a message named like the runtime's TwirpError", { "p.proto": "package p;\nmessage TwirpError {}\nservice S { rpc A(TwirpError) returns (TwirpError); }" }, /TwirpError would be exported by both p_pb\.ts \(message p\.TwirpError\) and runtime\/twirp\/errors\.ts \(runtime twirp\/errors\)/],
    ["a message named ClientOptions", { "p.proto": "package p;\nmessage ClientOptions {}\nservice S { rpc A(ClientOptions) returns (ClientOptions); }" }, /ClientOptions would be exported by both p_pb\.ts .* and runtime\/twirp\/client\.ts/],
    ["a message named EnumTable", { "p.proto": "package p;\nmessage EnumTable {}\nenum E { E_A = 0; }" }, /EnumTable would be exported by both p_pb\.ts .* and runtime\/enums\.ts/],
    ["a message named MessageJson", { "p.proto": "package p;\nmessage MessageJson {}" }, /MessageJson would be exported by both p_pb\.ts .* and runtime\/json\/codec\.ts/],
    ["Foo and FooJson", { "p.proto": "package p;\nmessage Foo {}\nmessage FooJson {}" }, /FooJson would be exported by both p_pb\.ts \(message p\.FooJson\) and p_json\.ts \(JSON codec of p\.Foo\)/],
    ["Bar and BarTable", { "p.proto": "package p;\nenum Bar { BAR_A = 0; }\nmessage BarTable {}" }, /BarTable would be exported by both p_pb\.ts \(message p\.BarTable\) and p_enums\.ts \(enum table of p\.Bar\)/],
    ["Svc and SvcClient", { "p.proto": "package p;\nmessage SvcClient {}\nservice Svc { rpc A(SvcClient) returns (SvcClient); }" }, /SvcClient would be exported by both p_pb\.ts \(message p\.SvcClient\) and p_twirp\.ts \(Twirp client of p\.Svc\)/],
  ])("stops on %s, naming both symbols and files", (_what, files, message) => {
    const result = generate(module(files), ["index=true"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.files).toEqual([]);
  });

  it("names every runtime public API entry as an export of its module", () => {
    for (const [module, { values, types }] of Object.entries(runtimePublicApi)) {
      const source = readFileSync(join(repoRoot, "templates/runtime", `${module}.ts`), "utf8");
      for (const name of values) expect(source, `${module}: ${name}`).toMatch(new RegExp(`^export (const|function|class) ${name}\\b`, "m"));
      for (const name of types) expect(source, `${module}: ${name}`).toMatch(new RegExp(`^export (interface|type) ${name}\\b|^export type \\{[^}]*\\b${name}\\b`, "m"));
    }
  });
});

describe("imports through protoplugin", () => {
  const input = () => module({ "x.proto": "package x;\nmessage M { int32 n = 1; }\nenum E { E_A = 0; }\nservice S { rpc A(M) returns (M); }" });

  it("applies rewrite_imports to our files as protoc-gen-es does", () => {
    const result = generate(input(), ["rewrite_imports=./**/*_pb.js:@scope/pb", "rewrite_imports=@bufbuild/protobuf:@my/protobuf", "import_extension=js"]);
    expect(result.stderr).toBe("");
    for (const name of ["x_enums.ts", "x_json.ts", "x_twirp.ts"]) {
      const text = readFileSync(join(result.out, name), "utf8");
      expect(text, name).toContain('from "@scope/pb/x_pb.js";');
      expect(text, name).not.toContain('"./x_pb');
    }
    expect(readFileSync(join(result.out, "x_twirp.ts"), "utf8")).toContain('from "@my/protobuf";');
    expect(readFileSync(join(result.out, "runtime/json/wkt.ts"), "utf8")).toContain('from "@my/protobuf";');
  });

  it.each([["js", ".js"], ["ts", ".ts"], ["none", ""]])(
    "applies import_extension=%s to our files and the runtime's",
    (extension, suffix) => {
      const result = generate(input(), [`import_extension=${extension}`]);
      expect(readFileSync(join(result.out, "x_enums.ts"), "utf8")).toContain(`from "./runtime/enums${suffix}";`);
      expect(readFileSync(join(result.out, "runtime/zod.ts"), "utf8")).toContain(`from "./enums${suffix}";`);
    },
  );
});

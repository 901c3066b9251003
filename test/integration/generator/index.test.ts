// index=true: one index.ts per folder, under buf's default strategy too; an export collision
// is a generation error naming both sides; the runtime's public API only. And imports go
// through protoplugin: rewrite_imports and import_extension apply to our files.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runtimePublicApi } from "../../../generator/concerns/index/model.js";
import { generateInRepo as generate, protoModule as module } from "../../support/buf.js";
import { typecheckDir as typecheck } from "../../support/typescript.js";

const twoFolders = {
  "a/a.proto":
    "package pa;\nmessage Thing { string id = 1; }\nenum Color { COLOR_UNSPECIFIED = 0; }\nservice Things { rpc Get(Thing) returns (Thing); }",
  "b/b.proto": 'package pb;\nimport "a/a.proto";\nmessage Thing { pa.Thing inner = 1; }',
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
    expect(a).toMatch(/^import \{[^}]*\bTwirpError\b[^}]*\} from "protoc-gen-livekit-runtime\/twirp";$/m);
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
    [
      "two packages' messages of one name in one folder",
      { "p.proto": "package p;\nmessage Foo {}", "q.proto": "package q;\nmessage Foo {}" },
      /q\.proto: option index=true: index\.ts: FooSchema would be exported by both p_pb\.ts \(schema of p\.Foo\) and q_pb\.ts \(schema of q\.Foo\)/,
    ],
    [
      "a message named like the runtime's TwirpError",
      { "p.proto": "package p;\nmessage TwirpError {}\nservice S { rpc A(TwirpError) returns (TwirpError); }" },
      /TwirpError would be exported by both p_pb\.ts \(message p\.TwirpError\) and protoc-gen-livekit-runtime\/twirp \(runtime twirp\)/,
    ],
    [
      "a message named ClientOptions",
      { "p.proto": "package p;\nmessage ClientOptions {}\nservice S { rpc A(ClientOptions) returns (ClientOptions); }" },
      /ClientOptions would be exported by both p_pb\.ts .* and protoc-gen-livekit-runtime\/twirp /,
    ],
    [
      "a message named EnumTable",
      { "p.proto": "package p;\nmessage EnumTable {}\nenum E { E_A = 0; }" },
      /EnumTable would be exported by both p_pb\.ts .* and protoc-gen-livekit-runtime\/enums /,
    ],
    [
      "a message named MessageJson",
      { "p.proto": "package p;\nmessage MessageJson {}" },
      /MessageJson would be exported by both p_pb\.ts .* and protoc-gen-livekit-runtime\/json /,
    ],
    [
      "Foo and FooJson",
      { "p.proto": "package p;\nmessage Foo {}\nmessage FooJson {}" },
      /FooJson would be exported by both p_pb\.ts \(message p\.FooJson\) and p_json\.ts \(JSON codec of p\.Foo\)/,
    ],
    [
      "Bar and BarTable",
      { "p.proto": "package p;\nenum Bar { BAR_A = 0; }\nmessage BarTable {}" },
      /BarTable would be exported by both p_pb\.ts \(message p\.BarTable\) and p_enums\.ts \(enum table of p\.Bar\)/,
    ],
    [
      "Svc and SvcClient",
      { "p.proto": "package p;\nmessage SvcClient {}\nservice Svc { rpc A(SvcClient) returns (SvcClient); }" },
      /SvcClient would be exported by both p_pb\.ts \(message p\.SvcClient\) and p_twirp\.ts \(Twirp client of p\.Svc\)/,
    ],
  ])("stops on %s, naming both symbols and files", (_what, files, message) => {
    const result = generate(module(files), ["index=true"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.files).toEqual([]);
  });

  it("names only what the runtime's entry points export, values as values", async () => {
    for (const [subpath, { values, types }] of Object.entries(runtimePublicApi)) {
      const entry = (await import(/* @vite-ignore */ `protoc-gen-livekit-runtime/${subpath}`)) as Record<string, unknown>;
      for (const name of values) expect(entry[name], `${subpath}: ${name}`).toBeDefined();
      // Types leave no trace at run time: the generated index that re-exports them is type-checked above.
      for (const name of types) expect(entry[name], `${subpath}: ${name}`).toBeUndefined();
    }
  });
});

describe("imports through protoplugin", () => {
  const input = () =>
    module({ "x.proto": "package x;\nmessage M { int32 n = 1; }\nenum E { E_A = 0; }\nservice S { rpc A(M) returns (M); }" });

  it("applies rewrite_imports to our files as protoc-gen-es does", () => {
    const result = generate(input(), [
      "rewrite_imports=./**/*_pb.js:@scope/pb",
      "rewrite_imports=@bufbuild/protobuf:@my/protobuf",
      "import_extension=js",
    ]);
    expect(result.stderr).toBe("");
    for (const name of ["x_enums.ts", "x_json.ts", "x_twirp.ts"]) {
      const text = readFileSync(join(result.out, name), "utf8");
      expect(text, name).toContain('from "@scope/pb/x_pb.js";');
      expect(text, name).not.toContain('"./x_pb');
    }
    expect(readFileSync(join(result.out, "x_twirp.ts"), "utf8")).toContain('from "@my/protobuf";');
  });

  it.each([
    ["js", ".js"],
    ["ts", ".ts"],
    ["none", ""],
  ])("applies import_extension=%s to our files, never to the runtime package's entry points", (extension, suffix) => {
    const result = generate(input(), [`import_extension=${extension}`]);
    const client = readFileSync(join(result.out, "x_twirp.ts"), "utf8");
    expect(client).toContain(`from "./x_json${suffix}";`);
    expect(client).toContain('from "protoc-gen-livekit-runtime/twirp";');
  });

  it("writes no runtime files: the runtime is a package", () => {
    const result = generate(input(), ["index=true"]);
    expect(result.files.filter((f) => !/^x_(pb|enums|json|twirp|server|zod)\.ts$|^index\.ts$/.test(f))).toEqual([]);
  });
});

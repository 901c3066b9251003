// Bad input fails generation loudly: a non-zero exit, a message naming file and element,
// and no file written.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buf, readTree, tempDir, template } from "./support/buf.js";

/** Generates into an output folder that already holds a file, and returns what happened. */
function generateInto(input: string, options: string[] = [], bufArgs: string[] = []) {
  const out = tempDir("out");
  mkdirSync(join(out, "keep"));
  writeFileSync(join(out, "keep", "old.ts"), "// a file from an earlier run\n");
  const result = buf(["generate", "--template", template(input, out, options), ...bufArgs]);
  return { ...result, out, files: [...readTree(out).keys()] };
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

  it("rejects node_transport without the twirp concern", () => {
    const result = generateInto("test/fixtures/proto", ["emit=enums+json", "node_transport=true"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("option node_transport: needs the twirp concern");
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("generates the same input fine when nothing is wrong", () => {
    const result = generateInto("test/fixtures/proto", ["emit=enums"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.files).toContain("nested_enums.ts");
  });
});

/** A module with one proto file declaring `service S { rpc A; rpc B }`, and a sidecar folder. */
function grantsModule(grants: unknown, extraRpc = ""): { input: string; sidecars: string } {
  const input = tempDir("grants");
  writeFileSync(join(input, "buf.yaml"), "version: v2\n");
  writeFileSync(
    join(input, "svc.proto"),
    `syntax = "proto3";
package t;
message Req { string room = 1; repeated string names = 2; int32 n = 3; }
message Res {}
service S {
  rpc A(Req) returns (Res);
  rpc B(Req) returns (Res);${extraRpc}
}
`,
  );
  const sidecars = join(input, "sidecars");
  mkdirSync(sidecars);
  if (grants !== undefined) writeFileSync(join(sidecars, "svc.api.json"), JSON.stringify({ grants }));
  return { input, sidecars };
}

describe("generator errors: grants tables and clients", () => {
  const grant = { video: { roomAdmin: true, room: { request: "room" } } };

  it("rejects a file whose grants table lacks an RPC, naming the RPC", () => {
    const { input, sidecars } = grantsModule({ "t.S": { A: grant } });
    const result = generateInto(input, [`sidecar_dir=${sidecars}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/svc\.proto: rpc t\.S\.B: no entry in the grants table of .*svc\.api\.json/);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it.each([
    ["an RPC the service lacks", { "t.S": { A: grant, B: grant, C: grant } }, /grants\["t\.S"\]\["C"\]: no RPC C in service t\.S/],
    ["a service the file lacks", { "t.Other": {} }, /grants\["t\.Other"\]: no service t\.Other in svc\.proto/],
    ["a request field that does not exist", { "t.S": { A: grant, B: { video: { room: { request: "rooom" } } } } }, /\["B"\]\["video"\]\["room"\]: the request t\.Req of B has no field "rooom"/],
    ["a request field that is not a string", { "t.S": { A: grant, B: { video: { room: { request: "names" } } } } }, /field t\.Req\.names must be a plain string field/],
    ["a grant key that is not an identifier", { "t.S": { A: grant, B: { video: { "a-b": true } } } }, /\["a-b"\]: a grant key must be a plain identifier/],
    ["a value that is neither scalar nor a request field", { "t.S": { A: grant, B: { video: { x: [1] } } } }, /\["x"\]: expected a string, number, boolean or \{ "request": "<field>" \}/],
  ])("rejects a grants table naming %s", (_what, grants, message) => {
    const { input, sidecars } = grantsModule(grants);
    const result = generateInto(input, [`sidecar_dir=${sidecars}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(message);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("rejects two RPCs that would get the same client method", () => {
    const { input } = grantsModule(undefined, "\n  rpc a(Req) returns (Res);");
    const result = generateInto(input, ["emit=twirp"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/svc\.proto: rpc t\.S\.a: its client method a is also the client method of rpc A/);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("generates a client that signs the table's grants when the table is complete", () => {
    const { input, sidecars } = grantsModule({ "t.S": { A: grant, B: { video: { roomList: true, n: 3, label: "x\u2028y" } } } });
    const result = generateInto(input, [`sidecar_dir=${sidecars}`, "emit=twirp"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const source = readFileSync(join(result.out, "svc_twirp.ts"), "utf8");
    expect(source).toContain('grant: (request: MessageInitShape<typeof ReqSchema>): Grant => ({ video: { roomAdmin: true, room: request.room ?? "" } }),');
    expect(source).toContain('grant: (): Grant => ({ video: { roomList: true, n: 3, label: "x\\u2028y" } }),');
    expect(source).toContain("options: ClientOptions<TokenAuth | KeyAuth> = {}");
    // Without the json concern, JSON goes through @bufbuild/protobuf's reflection.
    expect(source).toContain("writer: /*@__PURE__*/ protobufJson(ReqSchema),");
    expect(source).not.toContain("_json.js");
  });
});

describe("generator errors from a sidecar file", () => {
  it("rejects a sidecar_dir that does not exist, naming it, even when no concern reads sidecars", () => {
    const missing = join(tempDir("sidecar"), "no-such-folder");
    const result = generateInto("test/fixtures/proto", [`sidecar_dir=${missing}`, "emit=enums"]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${missing}: option sidecar_dir: no such folder`);
    expect(result.files).toEqual(["keep/old.ts"]);
  });

  it("reads __proto__ in a sidecar as a name: a grant key becomes an own property, never a prototype", () => {
    const { input, sidecars } = grantsModule(undefined);
    // Written as text: an object literal with a __proto__ key would set its prototype.
    writeFileSync(join(sidecars, "svc.api.json"), '{ "grants": { "t.S": { "A": { "__proto__": { "roomList": true } }, "B": { "video": { "__proto__": "x" } } } } }');
    const result = generateInto(input, [`sidecar_dir=${sidecars}`, "emit=twirp"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const source = readFileSync(join(result.out, "svc_twirp.ts"), "utf8");
    expect(source).toContain('grant: (): Grant => ({ ["__proto__"]: { roomList: true } }),');
    expect(source).toContain('grant: (): Grant => ({ video: { ["__proto__"]: "x" } }),');
    const grant = new Function('return ({ video: { ["__proto__"]: "x" } });')() as { video: object };
    expect(Object.getPrototypeOf(grant.video)).toBe(Object.prototype);
    expect(Object.keys(grant.video)).toEqual(["__proto__"]);
  });

  it("reads __proto__ as the name of a message that does not exist", () => {
    const dir = tempDir("sidecar");
    writeFileSync(join(dir, "scalars.api.json"), '{ "required": { "__proto__": { "plain": "present" } } }');
    const result = generateInto("test/fixtures/proto", [`sidecar_dir=${dir}`]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('required.__proto__: scalars.proto has no message "__proto__"');
    expect(result.files).toEqual(["keep/old.ts"]);
  });

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

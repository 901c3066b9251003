// Bad input fails generation loudly: an error naming file and element, and no file at all
// (protoplugin answers buf only after generating everything). The plugin runs in-process;
// test/integration/generator/errors-buf.test.ts checks what buf itself does with such a failure.
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../support/buf.js";
import { compileModules, runPlugin, sidecarDir, type CompiledProtos, type PluginResult } from "../../support/plugin-harness.js";

/** One proto file declaring `service S { rpc A; rpc B }` in package t. */
function svcProto(extraRpc = ""): string {
  return `syntax = "proto3";
package t;
message Req { string room = 1; repeated string names = 2; int32 n = 3; }
message Res {}
service S {
  rpc A(Req) returns (Res);
  rpc B(Req) returns (Res);${extraRpc}
}
`;
}

let protos: CompiledProtos<"bad" | "fixtures" | "grants">;
// Declares t.S again, so it cannot share the build of `protos`.
let clashing: CompiledProtos<"clashing">;

beforeAll(() => {
  protos = compileModules({ bad: "test/fixtures/bad", fixtures: "test/fixtures/proto", grants: { "svc.proto": svcProto() } });
  clashing = compileModules({ clashing: { "svc.proto": svcProto("\n  rpc a(Req) returns (Res);") } });
});

/** The message of a run that must fail; fails the test if the run produced files instead. */
function errorOf(result: PluginResult): string {
  expect(result).not.toHaveProperty("files");
  expect(result).toHaveProperty("error");
  return (result as { error: string }).error;
}

/** The files of a run that must succeed; fails the test with the message if it did not. */
function filesOf(result: PluginResult): Map<string, string> {
  if ("error" in result) expect.fail(result.error);
  return result.files;
}

/** The generated file `name` of a run that must succeed. */
function fileOf(result: PluginResult, name: string): string {
  const content = filesOf(result).get(name);
  if (content === undefined) expect.fail(`no file ${name}`);
  return content;
}

describe("generator errors", () => {
  it("rejects a proto2 group, naming the file and the field, and writes nothing", () => {
    const error = errorOf(runPlugin(protos, protos.modules.bad));
    expect(error).toContain("group.proto");
    expect(error).toMatch(/group\.proto: field fixtures\.bad\.[\w.]+\.result: proto2 groups are not supported/);
  });

  it("rejects a streaming RPC, naming the file and the RPC", () => {
    const error = errorOf(runPlugin(protos, ["streaming.proto"]));
    expect(error).toMatch(/streaming\.proto: rpc fixtures\.bad\.[\w.]+\.Upload: client-streaming RPCs are not supported/);
  });

  it("rejects an unknown plugin option, naming it", () => {
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, ["colour=blue"]));
    expect(error).toContain('unknown option "colour"');
  });

  it("rejects a malformed value of a known option", () => {
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, ["emit=enums+jsno"]));
    expect(error).toContain('option emit: unknown concern "jsno"');
  });

  it("rejects node_transport, which the runtime package made unneeded, saying where the transport is", () => {
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, ["node_transport=true"]));
    expect(error).toContain(
      'option node_transport: no longer needed, remove it: the Node transport is part of the runtime package (import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node")',
    );
  });

  it("generates the same input fine when nothing is wrong", () => {
    const files = filesOf(runPlugin(protos, protos.modules.fixtures, ["emit=enums"]));
    expect([...files.keys()]).toContain("nested_enums.ts");
  });
});

/** Option sidecar_dir for a new folder holding `svc.api.json` with the given grants table. */
function grantsOption(grants: unknown): string {
  return `sidecar_dir=${sidecarDir({ "svc.api.json": JSON.stringify({ grants }) })}`;
}

describe("generator errors: grants tables and clients", () => {
  const grant = { video: { roomAdmin: true, room: { request: "room" } } };

  it("rejects a file whose grants table lacks an RPC, naming the RPC", () => {
    const error = errorOf(runPlugin(protos, protos.modules.grants, [grantsOption({ "t.S": { A: grant } })]));
    expect(error).toMatch(/svc\.proto: rpc t\.S\.B: no entry in the grants table of .*svc\.api\.json/);
  });

  it.each([
    ["an RPC the service lacks", { "t.S": { A: grant, B: grant, C: grant } }, /grants\["t\.S"\]\["C"\]: no RPC C in service t\.S/],
    ["a service the file lacks", { "t.Other": {} }, /grants\["t\.Other"\]: no service t\.Other in svc\.proto/],
    [
      "a request field that does not exist",
      { "t.S": { A: grant, B: { video: { room: { request: "rooom" } } } } },
      /\["B"\]\["video"\]\["room"\]: the request t\.Req of B has no field "rooom"/,
    ],
    [
      "a request field that is not a string",
      { "t.S": { A: grant, B: { video: { room: { request: "names" } } } } },
      /field t\.Req\.names must be a plain string field/,
    ],
    [
      "a grant key that is not an identifier",
      { "t.S": { A: grant, B: { video: { "a-b": true } } } },
      /\["a-b"\]: a grant key must be a plain identifier/,
    ],
    [
      "a value that is neither scalar nor a request field",
      { "t.S": { A: grant, B: { video: { x: [1] } } } },
      /\["x"\]: expected a string, number, boolean or \{ "request": "<field>" \}/,
    ],
  ])("rejects a grants table naming %s", (_what, grants, message) => {
    const error = errorOf(runPlugin(protos, protos.modules.grants, [grantsOption(grants)]));
    expect(error).toMatch(message);
  });

  it("rejects two RPCs that would get the same client method", () => {
    const error = errorOf(runPlugin(clashing, clashing.modules.clashing, ["emit=twirp"]));
    expect(error).toMatch(/svc\.proto: rpc t\.S\.a: its client method a is also the client method of rpc A/);
  });

  it("generates a client that signs the table's grants when the table is complete", () => {
    const option = grantsOption({ "t.S": { A: grant, B: { video: { roomList: true, n: 3, label: "x\u2028y" } } } });
    const source = fileOf(runPlugin(protos, protos.modules.grants, [option, "emit=twirp"]), "svc_twirp.ts");
    expect(source).toContain(
      'grant: (request: MessageInitShape<typeof ReqSchema>): GrantClaims => ({ video: { roomAdmin: true, room: request.room ?? "" } }),',
    );
    expect(source).toContain('grant: (): GrantClaims => ({ video: { roomList: true, n: 3, label: "x\\u2028y" } }),');
    expect(source).toContain("options: ClientOptions<TokenAuth | KeyAuth> = {}");
    // Without the json concern, JSON goes through @bufbuild/protobuf's reflection.
    expect(source).toContain("writer: /*@__PURE__*/ protobufJson(ReqSchema),");
    expect(source).not.toContain("_json.js");
  });
});

describe("generator errors from a sidecar file", () => {
  it("rejects a sidecar_dir that does not exist, naming it, even when no concern reads sidecars", () => {
    const missing = join(tempDir("sidecar"), "no-such-folder");
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, [`sidecar_dir=${missing}`, "emit=enums"]));
    expect(error).toContain(`${missing}: option sidecar_dir: no such folder`);
  });

  it("reads __proto__ in a sidecar as a name: a grant key becomes an own property, never a prototype", () => {
    // Written as text: an object literal with a __proto__ key would set its prototype.
    const dir = sidecarDir({
      "svc.api.json": '{ "grants": { "t.S": { "A": { "__proto__": { "roomList": true } }, "B": { "video": { "__proto__": "x" } } } } }',
    });
    const source = fileOf(runPlugin(protos, protos.modules.grants, [`sidecar_dir=${dir}`, "emit=twirp"]), "svc_twirp.ts");
    expect(source).toContain('grant: (): GrantClaims => ({ ["__proto__"]: { roomList: true } }),');
    expect(source).toContain('grant: (): GrantClaims => ({ video: { ["__proto__"]: "x" } }),');
    const grant = new Function('return ({ video: { ["__proto__"]: "x" } });')() as { video: object };
    expect(Object.getPrototypeOf(grant.video)).toBe(Object.prototype);
    expect(Object.keys(grant.video)).toEqual(["__proto__"]);
  });

  it("reads __proto__ as the name of a message that does not exist", () => {
    const dir = sidecarDir({ "scalars.api.json": '{ "required": { "__proto__": { "plain": "present" } } }' });
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, [`sidecar_dir=${dir}`]));
    expect(error).toContain('required.__proto__: scalars.proto has no message "__proto__"');
  });

  it("rejects a required rule naming a field the proto does not have: sidecar, message and field named, nothing written", () => {
    const dir = sidecarDir({ "scalars.api.json": JSON.stringify({ required: { MixedScalars: { plain: "present", plian: "present" } } }) });
    const error = errorOf(runPlugin(protos, protos.modules.fixtures, [`sidecar_dir=${dir}`]));
    expect(error).toContain(
      `${join(dir, "scalars.api.json")}: required.MixedScalars.plian: message fixtures.scalars.MixedScalars in scalars.proto has no field "plian"`,
    );
  });
});

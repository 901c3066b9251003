// The sidecar's `ringing` section: RPCs that wait while a phone rings get a least timeout in
// their client (the runtime's ringingTimeoutMs, tested in test/unit/livekit/ringing.test.ts);
// a rule naming what the proto does not have stops generation, naming sidecar and element.
import { beforeAll, describe, expect, it } from "vitest";
import { compileModules, runPlugin, sidecarDir, type CompiledProtos, type PluginResult } from "../../support/plugin-harness.js";

const dialProto = `syntax = "proto3";
package t;
import "google/protobuf/duration.proto";
message Dial { google.protobuf.Duration ring = 1; bool wait = 2; string room = 3; }
message Call {}
service Phone {
  rpc Place(Dial) returns (Call);
  rpc Hang(Dial) returns (Call);
}
`;

let protos: CompiledProtos<"phone">;
beforeAll(() => {
  protos = compileModules({ phone: { "phone.proto": dialProto } });
});

/** A run with `phone.api.json` holding the given ringing section (and grants, so that clients sign). */
function run(ringing: unknown): PluginResult {
  const grants = { "t.Phone": { Place: {}, Hang: {} } };
  const dir = sidecarDir({ "phone.api.json": JSON.stringify({ grants, ringing }) });
  return runPlugin(protos, protos.modules.phone, [`sidecar_dir=${dir}`, "emit=enums+json+twirp"]);
}

describe("sidecar ringing section", () => {
  it("gives the RPCs that ring a least timeout, from their Duration field and only while the `when` field is true", () => {
    const result = run({ "t.Phone": { Place: { field: "ring", when: "wait" } } });
    if ("error" in result) expect.fail(result.error);
    const client = result.files.get("phone_twirp.ts")!;
    expect(client).toContain('minTimeoutMs: (request: unknown): number => ringingTimeoutMs(request, "ring", "wait"),');
    expect(client.match(/minTimeoutMs/g)).toHaveLength(1);
    expect(client).toMatch(/import \{[^}]*\bringingTimeoutMs\b[^}]*\} from "protoc-gen-livekit-runtime\/livekit"/);
    expect(client).toContain("With `wait: true`, the call waits while the phone rings: its timeout is at least `ring`");
  });

  it.each([
    [
      "a field of another type",
      { "t.Phone": { Place: { field: "room" } } },
      /ringing\["t\.Phone"\]\["Place"\]\.field: field t\.Dial\.room must be a google\.protobuf\.Duration field/,
    ],
    [
      "a `when` that is no bool",
      { "t.Phone": { Place: { field: "ring", when: "room" } } },
      /\["Place"\]\.when: field t\.Dial\.room must be a bool field/,
    ],
    ["a field the request lacks", { "t.Phone": { Place: { field: "rang" } } }, /\.field: the request t\.Dial of Place has no field "rang"/],
    [
      "an RPC the service lacks",
      { "t.Phone": { Ring: { field: "ring" } } },
      /ringing\["t\.Phone"\]\["Ring"\]: no RPC Ring in service t\.Phone/,
    ],
    ["a service the file lacks", { "t.Fax": {} }, /ringing\["t\.Fax"\]: no service t\.Fax in phone\.proto/],
    ["an unknown key", { "t.Phone": { Place: { field: "ring", margin: 5 } } }, /\["Place"\]: unknown key "margin" \(known: field, when\)/],
  ])("stops generation on %s, naming the sidecar and the element", (_name, ringing, message) => {
    const result = run(ringing);
    expect(result).not.toHaveProperty("files");
    const error = (result as { error: string }).error;
    expect(error).toMatch(/phone\.api\.json: /);
    expect(error).toMatch(message);
  });
});

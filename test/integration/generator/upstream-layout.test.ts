// Generating from LiveKit's own protocol repository: its protobufs/ folder holds psrpc services
// (rpc/, which import a file the folder lacks), streaming RPCs (infra/) and LiveKit Cloud
// services beside the public API. The buf.gen.yaml the docs show (test/fixtures/upstream) picks
// the public services with `paths`, and the plugin signs their grants with no sidecar of the
// user's. A LiveKit service it knows no grants for stops generation, naming the fix.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buf, readTree, repoRoot } from "../../support/buf.js";
import { typecheckDir } from "../../support/typescript.js";

const fixture = join(repoRoot, "test/fixtures/upstream");
const plugin = `["node", "${join(repoRoot, "bin/protoc-gen-livekit.js")}"]`;

/** A project folder inside the repository (for node_modules) with LiveKit's protobufs/ layout and the documented buf.gen.yaml. */
function upstreamProject(extraPaths: string[] = []): string {
  mkdirSync(join(repoRoot, ".cache"), { recursive: true });
  const project = mkdtempSync(join(repoRoot, ".cache/upstream-"));
  const protobufs = join(project, "protobufs");
  mkdirSync(protobufs);
  for (const name of readdirSync(join(repoRoot, "proto")).filter((n) => n.endsWith(".proto"))) {
    cpSync(join(repoRoot, "proto", name), join(protobufs, name));
  }
  cpSync(join(fixture, "extra"), protobufs, { recursive: true });
  const template = readFileSync(join(fixture, "buf.gen.yaml"), "utf8")
    .replace("local: protoc-gen-livekit\n", `local: ${plugin}\n`)
    .replace("    paths:\n", `    paths:\n${extraPaths.map((p) => `      - ${p}\n`).join("")}`);
  writeFileSync(join(project, "buf.gen.yaml"), template);
  return project;
}

describe("generating from LiveKit's protobufs/ layout with the documented buf.gen.yaml", () => {
  let project: string;
  let result: ReturnType<typeof buf>;
  let files: Map<string, Buffer>;
  beforeAll(() => {
    project = upstreamProject();
    result = buf(["generate"], project);
    files = readTree(join(project, "src/gen"));
  });
  const text = (name: string) => files.get(name)?.toString("utf8") ?? "";

  it("succeeds with nothing on stderr, and writes a client for every public service", () => {
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const [file, client] of [
      ["livekit_room_twirp.ts", "RoomServiceClient"],
      ["livekit_egress_twirp.ts", "EgressClient"],
      ["livekit_ingress_twirp.ts", "IngressClient"],
      ["livekit_sip_twirp.ts", "SIPClient"],
      ["livekit_agent_dispatch_twirp.ts", "AgentDispatchServiceClient"],
      ["livekit_connector_twirp.ts", "ConnectorClient"],
    ]) {
      expect(text(file!), file).toContain(`export class ${client} {`);
    }
    expect([...files.keys()].filter((name) => /(^|\/)(rpc|infra)\/|cloud_replay/.test(name))).toEqual([]);
  });

  it("signs LiveKit's grants with no sidecar of the user's", () => {
    expect(text("livekit_egress_twirp.ts")).toContain("(): GrantClaims => ({ video: { roomRecord: true } })");
    expect(text("livekit_sip_twirp.ts")).toMatch(
      /GrantClaims => \(\{ video: \{ roomAdmin: true, room: request\.roomName \?\? "" \}, sip: \{ call: true \} \}\)/,
    );
    expect(text("livekit_room_twirp.ts")).toContain("auth: { apiKey, apiSecret }");
  });

  it("type-checks under the strictest settings", () => {
    expect(typecheckDir(join(project, "src/gen"))).toEqual([]);
  });

  it("stops on a LiveKit service it knows no grants for, naming the fix, and writes nothing", () => {
    const withCloud = upstreamProject(["protobufs/cloud_replay.proto"]);
    const failed = buf(["generate"], withCloud);
    expect(failed.status).not.toBe(0);
    expect(failed.stderr).toContain(
      "cloud_replay.proto: service livekit.Replay: protoc-gen-livekit v0.1.0 knows no token grants for this LiveKit service: " +
        'give them in a sidecar (option sidecar_dir=<folder> with <folder>/cloud_replay.api.json holding a "grants" section), or upgrade the plugin',
    );
    expect(readTree(withCloud).has("src/gen/livekit_room_twirp.ts")).toBe(false);
  });
});

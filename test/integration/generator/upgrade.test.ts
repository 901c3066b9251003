// Plays a protocol upgrade on the fixtures in test/fixtures/upgrade/: v2 adds an RPC
// (MoveParticipant and its two messages), two fields, two enum values, and deprecates
// Room.max_participants. The generated code must change only where the protocol changed, and the
// API change report must list exactly those changes.
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { diffApi } from "../../../scripts/api/diff.js";
import { summaryOfDescriptorSet } from "../../../scripts/api/image.js";
import { apiReport } from "../../../scripts/api/report.js";
import type { ApiSummary } from "../../../scripts/api/summary.js";
import { allConcerns } from "../../../generator/options.js";
import { buf, diffTrees, readTree, repoRoot, template, tempDir } from "../../support/buf.js";
import { lineDiff } from "../../support/diff.js";

const fixtures = join(repoRoot, "test/fixtures/upgrade");
const versions = ["v1", "v2"] as const;
type Version = (typeof versions)[number];

/**
 * Runs protoc-gen-es and our plugin on one version's protos, with the sidecar (grants) of
 * `sidecars`; returns buf's result and what was written (relative path -> text).
 */
function generateWith(protos: string, sidecars: string) {
  const out = tempDir("upgrade-out");
  const result = buf(["generate", "--template", template(protos, out, [`sidecar_dir=${sidecars}`])]);
  const files = new Map([...readTree(out)].map(([path, bytes]) => [path, bytes.toString("utf8")]));
  return { ...result, files };
}

/**
 * The output of one version, generated with its own sidecar, both copied to the same folder as
 * a user's upgrade replaces them (the options, sidecar_dir included, are in every header).
 */
let project: string | undefined;
function generate(version: Version): Map<string, string> {
  project ??= join(tempDir("upgrade-project"), "proto");
  rmSync(project, { recursive: true, force: true });
  cpSync(join(fixtures, version), project, { recursive: true });
  const result = generateWith(project, project);
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return result.files;
}

describe("upgrade v1 -> v2: generated code", () => {
  const output = {} as Record<Version, Map<string, string>>;
  beforeAll(() => {
    for (const version of versions) output[version] = generate(version);
  });
  const text = (version: Version, path: string) => output[version].get(path) ?? "";

  it("changes exactly the files generated from the changed proto file; the rest stay byte-identical", () => {
    const asBuffers = (files: Map<string, string>) => new Map([...files].map(([p, t]) => [p, Buffer.from(t)]));
    const expected = ["upgrade_pb.ts", ...allConcerns.map((concern) => `upgrade_${concern}.ts`)];
    expect(diffTrees(asBuffers(output.v1), asBuffers(output.v2)).sort()).toEqual(expected.map((path) => `changed: ${path}`).sort());
    expect([...output.v1.keys()].filter((path) => path.startsWith("upgrade_common_"))).not.toEqual([]);
  });

  it("adds exactly the two new values to the enum tables, and nothing else", () => {
    expect(lineDiff(text("v1", "upgrade_enums.ts"), text("v2", "upgrade_enums.ts"))).toEqual([
      "@@ -19 +19",
      '+  ["AV1", 3, "AV1 video."],',
      "@@ -27 +28",
      '+  ["DISCONNECTED", 2, "Gone."],',
    ]);
  });

  it("changes every concern's file only in places that name something v2 changed", () => {
    const changedThings = /AV1|DISCONNECTED|metadata|departure_?[tT]imeout|MoveParticipant|moveParticipant|[dD]eprecated/;
    for (const concern of allConcerns) {
      const path = `upgrade_${concern}.ts`;
      const hunks = lineDiff(text("v1", path), text("v2", path))
        .join("\n")
        .split(/^@@.*$/m)
        .filter((hunk) => hunk.trim() !== "");
      expect(hunks.length, path).toBeGreaterThan(0);
      // protoplugin regroups the import block when a new name is imported: such a hunk holds
      // only import lines, and a hunk with anything else must name what v2 changed.
      const onlyImports = (hunk: string) => hunk.split("\n").every((line) => !/^[-+]/.test(line) || /^[-+]import /.test(line));
      for (const hunk of hunks) if (!onlyImports(hunk)) expect(hunk, path).toMatch(changedThings);
    }
  });

  it("changes our generated files only as in the reviewed diff (test/fixtures/upgrade/generated.diff)", async () => {
    // protoc-gen-es's _pb.ts is left out: its embedded descriptor changes as a whole.
    const ours = [...output.v2.keys()].filter((path) => !path.endsWith("_pb.ts")).sort();
    const diff = ours.flatMap((path) => {
      const lines = lineDiff(text("v1", path), text("v2", path));
      return lines.length === 0 ? [] : [`=== ${path}`, ...lines];
    });
    // On a new concern or a deliberate change of output: review, then `npx vitest run test/upgrade -u`.
    await expect(`${diff.join("\n")}\n`).toMatchFileSnapshot(join(fixtures, "generated.diff"));
  });
});

describe("upgrade v1 -> v2: sidecar files", () => {
  it("an RPC new in v2 without a grant stops generation, naming the RPC and the sidecar; nothing is written", () => {
    const result = generateWith(join(fixtures, "v2"), join(fixtures, "v1"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `upgrade.proto: rpc fixtures.upgrade.RoomService.MoveParticipant: no entry in the grants table of ${join(fixtures, "v1", "upgrade.api.json")}`,
    );
    expect([...result.files.keys()]).toEqual([]);
  });

  it("a grant for an RPC that is gone (v2's sidecar on v1's protos) stops generation, naming it", () => {
    const result = generateWith(join(fixtures, "v1"), join(fixtures, "v2"));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `upgrade.api.json: grants["fixtures.upgrade.RoomService"]["MoveParticipant"]: no RPC MoveParticipant in service fixtures.upgrade.RoomService`,
    );
    expect([...result.files.keys()]).toEqual([]);
  });

  it("a required rule for a request field which is gone stops generation, naming the field", () => {
    const sidecars = tempDir("upgrade-sidecar");
    const v2 = readFileSync(join(fixtures, "v2", "upgrade.api.json"), "utf8");
    // As if the field had been called `destination` when the rule was written.
    writeFileSync(join(sidecars, "upgrade.api.json"), v2.replace('"destination_room": "nonEmpty"', '"destination": "nonEmpty"'));
    const result = generateWith(join(fixtures, "v2"), sidecars);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `upgrade.api.json: required.MoveParticipantRequest.destination: message fixtures.upgrade.MoveParticipantRequest in upgrade.proto has no field "destination"`,
    );
    expect([...result.files.keys()]).toEqual([]);
  });

  it("a grant that reads a request field which is gone stops generation, naming the field", () => {
    const sidecars = tempDir("upgrade-sidecar");
    const v2 = readFileSync(join(fixtures, "v2", "upgrade.api.json"), "utf8");
    // As if the request field had been renamed from `destination` in an earlier release.
    writeFileSync(join(sidecars, "upgrade.api.json"), v2.replace('"destination_room" }', '"destination" }'));
    const result = generateWith(join(fixtures, "v2"), sidecars);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(
      `upgrade.api.json: grants["fixtures.upgrade.RoomService"]["MoveParticipant"]["video"]["destinationRoom"]: ` +
        `the request fixtures.upgrade.MoveParticipantRequest of MoveParticipant has no field "destination"`,
    );
    expect([...result.files.keys()]).toEqual([]);
  });
});

describe("upgrade v1 -> v2: API change report", () => {
  const summaries = {} as Record<Version, ApiSummary>;
  beforeAll(() => {
    for (const version of versions) {
      const image = join(tempDir(`upgrade-image-${version}`), "image.binpb");
      const result = buf(["build", join(fixtures, version), "--as-file-descriptor-set", "-o", image]);
      expect(result.status, result.stderr).toBe(0);
      // All four concerns, whether or not this build emits them yet: the names are a contract.
      summaries[version] = summaryOfDescriptorSet(
        readFileSync(image),
        ["upgrade.proto", "upgrade_common.proto"],
        ["enums", "json", "twirp", "zod"],
      );
    }
  });

  it("lists exactly what v2 adds and changes, with the symbols users see", () => {
    expect(apiReport(diffApi(summaries.v1, summaries.v2), "v1 -> v2")).toBe(REPORT_V1_V2);
  });

  it("lists the same changes the other way round as removals", () => {
    expect(apiReport(diffApi(summaries.v2, summaries.v1), "v2 -> v1")).toBe(REPORT_V2_V1);
  });

  it("says so when nothing changed", () => {
    expect(diffApi(summaries.v2, summaries.v2)).toEqual([]);
    expect(apiReport([], "v2 -> v2")).toBe("## Generated API changes (v2 -> v2)\n\nNo changes to the generated API.\n");
  });
});

/** What v2 adds, as the report lists it (written by hand from the fixtures' header comments). */
const V2_ADDITIONS = `- rpc \`fixtures.upgrade.RoomService.MoveParticipant\` (\`RoomServiceClient.moveParticipant\`): request \`fixtures.upgrade.MoveParticipantRequest\`, response \`fixtures.upgrade.MoveParticipantResponse\`
- field \`fixtures.upgrade.CreateRoomRequest.metadata\` (\`CreateRoomRequest.metadata\`, \`CreateRoomRequestJson\`, \`CreateRoomRequestZod\`): type \`optional string\`, number \`3\`, json name \`metadata\`
- field \`fixtures.upgrade.Room.departure_timeout\` (\`Room.departureTimeout\`, \`RoomJson\`, \`RoomZod\`): type \`uint32\`, number \`6\`, json name \`departureTimeout\`
- message \`fixtures.upgrade.MoveParticipantRequest\` (\`MoveParticipantRequest\`, \`MoveParticipantRequestJson\`, \`MoveParticipantRequestZod\`)
- message \`fixtures.upgrade.MoveParticipantResponse\` (\`MoveParticipantResponse\`, \`MoveParticipantResponseJson\`, \`MoveParticipantResponseZod\`)
- enum value \`fixtures.upgrade.Codec.AV1\` (\`CodecTable\`): number \`3\`
- enum value \`fixtures.upgrade.Participant.State.DISCONNECTED\` (\`Participant_StateTable\`): number \`2\``;
const MAX_PARTICIPANTS = "- field `fixtures.upgrade.Room.max_participants` (`Room.maxParticipants`, `RoomJson`, `RoomZod`)";

const REPORT_V1_V2 = `## Generated API changes (v1 -> v2)

7 added, 0 removed, 1 changed.

**Added**

${V2_ADDITIONS}

**Changed**

${MAX_PARTICIPANTS}: now deprecated
`;

const REPORT_V2_V1 = `## Generated API changes (v2 -> v1)

0 added, 7 removed, 1 changed.

**Removed**

${V2_ADDITIONS}

**Changed**

${MAX_PARTICIPANTS}: no longer deprecated
`;

// The API change report on small hand-written changes the upgrade fixtures do not make: changed
// types, numbers, json names, oneofs, request types and enum numbers; removed types; undeprecation.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffApi } from "../../../scripts/api/diff.js";
import { summaryOfDescriptorSet } from "../../../scripts/api/image.js";
import { apiReport } from "../../../scripts/api/report.js";
import { buf, tempDir } from "../../support/buf.js";

/** The API summary of one proto file `t.proto` in package `t`, with every concern's names. */
function summary(body: string) {
  const dir = tempDir("api-report");
  mkdirSync(join(dir, "protos"));
  writeFileSync(join(dir, "protos", "t.proto"), `syntax = "proto3";\npackage t;\n${body}`);
  const image = join(dir, "image.binpb");
  const result = buf(["build", join(dir, "protos"), "--as-file-descriptor-set", "-o", image]);
  expect(result.status, result.stderr).toBe(0);
  return summaryOfDescriptorSet(readFileSync(image), ["t.proto"], ["enums", "json", "twirp", "zod"]);
}

describe("API change report", () => {
  it("names each changed fact with its old and new value", () => {
    const before = summary(`
      service S { rpc Get(A) returns (A); rpc Old(A) returns (A); }
      message A {
        int32 count = 1;
        string label = 2;
        string note = 3 [json_name = "memo"];
        oneof pick { string x = 4; string y = 5; }
        string z = 6 [deprecated = true];
      }
      message Gone { string g = 1; }
      enum E { E_ZERO = 0; E_ONE = 1; }
    `);
    const after = summary(`
      service S { rpc Get(B) returns (A); }
      message A {
        int64 count = 1;
        string label = 7;
        string note = 3;
        oneof pick { string x = 4; }
        string y = 5;
        string z = 6;
      }
      message B {}
      enum E { E_ZERO = 0; E_ONE = 2; }
    `);
    expect(apiReport(diffApi(before, after), "before -> after").split("\n")).toEqual([
      "## Generated API changes (before -> after)",
      "",
      "1 added, 2 removed, 7 changed.",
      "",
      "**Added**",
      "",
      "- message `t.B` (`B`, `BJson`, `BZod`)",
      "",
      "**Removed**",
      "",
      "- rpc `t.S.Old` (`SClient.old`): request `t.A`, response `t.A`",
      "- message `t.Gone` (`Gone`, `GoneJson`, `GoneZod`)",
      "",
      "**Changed**",
      "",
      "- rpc `t.S.Get` (`SClient.get`): request `t.A` -> `t.B`",
      "- field `t.A.count` (`A.count`, `AJson`, `AZod`): type `int32` -> `int64`",
      "- field `t.A.label` (`A.label`, `AJson`, `AZod`): number `2` -> `7`",
      "- field `t.A.note` (`A.note`, `AJson`, `AZod`): json name `memo` -> `note`",
      "- field `t.A.y` (`A.y`, `AJson`, `AZod`): oneof `pick` -> (none)",
      "- field `t.A.z` (`A.z`, `AJson`, `AZod`): no longer deprecated",
      "- enum value `t.E.E_ONE` (`ETable`): number `1` -> `2`",
      "",
    ]);
  });
});

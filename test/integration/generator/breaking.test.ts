// `npm run generate` checks proto/ against the last commit with real git and buf: a wire-breaking
// change stops it before anything is written, unless ALLOW_BREAKING=1 (or --allow-breaking).
// Runs scripts/generate.ts in a temporary git repository holding a copy of this one.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { protoAt } from "../../../scripts/protocol.js";
import { repoRoot, tempDir } from "../../support/buf.js";

const roomProto = "proto/livekit_room.proto";

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

/** A new git repository with one commit: the tracked files of this one (as they are now). */
function repositoryCopy(): string {
  const dir = tempDir("breaking-repo");
  for (const file of git(repoRoot, "ls-files", "-z").split("\0").filter(Boolean)) {
    if (!existsSync(join(repoRoot, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(dir, file));
  }
  symlinkSync(join(repoRoot, "node_modules"), join(dir, "node_modules"), "dir");
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "baseline");
  return dir;
}

/** Runs `npm run generate`'s script in `dir`, with the given extra arguments and environment. */
function generate(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  const { ALLOW_BREAKING: _, PROTO_AGAINST: __, ...inherited } = process.env;
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/generate.ts", ...args], {
    cwd: dir,
    encoding: "utf8",
    env: { ...inherited, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Rewrites livekit_room.proto in `dir` with a replacement that must apply. */
function editRoomProto(dir: string, from: string | RegExp, to: string): void {
  const path = join(dir, roomProto);
  const before = readFileSync(path, "utf8");
  const after = before.replace(from, to);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
}

const breakingEdits = [
  {
    name: "a removed field",
    from: /\n\s*uint32 departure_timeout = 10;/,
    to: "",
    expected:
      /proto\/livekit_room\.proto:\d+:\d+ {2}Previously present field "10" with name "departure_timeout" on message "CreateRoomRequest" was deleted.*\[FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED\]/,
  },
  {
    name: "a renumbered field",
    from: "uint32 empty_timeout = 2;",
    to: "uint32 empty_timeout = 42;",
    expected: /Previously present field "2" with name "empty_timeout" on message "CreateRoomRequest" was deleted/,
  },
  {
    name: "a removed RPC",
    from: /\n\s*rpc DeleteRoom\(DeleteRoomRequest\) returns \(DeleteRoomResponse\);/,
    to: "",
    expected: /Previously present RPC "DeleteRoom" on service "RoomService" was deleted\. \[RPC_NO_DELETE\]/,
  },
];

describe("npm run generate: breaking check against the last commit", () => {
  let repo: string;
  beforeAll(() => {
    repo = repositoryCopy();
  });

  it.each(breakingEdits)("stops on $name, lists it, and writes nothing", ({ from, to, expected }) => {
    editRoomProto(repo, from, to);
    try {
      const result = generate(repo);
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/wire-breaking change\(s\) in proto\/ since HEAD \([0-9a-f]+\):/);
      expect(result.stderr).toMatch(expected);
      expect(result.stderr).toContain("Nothing was generated.");
      expect(result.stderr).toContain("ALLOW_BREAKING=1 npm run generate");
      expect(existsSync(join(repo, "build"))).toBe(false);
      expect(git(repo, "status", "--porcelain")).toBe(` M ${roomProto}\n`);
    } finally {
      git(repo, "checkout", "--", roomProto);
    }
  });

  it("stops on proto/ that does not compile, even with ALLOW_BREAKING=1", () => {
    editRoomProto(repo, /$/, "\nmessage Room {}\n");
    try {
      const result = generate(repo, [], { ALLOW_BREAKING: "1" });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /proto\/ does not compile; nothing was generated:\n {2}proto\/livekit_\w+\.proto:\d+:\d+ {2}`Room` declared multiple times/,
      );
      expect(existsSync(join(repo, "build"))).toBe(false);
    } finally {
      git(repo, "checkout", "--", roomProto);
    }
  });

  it("rejects an unknown command-line option and an --against that is not a commit", () => {
    const unknown = generate(repo, ["--allow-braking"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("--allow-braking");
    expect(unknown.stderr).toContain("usage: npm run generate");
    const against = generate(repo, ["--against", "no-such-ref"]);
    expect(against.status).toBe(1);
    expect(against.stderr).toContain("cannot compare with no-such-ref: no-such-ref is not a commit");
  });

  it("goes on with ALLOW_BREAKING=1: generates, and reports the change", () => {
    editRoomProto(repo, "uint32 empty_timeout = 2;", "uint32 empty_timeout = 42;");
    const result = generate(repo, [], { ALLOW_BREAKING: "1" });
    expect(result.stderr).toMatch(/Previously present field "2" with name "empty_timeout"/);
    expect(result.stderr).toContain("Going on because breaking changes are allowed");
    expect(result.status).toBe(0);
    // Only the output of livekit_room.proto changes: its _pb.ts and whichever concerns carry the field.
    const changed = git(repo, "status", "--porcelain").split("\n").filter(Boolean);
    expect(changed).toContain(" M generated/src/livekit_room_pb.ts");
    expect(changed.filter((line) => !/^ M generated\/src\/livekit_room_\w+\.ts$/.test(line))).toEqual([` M ${roomProto}`]);
    const report = readFileSync(join(repo, "generated/API-CHANGES.md"), "utf8");
    expect(report).toMatch(
      /^- field `livekit\.CreateRoomRequest\.empty_timeout` \(`CreateRoomRequest\.emptyTimeout`[^)]*\): number `2` -> `42`$/m,
    );
    expect(report).toMatch(/^0 added, 0 removed, 1 changed\.$/m);
    expect(result.stdout).toContain(report.trimEnd());
  });
});

describe("the proto/ baseline", () => {
  it("is missing, with a reason, when the commit has no proto/ yet or there is no commit", () => {
    const dir = tempDir("no-proto-repo");
    git(dir, "init", "-q");
    expect(protoAt(dir, "HEAD", "proto", tempDir("baseline"))).toEqual({
      found: false,
      reason: "HEAD is not a commit of a git repository here",
    });
    writeFileSync(join(dir, "README.md"), "first\n");
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "first");
    expect(protoAt(dir, "HEAD", "proto", tempDir("baseline"))).toEqual({ found: false, reason: "HEAD has no proto/ yet" });
  });

  it("is the committed proto/, not the working tree's", () => {
    const dir = tempDir("proto-repo");
    git(dir, "init", "-q");
    mkdirSync(join(dir, "proto"));
    writeFileSync(join(dir, "proto", "a.proto"), 'syntax = "proto3";\n');
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "first");
    writeFileSync(join(dir, "proto", "a.proto"), "changed\n");
    const baseline = protoAt(dir, "HEAD", "proto", tempDir("baseline"));
    expect(baseline.found).toBe(true);
    if (!baseline.found) return;
    expect(readFileSync(join(baseline.dir, "a.proto"), "utf8")).toBe('syntax = "proto3";\n');
  });
});

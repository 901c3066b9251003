// `npm run generate`: regenerate the package from proto/, safely.
//   1. buf breaking: proto/ against the last commit (or --against REF). A wire-breaking change
//      stops here, before anything is written, unless --allow-breaking or ALLOW_BREAKING=1.
//   2. Build the plugin and the runtime package, buf generate (LiveKit's protos, the test
//      fixtures, then the dev server's Simulator into packages/dev-server/src/gen), build generated/.
//   3. The API change report: printed, and written to generated/API-CHANGES.md (not committed:
//      it describes the working tree against a commit, so it is only true before committing).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { apiReport } from "./api/report.js";
import { apiChanges, breakingChanges, buildDescriptorSet, ProtoCompileError, protoAt, run, type BuiltProtos } from "./protocol.js";

const usage = `usage: npm run generate [-- --allow-breaking] [-- --against <git ref>]
  --allow-breaking  go on despite wire-breaking changes in proto/ (or ALLOW_BREAKING=1)
  --against <ref>   compare proto/ with this git revision instead of HEAD (or PROTO_AGAINST=<ref>)`;

const root = fileURLToPath(new URL("..", import.meta.url));
const protoDir = "proto";
const reportFile = "generated/API-CHANGES.md";
/** Longer reports are cut short on the terminal; the file always has all of it. */
const printedLines = 40;

function main(args: CommandLine, work: string): number {
  const baseline = protoAt(root, args.against, protoDir, join(work, "baseline"));
  let before: BuiltProtos | undefined;
  if (baseline.found) {
    before = buildDescriptorSet(root, baseline.dir, join(work, "before.binpb"));
    if (!checkBreaking(before, `${args.against} (${baseline.commit})`, args.allowBreaking)) return 1;
  } else if (args.againstGiven) {
    return fail(`cannot compare with ${args.against}: ${baseline.reason}`);
  } else {
    console.log(`Note: ${baseline.reason}; no breaking check, the report lists the whole API as new.`);
  }

  const steps: [string, string[]][] = [
    ["npm", ["run", "build"]],
    ["npm", ["run", "build", "-w", "protoc-gen-livekit-runtime"]],
    ["buf", ["generate"]],
    ["buf", ["generate", "--template", "test/fixtures/buf.gen.yaml"]],
    ["buf", ["generate", "--template", "packages/dev-server/buf.gen.yaml"]],
    ["npm", ["run", "build", "-w", "generated"]],
  ];
  for (const [command, commandArgs] of steps) {
    console.log(`> ${command} ${commandArgs.join(" ")}`);
    const status = run(command, commandArgs, root, { stdio: "inherit" }).status;
    if (status !== 0) return fail(`${command} ${commandArgs.join(" ")} failed (exit status ${status})`);
  }

  const comparing = baseline.found
    ? `${protoDir}/ at ${args.against} (${baseline.commit}) -> working tree`
    : `no earlier ${protoDir}/ -> working tree`;
  writeReport(before, buildDescriptorSet(root, protoDir, join(work, "after.binpb")), comparing);
  return 0;
}

interface CommandLine {
  readonly allowBreaking: boolean;
  readonly against: string;
  readonly againstGiven: boolean;
}

function parseCommandLine(): CommandLine {
  let values: { "allow-breaking"?: boolean; against?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        "allow-breaking": { type: "boolean" },
        against: { type: "string" },
        help: { type: "boolean" },
      },
    }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const against = values.against ?? process.env["PROTO_AGAINST"];
  return {
    allowBreaking: values["allow-breaking"] === true || isSet(process.env["ALLOW_BREAKING"]),
    against: against ?? "HEAD",
    againstGiven: against !== undefined,
  };
}

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value !== "false";
}

/** Prints the wire-breaking changes since `before`; false when they must stop generation. */
function checkBreaking(before: BuiltProtos, since: string, allowBreaking: boolean): boolean {
  let changes: ReturnType<typeof breakingChanges>;
  try {
    changes = breakingChanges(root, protoDir, before.image);
  } catch (e) {
    if (!(e instanceof ProtoCompileError)) throw e;
    fail(`${protoDir}/ does not compile; nothing was generated:\n${e.message}`);
    return false;
  }
  if (changes.length === 0) {
    console.log(`buf breaking: no wire-breaking change in ${protoDir}/ since ${since}.`);
    return true;
  }
  const print = allowBreaking ? console.warn : console.error;
  print(`buf breaking: ${changes.length} wire-breaking change(s) in ${protoDir}/ since ${since}:`);
  for (const c of changes) print(`  ${c.where}  ${c.message} [${c.rule}]`);
  if (allowBreaking) {
    print("Going on because breaking changes are allowed (--allow-breaking / ALLOW_BREAKING).");
    return true;
  }
  print(
    "Clients built from the old protocol (JSON or binary) would break. Nothing was generated.\n" +
      "If the change is LiveKit's and you accept it: ALLOW_BREAKING=1 npm run generate",
  );
  return false;
}

function writeReport(before: BuiltProtos | undefined, after: BuiltProtos, comparing: string): void {
  const report = apiReport(apiChanges(root, before, after), comparing);
  writeFileSync(join(root, reportFile), report);
  const lines = report.trimEnd().split("\n");
  console.log(`\n${lines.slice(0, printedLines).join("\n")}`);
  if (lines.length > printedLines) console.log(`... ${lines.length - printedLines} more lines`);
  console.log(`(written to ${reportFile})`);
}

function fail(message: string): number {
  console.error(`npm run generate: ${message}`);
  return 1;
}

const args = parseCommandLine();
/** Scratch space for the baseline and the descriptor sets, removed at the end. */
const work = mkdtempSync(join(tmpdir(), "livekit-generate-"));
try {
  process.exitCode = main(args, work);
} catch (e) {
  // git or buf failed in a way the steps above do not expect (e.g. the baseline does not build).
  process.exitCode = fail((e as Error).message);
} finally {
  rmSync(work, { recursive: true, force: true });
}

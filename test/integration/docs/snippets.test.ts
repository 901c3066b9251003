// Every ```ts block of README.md and docs/*.md, type-checked as its own module under the
// strictest settings (test/support/typescript.ts, as a Node.js project: with @types/node),
// against the packages as a reader's code imports them: `livekit-room-api` (generated/dist, built
// by `npm run generate`) and `protoc-gen-livekit-runtime` (its sources, by the condition in
// strictOptions). Each block is written as a .ts file into a folder inside the repository
// (.cache/snippets-*), so that both resolve from node_modules.
//
// A block that is deliberately a fragment carries `<!-- fragment -->` on the line before its
// fence and is skipped (counted in the suite's name). A block marked `<!-- runnable -->` is also
// run, with tsx, against `npm run dev-server -- --port 0` and the three variables it prints.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Project, ts } from "ts-morph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../support/buf.js";
import { formatDiagnostic, strictOptions } from "../../support/typescript.js";

type Marker = "fragment" | "runnable" | undefined;

interface Block {
  /** `docs/clients.md:42`: the file and the line of the opening fence. */
  readonly name: string;
  /** The module's file name in the snippets folder. */
  readonly fileName: string;
  /** The line of the block's first line of code in the markdown file. */
  readonly firstLine: number;
  readonly code: string;
  readonly marker: Marker;
}

const markdownFiles = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`),
];

/** A marker comment on a line of its own: `<!-- fragment -->`, `<!-- runnable -->`. */
const markerLine = /^\s*<!--\s*(fragment|runnable)\s*-->\s*$/;

/** The fenced code blocks of a markdown file in the given languages, with the marker before each; misplaced markers as problems. */
function extractBlocks(file: string): { blocks: Block[]; problems: string[] } {
  const lines = readFileSync(join(repoRoot, file), "utf8").split("\n");
  const blocks: Block[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i]!);
    if (open === null) {
      if (markerLine.test(lines[i]!) && !/^ {0,3}(`{3,}|~{3,})/.test(lines[i + 1] ?? "")) {
        problems.push(`${file}:${i + 1}: a marker must be on the line right before a fence`);
      }
      continue;
    }
    const fence = open[1]!;
    const language = open[2]!.toLowerCase();
    const start = i;
    const code: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^ {0,3}${fence[0]}{${fence.length},}\\s*$`).test(lines[i]!); i++) code.push(lines[i]!);
    const marker = markerLine.exec(lines[start - 1] ?? "")?.[1] as Marker;
    if (language !== "ts" && language !== "typescript") {
      if (marker !== undefined) problems.push(`${file}:${start + 1}: <!-- ${marker} --> before a block that is not ts`);
      continue;
    }
    const fileName = `${file.replace(/[^\w]+/g, "_")}_L${start + 1}.ts`;
    blocks.push({ name: `${file}:${start + 1}`, fileName, firstLine: start + 2, code: code.join("\n") + "\n", marker });
  }
  return { blocks, problems };
}

const extracted = markdownFiles.map(extractBlocks);
const all = extracted.flatMap((e) => e.blocks);
const markerProblems = extracted.flatMap((e) => e.problems);
const checked = all.filter((b) => b.marker !== "fragment");
const fragments = all.filter((b) => b.marker === "fragment");
const runnable = all.filter((b) => b.marker === "runnable");

let folder = "";
let diagnosticsOf = new Map<string, string[]>();

beforeAll(() => {
  const cache = join(repoRoot, ".cache");
  mkdirSync(cache, { recursive: true });
  folder = mkdtempSync(join(cache, "snippets-"));
  // One program for all blocks (one type-check of the packages they share); each file is a module of its own.
  const project = new Project({
    compilerOptions: { ...strictOptions, types: ["node"], moduleDetection: ts.ModuleDetectionKind.Force },
    skipAddingFilesFromTsConfig: true,
  });
  const files = all.map((block) => {
    writeFileSync(join(folder, block.fileName), block.code);
    return [block, project.addSourceFileAtPath(join(folder, block.fileName))] as const;
  });
  diagnosticsOf = new Map(
    files.map(([block, sourceFile]) => [
      block.name,
      // `/.cache/snippets-x/README_md_L40.ts:3: text` -> `README.md:43: text`
      sourceFile.getPreEmitDiagnostics().map((d) => {
        const line = d.getLineNumber();
        const text = formatDiagnostic(d).replace(/^[^:]*:\d+: /, "");
        return d.getSourceFile() === sourceFile && line !== undefined
          ? `${block.name.replace(/:\d+$/, "")}:${block.firstLine + line - 1}: ${text}`
          : formatDiagnostic(d);
      }),
    ]),
  );
});

afterAll(() => {
  if (folder !== "") rmSync(folder, { recursive: true, force: true });
});

const title = `ts blocks of README.md and docs/*.md: ${checked.length} type-checked, ${fragments.length} fragments, ${runnable.length} run`;

describe(title, () => {
  it("markers sit on the line right before a ts fence", () => {
    expect(markerProblems).toEqual([]);
  });

  it("README.md has blocks, and fragments stay few (at most one in ten)", () => {
    expect(all.filter((b) => b.name.startsWith("README.md:")).length).toBeGreaterThan(0);
    expect(fragments.length * 10).toBeLessThanOrEqual(all.length);
  });

  it.each(checked.map((b) => [b.name, b] as const))("%s type-checks as its own module", (_name, block) => {
    expect(diagnosticsOf.get(block.name)).toEqual([]);
  });

  it.skip.each(fragments.map((b) => b.name))("%s is a fragment (not type-checked)", () => {});
});

describe.runIf(runnable.length > 0)("runnable blocks against the dev server", () => {
  let devServer: ChildProcess | undefined;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    // As the README says to start it; in a process group of its own, ended by its id after the tests.
    devServer = spawn("npm", ["run", "--silent", "dev-server", "--", "--port", "0"], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "inherit"],
      detached: true,
    });
    const lines = createInterface({ input: devServer.stdout! });
    const printed = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      devServer!.once("exit", (code) => reject(new Error(`npm run dev-server exited (${code}) after printing ${JSON.stringify(seen)}`)));
      lines.on("line", (line) => {
        seen.push(line);
        if (seen.length === 3) resolve(seen);
      });
    });
    env = Object.fromEntries(printed.map((line) => line.split("=", 2) as [string, string]));
    expect(Object.keys(env)).toEqual(["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"]);
  });

  afterAll(() => {
    if (devServer?.pid !== undefined && devServer.exitCode === null) process.kill(-devServer.pid, "SIGTERM");
  });

  it.each(runnable.map((b) => [b.name, b] as const))("%s runs and exits 0", async (_name, block) => {
    const child = spawn(process.execPath, ["--conditions=protoc-gen-livekit-source", "--import", "tsx", join(folder, block.fileName)], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ status, output }).toMatchObject({ status: 0 });
  });
});

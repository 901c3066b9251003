// `npm run bench`: runs every bench/*.bench.ts in its own Node process, one after another,
// so that one benchmark's garbage and JIT state do not skew the next. Each prints its ratios;
// what it prints is also written to bench/results/<name>.txt under a header that says on what
// machine and under what load it ran, so that the docs can link figures instead of pasting them.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const resultsDir = fileURLToPath(new URL("results/", import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");

function machine() {
  const cpu = cpus();
  return [
    `node ${process.version} on ${process.platform}-${process.arch}`,
    `${cpu.length} x ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
  ];
}

/** Runs one benchmark, echoing its output live; resolves to its exit code and what it printed (stdout and stderr). */
function run(name) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--expose-gc", name], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Both streams, in the order they come: a benchmark that fails says why in its results file too.
    const chunks = [];
    for (const [stream, echo] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      stream.on("data", (chunk) => {
        chunks.push(chunk);
        echo.write(chunk);
      });
    }
    child.on("close", (code) => resolve({ code, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

mkdirSync(resultsDir, { recursive: true });
let failed = false;
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const loadBefore = load();
  const started = new Date();
  const { code, output } = await run(name);
  if (code !== 0) failed = true;
  const header = [
    `# npm run bench -- ${name.replace(/\.bench\.ts$/, "")}`,
    `# run ${started.toISOString()}, ${Math.round((Date.now() - started.getTime()) / 1000)} s, exit code ${code}`,
    ...machine().map((line) => `# ${line}`),
    `# load average (1, 5, 15 min) before ${loadBefore}, after ${load()}`,
    "",
  ];
  writeFileSync(`${resultsDir}${name.replace(/\.bench\.ts$/, ".txt")}`, header.join("\n") + output);
}
process.exit(failed ? 1 : 0);

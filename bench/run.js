// `npm run bench`: runs every bench/*.bench.ts in its own Node process, one after another,
// so that one benchmark's garbage and JIT state do not skew the next. Each prints its ratios.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only.length === 0 || only.some((o) => name.includes(o)))
  .sort();
let failed = false;
for (const name of benches) {
  console.log(`\n=== ${name}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", "--expose-gc", name], {
    cwd: dir,
    stdio: "inherit",
  });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

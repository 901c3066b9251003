// What the HTTP benchmarks share: the loopback server in its own process, and calls per
// second from a number of loops in flight at once, compared by medians of alternating rounds.
import { spawn, type ChildProcess } from "node:child_process";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface Rate {
  /** Calls per second of wall-clock time. */
  readonly wall: number;
  /** Calls per second of this process's CPU time: the client's own cost, whatever else runs on the machine. */
  readonly cpu: number;
}

/** Calls `fn` from `concurrency` loops for `ms` milliseconds. */
export async function rate(fn: () => Promise<unknown>, ms: number, concurrency: number): Promise<Rate> {
  let calls = 0;
  const end = performance.now() + ms;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await fn();
        calls++;
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: (calls * 1000) / (performance.now() - started), cpu: (calls * 1e6) / (cpu.user + cpu.system) };
}

export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Rates of every candidate, measured in `rounds` rounds of `roundMs` that alternate between
 * them (load that comes and goes on a shared machine then hits all alike), after a warm-up.
 */
export async function interleaved<K extends string>(
  candidates: Readonly<Record<K, () => Promise<unknown>>>,
  options: { readonly rounds: number; readonly roundMs: number; readonly concurrency: number },
): Promise<Record<K, Rate[]>> {
  const names = Object.keys(candidates) as K[];
  for (const name of names) await rate(candidates[name], 500, options.concurrency);
  const rates = Object.fromEntries(names.map((name) => [name, [] as Rate[]])) as Record<K, Rate[]>;
  for (let round = 0; round < options.rounds; round++) {
    for (const name of names) {
      globalThis.gc?.();
      rates[name].push(await rate(candidates[name], options.roundMs, options.concurrency));
    }
  }
  return rates;
}

/** The 1-minute load average, for the figures' context. */
export const load = () => loadavg()[0]!.toFixed(2);

/** Starts `support/loopback-server.ts` in its own process; resolves to its URL and a way to stop it. */
export async function loopbackServer(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL("loopback-server.ts", import.meta.url))], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once("line", resolve));
  return { url, process: child };
}

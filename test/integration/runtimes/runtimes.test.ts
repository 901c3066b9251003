// The generated client and the fetch-style server on Bun, Deno and Cloudflare's workerd, each the
// official binary from npm (scripts/runtime-binary.sh, cached), not a simulation. Node.js 20, 22
// and 24 are covered by the rest of CI (.ci/run).
// - The client: a bundle of the generated RoomServiceClient (from generated/dist and
//   packages/runtime/dist, built by `npm run generate`) signs with the API key and secret and
//   calls the dev server: createRoom, then listRooms; it prints what it got, and the test checks
//   that the dev server has that room.
// - The server: `createRoomServiceHandler(impl, { auth: livekitAuth({ keys }) })` served on
//   127.0.0.1 by Bun.serve, Deno.serve, or a Worker's fetch handler on a workerd socket; the test
//   drives it with livekit-server-sdk's RoomServiceClient (on Node.js, in this process).
// - workerd's limit: a Worker's global fetch may not reach 127.0.0.1 by default (its default
//   globalOutbound allows public addresses only); the test shows that failure, and the two
//   documented ways through (a network service that allows "local", or an external-server
//   service binding). docs/runtimes.md says the same.
// A runtime whose binary cannot be obtained is skipped, with the reason; RUNTIMES=required (CI)
// makes that a failure. Every process started here is killed by the end; every wait is bounded.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { build } from "esbuild";
import { type DevServer, startDevServer } from "livekit-dev-server";
import { RoomServiceClient as SdkRoomServiceClient } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import { repoRoot, tempDir } from "../../support/buf.js";

/** The versions under test: bump them here (`npm view <package> version`), and in docs/runtimes.md. */
const versions = { bun: "1.4.5", deno: "2.9.6", workerd: "1.20261123.1" } as const;
type Runtime = keyof typeof versions;
/** The Workers compatibility date of the test workers; at most the date of the workerd version. */
const compatibilityDate = "2026-11-01";

const required = process.env["RUNTIMES"] === "required";
/** How long one download of a binary (npm pack of ~50 MB), one client run, or a server's start may take. */
const downloadMs = 300_000;
const runMs = 60_000;

const devKey = "APIruntimes";
const devSecret = "runtimes-dev-secret-0123456789";
const serverKey = "APIserved";
const serverSecret = "served-secret-0123456789abcdef";

const entries = join(repoRoot, "test", "integration", "runtimes", "entries");
const work = tempDir("runtimes");
const binaries = new Map<Runtime, { path: string } | { reason: string }>();
const children = new Set<ChildProcess>();
let devServer: DevServer | undefined;

beforeAll(async () => {
  for (const built of ["generated/dist/livekit_room_twirp.js", "generated/dist/livekit_room_server.js", "packages/runtime/dist/index.js"]) {
    if (!existsSync(join(repoRoot, built)))
      throw new Error(`${built} is missing: run \`npm run generate\` first (it builds both packages)`);
  }
  const [obtained] = await Promise.all([
    Promise.all((Object.keys(versions) as Runtime[]).map(async (runtime) => [runtime, await obtain(runtime)] as const)),
    bundleAll(),
    startDevServer({ port: 0, keys: { [devKey]: devSecret } }).then((server) => (devServer = server)),
  ]);
  for (const [runtime, binary] of obtained) {
    binaries.set(runtime, binary);
    if ("reason" in binary) console.warn(`runtimes: ${runtime} ${versions[runtime]}: ${binary.reason}`);
  }
});

afterAll(async () => {
  await Promise.all([...children].map(stop));
  await devServer?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `scripts/runtime-binary.sh <runtime> <version>`: the cached binary, or why there is none. */
function obtain(runtime: Runtime): Promise<{ path: string } | { reason: string }> {
  return new Promise((resolve) => {
    execFile(
      join(repoRoot, "scripts", "runtime-binary.sh"),
      [runtime, versions[runtime]],
      { timeout: downloadMs, killSignal: "SIGKILL" },
      (error, stdout, stderr) => {
        if (error === null) resolve({ path: stdout.trim() });
        else if (error.killed) resolve({ reason: `scripts/runtime-binary.sh took more than ${downloadMs / 1000} s` });
        else resolve({ reason: `cannot obtain the binary: ${stderr.trim() || error.message}` });
      },
    );
  });
}

/** The binary of a runtime; skips the test without one (fails it under RUNTIMES=required). */
function binary(runtime: Runtime, context: TestContext): string {
  const found = binaries.get(runtime);
  if (found !== undefined && "path" in found) return found.path;
  const reason = `${runtime} ${versions[runtime]}: ${found?.reason ?? "not obtained"}`;
  if (required) throw new Error(`RUNTIMES=required, and ${reason}`);
  context.skip(reason);
  throw new Error("unreachable");
}

/** One ESM file per scenario, so that no runtime resolves node_modules; workerd's for the browser platform. */
async function bundleAll(): Promise<void> {
  const scenarios = {
    "cli-client": "neutral",
    "bun-server": "neutral",
    "deno-server": "neutral",
    "worker-client": "browser",
    "worker-server": "browser",
  };
  await Promise.all(
    Object.entries(scenarios).map(([name, platform]) =>
      build({
        entryPoints: [join(entries, `${name}.ts`)],
        outfile: join(work, `${name}.mjs`),
        absWorkingDir: repoRoot,
        bundle: true,
        format: "esm",
        platform: platform as "neutral" | "browser",
        // workerd's: the export conditions that wrangler bundles Workers with.
        conditions: platform === "browser" ? ["workerd", "worker", "browser"] : [],
        target: "es2022",
        logLevel: "error",
      }),
    ),
  );
}

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a binary to its end, in `work`, with only these variables; killed (and the test failed) after runMs. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const child = spawn(command, args, { cwd: work, env: baseEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const out = collect(child.stdout);
  const err = collect(child.stderr);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} did not end within ${runMs / 1000} s; stderr: ${err()}`));
    }, runMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ status, stdout: out(), stderr: err() });
    });
  });
}

interface Serving {
  readonly url: string;
  readonly child: ChildProcess;
}

/**
 * Starts a server and waits until `portOf` finds its port in what it writes on `portStream`
 * (stdout, or fd 3 for workerd's --control-fd); fails after runMs, or when it exits first.
 */
function serve(
  command: string,
  args: string[],
  env: Record<string, string>,
  portOf: (text: string) => number | undefined,
  fd3 = false,
): Promise<Serving> {
  const child = spawn(command, args, {
    cwd: work,
    env: baseEnv(env),
    stdio: ["ignore", "pipe", "pipe", ...(fd3 ? ["pipe" as const] : [])],
  });
  children.add(child);
  const portStream = (fd3 ? child.stdio[3] : child.stdout) as Readable;
  const out = collect(child.stdout!);
  const err = collect(child.stderr!);
  const said = fd3 ? collect(portStream) : out;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`${command} ${args.join(" ")} ${why}; stdout: ${out()} stderr: ${err()}`));
    };
    const timer = setTimeout(() => fail(`did not listen within ${runMs / 1000} s`), runMs);
    portStream.on("data", () => {
      const port = portOf(said());
      if (port === undefined) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${port}`, child });
    });
    child.on("error", (error) => fail(`could not start: ${error.message}`));
    child.on("exit", (status, signal) => fail(`exited (${status ?? signal}) before listening`));
  });
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s. */
function stop(child: ChildProcess): Promise<void> {
  children.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

function collect(stream: Readable): () => string {
  let text = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => (text += chunk));
  return () => text;
}

/** The child's whole environment: no variable of this process leaks in (Bun and Deno read .env files of the cwd: `work` has none). */
function baseEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: work, NO_COLOR: "1", ...env };
}

const listeningOn = (text: string): number | undefined => {
  const match = /^listening on (\d+)$/m.exec(text);
  return match ? Number(match[1]) : undefined;
};

function devEnv(room: string): Record<string, string> {
  return { LIVEKIT_URL: devServer!.url, LIVEKIT_API_KEY: devKey, LIVEKIT_API_SECRET: devSecret, ROOM: room };
}

/** Checks what a client entry printed, and that the dev server holds the room it created. */
async function expectCreatedAndListed(printed: string, room: string, runtime: RegExp): Promise<void> {
  const result = JSON.parse(printed) as {
    runtime: string;
    created: { sid: string; name: string };
    listed: { sid: string; name: string; creationTime: string }[];
  };
  expect(result.runtime).toMatch(runtime);
  expect(result.created).toEqual({ sid: expect.stringMatching(/^RM_/), name: room });
  expect(result.listed).toEqual([{ sid: result.created.sid, name: room, creationTime: expect.stringMatching(/^[1-9]\d*$/) }]);
  const seen = await new SdkRoomServiceClient(devServer!.url, devKey, devSecret).listRooms([room]);
  expect(seen.map(({ sid, name }) => ({ sid, name }))).toEqual([{ sid: result.created.sid, name: room }]);
}

/** livekit-server-sdk against a served handler: createRoom, listRooms, and a wrong secret refused. */
async function expectServedToSdk(url: string, runtime: RegExp): Promise<void> {
  const sdk = new SdkRoomServiceClient(url, serverKey, serverSecret);
  const created = await sdk.createRoom({ name: "from-the-sdk", emptyTimeout: 30 });
  expect(created).toMatchObject({ name: "from-the-sdk", emptyTimeout: 30, sid: expect.stringMatching(/^RM_/) });
  expect(created.metadata).toMatch(runtime);
  await sdk.createRoom({ name: "second" });
  const listed = await sdk.listRooms(["from-the-sdk"]);
  expect(listed.map(({ sid, name, metadata }) => ({ sid, name, metadata }))).toEqual([
    { sid: created.sid, name: "from-the-sdk", metadata: created.metadata },
  ]);
  expect((await sdk.listRooms()).map((room) => room.name).sort()).toEqual(["from-the-sdk", "second"]);
  const wrongSecret = new SdkRoomServiceClient(url, serverKey, "not-the-secret-0123456789abcdef");
  await expect(wrongSecret.listRooms()).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/signature is invalid/) });
}

describe(`Bun ${versions.bun} (@oven/bun-linux-x64)`, () => {
  const flags = ["--no-install", "--no-env-file"];

  it("the client signs and calls the dev server: createRoom, then listRooms", async (context) => {
    const bun = binary("bun", context);
    const ran = await run(bun, [...flags, "cli-client.mjs"], devEnv("bun-client"));
    expect(ran).toMatchObject({ status: 0, stderr: "" });
    await expectCreatedAndListed(ran.stdout, "bun-client", /^bun 1\.4\.5$/);
  });

  it("Bun.serve serves the handler to livekit-server-sdk", async (context) => {
    const bun = binary("bun", context);
    const server = await serve(bun, [...flags, "bun-server.mjs"], { KEYS: `${serverKey}:${serverSecret}` }, listeningOn);
    try {
      await expectServedToSdk(server.url, /^served by bun 1\.4\.5$/);
    } finally {
      await stop(server.child);
    }
  });
});

describe(`Deno ${versions.deno} (@deno/linux-x64-glibc, the binary of npm's deno)`, () => {
  // No config or lock file looked for, no prompt (a missing permission throws), no update check.
  const denoRun = ["run", "--no-config", "--no-lock", "--no-prompt"];
  const denoEnv = (env: Record<string, string>) => ({ DENO_DIR: join(work, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", ...env });
  const clientEnvAllowed = "--allow-env=LIVEKIT_URL,LIVEKIT_API_KEY,LIVEKIT_API_SECRET,ROOM";

  it("the client signs and calls the dev server with --allow-net for its host and port only", async (context) => {
    const deno = binary("deno", context);
    const host = new URL(devServer!.url).host;
    const ran = await run(deno, [...denoRun, `--allow-net=${host}`, clientEnvAllowed, "cli-client.mjs"], denoEnv(devEnv("deno-client")));
    expect(ran).toMatchObject({ status: 0, stderr: "" });
    await expectCreatedAndListed(ran.stdout, "deno-client", /^deno 2\.9\.6$/);
  });

  it("without --allow-net the call fails, and nothing reaches the server", async (context) => {
    const deno = binary("deno", context);
    const ran = await run(deno, [...denoRun, clientEnvAllowed, "cli-client.mjs"], denoEnv(devEnv("deno-no-net")));
    expect(ran.status).toBe(1);
    expect(ran.stderr).toMatch(/^TwirpError: unavailable: cannot reach http:\/\/127\.0\.0\.1:\d+: .*Requires net access/);
    expect(await new SdkRoomServiceClient(devServer!.url, devKey, devSecret).listRooms(["deno-no-net"])).toEqual([]);
  });

  it("Deno.serve serves the handler to livekit-server-sdk", async (context) => {
    const deno = binary("deno", context);
    const args = [...denoRun, "--allow-net=127.0.0.1", "--allow-env=KEYS", "deno-server.mjs"];
    const server = await serve(deno, args, denoEnv({ KEYS: `${serverKey}:${serverSecret}` }), listeningOn);
    try {
      await expectServedToSdk(server.url, /^served by deno 2\.9\.6$/);
    } finally {
      await stop(server.child);
    }
  });
});

describe(`workerd ${versions.workerd} (@cloudflare/workerd-linux-64)`, () => {
  interface Worker {
    readonly bundle: string;
    readonly bindings: readonly string[];
    /** Services besides the Worker (`main`). */
    readonly services?: readonly string[];
    readonly globalOutbound?: string;
    readonly sockets?: readonly string[];
  }

  const text = (name: string, value: string) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(value)})`;

  /** Writes a capnp config of one Worker, `main`, with its bundle embedded; returns its path. */
  function config(file: string, worker: Worker): string {
    const path = join(work, file);
    const services = ['(name = "main", worker = .worker)', ...(worker.services ?? [])];
    writeFileSync(
      path,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [${services.join(", ")}],
  sockets = [${(worker.sockets ?? []).join(", ")}],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed ${JSON.stringify(worker.bundle)})],
  compatibilityDate = ${JSON.stringify(compatibilityDate)},
  bindings = [${worker.bindings.join(", ")}],${worker.globalOutbound === undefined ? "" : `\n  globalOutbound = ${JSON.stringify(worker.globalOutbound)},`}
);
`,
    );
    return path;
  }

  /** `workerd test`: runs the client Worker's test handler, which logs `result: <json>` on success. */
  function client(workerd: string, file: string, room: string, more: Partial<Worker> = {}): Promise<Ran> {
    const bindings = [...Object.entries(devEnv(room)).map(([name, value]) => text(name, value)), ...(more.bindings ?? [])];
    return run(workerd, ["test", config(file, { ...more, bundle: "worker-client.mjs", bindings })]);
  }

  const resultOf = (stdout: string) => /^result: (.*)$/m.exec(stdout)?.[1] ?? `(no result line in ${JSON.stringify(stdout)})`;
  const workerRuntime = /^workerd \(Cloudflare-Workers\)$/;

  it("the client's global fetch reaches the dev server when globalOutbound is a network that allows local addresses", async (context) => {
    const workerd = binary("workerd", context);
    const ran = await client(workerd, "client-local.capnp", "workerd-local", {
      services: ['(name = "loopback", network = (allow = ["local"]))'],
      globalOutbound: "loopback",
    });
    expect(ran.status, ran.stderr).toBe(0);
    await expectCreatedAndListed(resultOf(ran.stdout), "workerd-local", workerRuntime);
  });

  it("the client reaches the dev server through an external-server service binding (the client's `fetch` option)", async (context) => {
    const workerd = binary("workerd", context);
    const address = new URL(devServer!.url).host;
    const ran = await client(workerd, "client-binding.capnp", "workerd-binding", {
      services: [`(name = "livekit", external = (address = ${JSON.stringify(address)}, http = ()))`],
      bindings: ['(name = "LIVEKIT", service = "livekit")'],
    });
    expect(ran.status, ran.stderr).toBe(0);
    await expectCreatedAndListed(resultOf(ran.stdout), "workerd-binding", workerRuntime);
  });

  it("by default (globalOutbound: public addresses only) the client cannot reach 127.0.0.1: the documented limit", async (context) => {
    const workerd = binary("workerd", context);
    const ran = await client(workerd, "client-default.capnp", "workerd-default");
    expect(ran.status).toBe(1);
    expect(ran.stdout).not.toMatch(/^result: /m);
    const { port } = new URL(devServer!.url);
    expect(ran.stderr).toContain(
      `TwirpError: unavailable: cannot reach ${devServer!.url}: Network connection failed: connecting to 127.0.0.1:${port} is not allowed`,
    );
    expect(await new SdkRoomServiceClient(devServer!.url, devKey, devSecret).listRooms(["workerd-default"])).toEqual([]);
  });

  it("a Worker's fetch handler serves the handler on a 127.0.0.1 socket to livekit-server-sdk", async (context) => {
    const workerd = binary("workerd", context);
    const path = config("server.capnp", {
      bundle: "worker-server.mjs",
      bindings: [text("API_KEY", serverKey), text("API_SECRET", serverSecret)],
      sockets: ['(name = "http", address = "127.0.0.1:0", http = (), service = "main")'],
    });
    // --control-fd: workerd writes `{"event":"listen","socket":"http","port":<n>}` once it listens on port 0.
    const portOf = (written: string) => {
      const match = /"event":"listen","socket":"http","port":(\d+)/.exec(written);
      return match ? Number(match[1]) : undefined;
    };
    const server = await serve(workerd, ["serve", path, "--control-fd", "3"], {}, portOf, true);
    try {
      await expectServedToSdk(server.url, /^served by workerd \(Cloudflare-Workers\)$/);
    } finally {
      await stop(server.child);
    }
  });
});

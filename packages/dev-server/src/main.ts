// `npm run dev-server`: the local LiveKit on 127.0.0.1:7880 with key `devkey` and secret
// `secret`, as `livekit-server --dev`. Prints the variables the SDKs and our examples read.
// Usage errors (an unknown option, a bad value) exit with status 2, a service that cannot
// start (a port in use) with 1; either is one line on stderr that says what to do.
import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type DevServer, startDevServer } from "./server.js";

const usage = `usage: npm run dev-server -- [options]
  A local LiveKit in memory: RoomService, Egress, Ingress, SIP, AgentDispatchService and
  Connector, signed webhooks, an inspector page at /, and the livekit.dev.Simulator.
  Prints LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET once it listens.

  --port <n>              port to listen on; default 7880, 0 picks a free one
  --host <address>        address to listen on; default 127.0.0.1
  --keys <key:secret>     API key and secret (several: comma-separated); default devkey:secret
  --manual-clock          time stands still until the Simulator's AdvanceClock moves it
  --enable-remote-unmute  MutePublishedTrack may unmute
  --env-file <path>       also write the three lines to this file (replaced atomically) once
                          listening; relative to where npm was run
  --webhook <url>         POST every event (room_started, participant_joined, ...) to this URL
                          as LiveKit's signed webhooks; repeat for several URLs
  -h, --help              print this and exit`;

/** A mistake in the command line: exit status 2. */
class UsageError extends Error {}

interface CommandLine {
  readonly port: number;
  readonly host: string;
  readonly keys: Record<string, string>;
  readonly manualClock: boolean;
  readonly enableRemoteUnmute: boolean;
  readonly envFile: string | undefined;
  readonly webhooks: string[];
}

const options = {
  port: { type: "string", default: "7880" },
  host: { type: "string", default: "127.0.0.1" },
  keys: { type: "string", default: "devkey:secret" },
  "manual-clock": { type: "boolean", default: false },
  "enable-remote-unmute": { type: "boolean", default: false },
  "env-file": { type: "string" },
  webhook: { type: "string", multiple: true },
  help: { type: "boolean", short: "h", default: false },
} as const;

function parseCommandLine(args: string[]): CommandLine | "help" {
  const { values } = parseOptions(args);
  if (values.help) return "help";
  const port = /^\d+$/.test(values.port) ? Number(values.port) : Number.NaN;
  if (!(port >= 0 && port <= 65535))
    throw new UsageError(`--port: expected a port number from 0 to 65535, got ${JSON.stringify(values.port)}`);
  if (values.host === "") throw new UsageError("--host: expected an address, e.g. 127.0.0.1 or 0.0.0.0");
  const keys: Record<string, string> = {};
  for (const pair of values.keys.split(",")) {
    const colon = pair.indexOf(":");
    const key = pair.slice(0, colon).trim();
    const secret = pair.slice(colon + 1).trim();
    if (colon < 0 || key === "" || secret === "")
      throw new UsageError(`--keys: expected key:secret[,key2:secret2], got ${JSON.stringify(pair)}`);
    keys[key] = secret;
  }
  if (values["env-file"] === "") throw new UsageError("--env-file: expected a file path");
  const webhooks = values.webhook ?? [];
  for (const url of webhooks) {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw new UsageError(`--webhook: expected an http:// or https:// URL, got ${JSON.stringify(url)}`);
    if (new URL(url).username !== "" || new URL(url).password !== "")
      throw new UsageError("--webhook: a user or password in the URL is not sent; put a token in the path or query instead");
  }
  return {
    port,
    host: values.host,
    keys,
    manualClock: values["manual-clock"],
    enableRemoteUnmute: values["enable-remote-unmute"],
    envFile: values["env-file"],
    webhooks,
  };
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({ args, options });
  } catch (error) {
    throw new UsageError(parseError(error as Error & { code?: string }));
  }
}

/** node:util's parseArgs errors, shortened to what to do. */
function parseError(error: Error & { code?: string }): string {
  const quoted = /'([^']*)'/.exec(error.message)?.[1] ?? "";
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown option ${quoted}: see --help for the options`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const option = quoted.split(" ")[0] ?? quoted;
      return error.message.includes("argument missing") ? `${option} needs a value: see --help` : `${option} takes no value: see --help`;
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return `unexpected argument ${JSON.stringify(quoted)}: options only, see --help`;
    default:
      return `${firstLine(error.message)}: see --help`;
  }
}

/** Why the service could not listen, and what to do about it. */
function listenError(error: Error & { code?: string }, host: string, port: number): string {
  switch (error.code) {
    case "EADDRINUSE":
      return `port ${port} is in use: pick another with --port <n>, or --port 0 for a free one`;
    case "EACCES":
      return `no permission to listen on port ${port}: pick one above 1023 with --port <n>, or --port 0 for a free one`;
    case "EADDRNOTAVAIL":
      return `cannot listen on ${host}: it is not an address of this machine; pick another with --host <address>`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot listen on ${host}: no such host; pick another with --host <address>`;
    default:
      return `cannot listen on ${host}:${port}: ${firstLine(error.message)}`;
  }
}

/** Writes the file through a temporary one beside it, renamed over it: a reader never sees half of it. */
function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    // 0600: the file holds the API secret.
    writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

function firstLine(text: string): string {
  return text.split("\n", 1)[0] ?? "";
}

function fail(message: string, status: number): never {
  console.error(`dev-server: ${message}`);
  process.exit(status);
}

async function main(): Promise<void> {
  let commandLine: CommandLine | "help";
  try {
    // The package's script runs `tsx src/main.ts -- <args>`: Node.js itself reads a `--env-file`
    // anywhere in its arguments, but not after `--` (nodejs/node#54232).
    const args = process.argv.slice(2);
    commandLine = parseCommandLine(args[0] === "--" ? args.slice(1) : args);
  } catch (error) {
    if (error instanceof UsageError) fail(error.message, 2);
    throw error;
  }
  if (commandLine === "help") {
    console.log(usage);
    return;
  }
  const { port, host, keys, envFile } = commandLine;
  let server: DevServer;
  try {
    server = await startDevServer({
      port,
      host,
      keys,
      manualClock: commandLine.manualClock,
      enableRemoteUnmute: commandLine.enableRemoteUnmute,
      webhooks: commandLine.webhooks,
    });
  } catch (error) {
    fail(listenError(error as Error & { code?: string }, host, port), 1);
  }
  // Before anything is printed: whoever reads the lines may stop the service at once.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => void server.close().then(() => process.exit(0)));
  }
  const [apiKey, apiSecret] = Object.entries(keys)[0]!;
  const variables = `LIVEKIT_URL=${server.url}\nLIVEKIT_API_KEY=${apiKey}\nLIVEKIT_API_SECRET=${apiSecret}\n`;
  if (envFile !== undefined) {
    // npm runs the script in packages/dev-server; a relative path means where npm was run (INIT_CWD).
    const path = resolve(process.env["INIT_CWD"] ?? process.cwd(), envFile);
    try {
      writeAtomically(path, variables);
    } catch (error) {
      await server.close();
      fail(`cannot write --env-file ${path}: ${firstLine((error as Error).message)}`, 1);
    }
  }
  process.stdout.write(variables);
  // A webhook given up on is worth a line on stderr (no token in it).
  server.webhooks.subscribe((d) => {
    if (d.status === "failed" || d.status === "dropped")
      console.error(
        `dev-server: webhook ${d.event} ${d.eventId} to ${d.url} ${d.status} after ${d.attempts} attempt(s): ${d.lastError ?? ""}`,
      );
  });
}

await main();

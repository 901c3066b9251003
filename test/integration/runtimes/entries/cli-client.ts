// The client on Bun or Deno, as a script: reads LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET
// and ROOM from the environment, prints one line of JSON (ClientResult), exits 0; on a failure,
// prints the error on stderr and exits 1.
import { createThenList } from "./client.js";

declare const Deno: { env: { get(name: string): string | undefined }; version: { deno: string }; exit(code: number): never } | undefined;
declare const Bun: { version: string } | undefined;

const runtime = typeof Deno !== "undefined" ? `deno ${Deno.version.deno}` : typeof Bun !== "undefined" ? `bun ${Bun.version}` : "unknown";
const env = (name: string): string => {
  const value = typeof Deno !== "undefined" ? Deno.env.get(name) : process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const exit = (code: number): never => (typeof Deno !== "undefined" ? Deno.exit(code) : process.exit(code));

try {
  const result = await createThenList(env("LIVEKIT_URL"), env("LIVEKIT_API_KEY"), env("LIVEKIT_API_SECRET"), env("ROOM"), runtime);
  console.log(JSON.stringify(result));
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
  exit(1);
}

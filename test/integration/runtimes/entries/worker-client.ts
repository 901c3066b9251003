// The client in a Cloudflare Worker on workerd: `workerd test` runs the test handler, which reads
// LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET and ROOM from its text bindings and logs one
// line of JSON (ClientResult) prefixed `result: `; a failure throws (the test fails, workerd exits
// 1). With a LIVEKIT service binding (an external server in the config), requests go through it;
// without one, through the global fetch, that is the Worker's globalOutbound network.
import { createThenList } from "./client.js";

interface Env {
  readonly LIVEKIT_URL: string;
  readonly LIVEKIT_API_KEY: string;
  readonly LIVEKIT_API_SECRET: string;
  readonly ROOM: string;
  readonly LIVEKIT?: { fetch: typeof globalThis.fetch };
}

export default {
  async test(_controller: unknown, env: Env): Promise<void> {
    const binding = env.LIVEKIT;
    const fetch = binding === undefined ? undefined : (input: RequestInfo | URL, init?: RequestInit) => binding.fetch(input, init);
    const runtime = `workerd (${navigator.userAgent})`;
    const result = await createThenList(env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET, env.ROOM, runtime, fetch);
    console.log(`result: ${JSON.stringify(result)}`);
  },
};

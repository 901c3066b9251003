// The fetch-style handler as a Cloudflare Worker's fetch handler on workerd, on the socket its
// capnp config gives (127.0.0.1). API_KEY and API_SECRET are text bindings.
import { roomServiceHandler } from "./room-service.js";

interface Env {
  readonly API_KEY: string;
  readonly API_SECRET: string;
}

let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request, env: Env): Promise<Response> {
    // Built on the first request: bindings are known only then (and the rooms live as long as the isolate).
    handler ??= roomServiceHandler({ [env.API_KEY]: env.API_SECRET }, `workerd (${navigator.userAgent})`);
    return handler(request);
  },
};

// The fetch-style handler on Bun.serve, 127.0.0.1, a free port; prints `listening on <port>` once
// it listens. KEYS is `key:secret`.
import { roomServiceHandler } from "./room-service.js";

declare const Bun: {
  version: string;
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch(request: Request): Promise<Response> }): { port: number };
};

const [key, secret] = (Bun.env["KEYS"] ?? "").split(":") as [string, string];
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: roomServiceHandler({ [key]: secret }, `bun ${Bun.version}`) });
console.log(`listening on ${server.port}`);

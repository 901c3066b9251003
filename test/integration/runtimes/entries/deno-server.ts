// The fetch-style handler on Deno.serve, 127.0.0.1, a free port; prints `listening on <port>` once
// it listens. KEYS is `key:secret`.
import { roomServiceHandler } from "./room-service.js";

declare const Deno: {
  version: { deno: string };
  env: { get(name: string): string | undefined };
  serve(
    options: { hostname: string; port: number; onListen(address: { port: number }): void },
    handler: (request: Request) => Promise<Response>,
  ): unknown;
};

const [key, secret] = (Deno.env.get("KEYS") ?? "").split(":") as [string, string];
Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: ({ port }) => console.log(`listening on ${port}`) },
  roomServiceHandler({ [key]: secret }, `deno ${Deno.version.deno}`),
);

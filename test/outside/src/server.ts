// A Twirp server on 127.0.0.1 for the calls: records each request and answers with what the
// handler returns, as JSON. Written the way a user's test would be, with node:http only.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** The answer to one request: a status and a JSON value. */
export interface Answer {
  readonly status: number;
  readonly json: unknown;
}

export interface LoopbackServer {
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

export async function startServer(handle: (request: Received) => Answer | Promise<Answer>): Promise<LoopbackServer> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = { path: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(request);
      Promise.resolve()
        .then(() => handle(request))
        .catch((error: unknown): Answer => ({ status: 500, json: { code: "internal", msg: String(error) } }))
        .then(({ status, json }) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

// A real HTTP server on 127.0.0.1 for client tests: records every request and answers with
// whatever the test's handler says.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach } from "vitest";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The client's port: the same for requests over one kept-alive connection. */
  readonly remotePort: number;
}

/** Answers one request; may write to `response` at any time (or never, to test timeouts). */
export type Handler = (request: RecordedRequest, response: ServerResponse) => void;

export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Replaces the handler for the next requests. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export async function startServer(handler: Handler = answerJson(200, {})): Promise<TestServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        remotePort: req.socket.remotePort ?? 0,
      };
      requests.push(recorded);
      current(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A handler that answers every request with a status, headers and a text or bytes body. */
export function answer(status: number, headers: Record<string, string>, body: string | Uint8Array): Handler {
  return (_request, response) => {
    response.writeHead(status, headers);
    response.end(body);
  };
}

/** A handler that answers every request with JSON, as Go's Twirp server writes it. */
export function answerJson(status: number, value: unknown): Handler {
  return answer(status, { "content-type": "application/json" }, JSON.stringify(value));
}

/**
 * One server for a test file: started before its tests, closed after them; before each test
 * its record is cleared and its handler reset. Returns a getter for the running server.
 */
export function serverPerFile(reset: Handler = answerJson(200, {})): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(reset);
  });
  afterAll(() => server?.close());
  beforeEach(() => {
    server!.requests.length = 0;
    server!.handle(reset);
  });
  return () => server!;
}

// The Transport contract (PLAN.md), for every transport, against a real server on 127.0.0.1:
// what is sent, what comes back (redirects included, not followed), bounded bodies, the
// signal, and failures as TwirpErrors that carry neither the token nor anything logged.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { inspect } from "node:util";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { TwirpError } from "livekit-room-api";
import { fetchTransport } from "protoc-gen-livekit-runtime/twirp";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
import type { Transport, TransportRequest } from "protoc-gen-livekit-runtime/twirp";
import { repoRoot } from "../../support/buf.js";
import { transports as clientTransports } from "../../support/transports.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";

// The client's default (`undefined`) is the fetch transport.
const transports = clientTransports.map(([name, transport]) => [name, transport ?? fetchTransport()] as const);

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

const token = "Bearer eyJ.secret-token-never-shown.sig";
const path = "/twirp/livekit.RoomService/ListRooms";

function request(overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    url: `${server.url}${path}`,
    headers: new Headers({ "content-type": "application/json", authorization: token, "x-app": "demo" }),
    body: '{"names":["r"]}',
    signal: new AbortController().signal,
    maxResponseBytes: 1024,
    ...overrides,
  };
}

/** How long a test waits for an exchange: every one here settles in milliseconds. */
const bound = 2_000;

/**
 * The error a call fails with (the test fails if it succeeds, or if it has not settled within
 * {@link bound} ms: an exchange that never ends fails the test on an assertion, not on vitest's timeout).
 */
async function failure(transport: Transport, req: TransportRequest): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the exchange has not settled within ${bound} ms`)), bound + 500);
  });
  const outcome = transport.unary(req).then(
    (response) => ({ response }),
    (error: unknown) => ({ error }),
  );
  const settled = await Promise.race([outcome, late]).finally(() => clearTimeout(timer));
  if ("response" in settled) expect.fail(`resolved with HTTP ${settled.response.status}`);
  return settled.error;
}

/** Asserts a TwirpError with this code that shows the token nowhere (message, meta, cause chain). */
function expectTwirpError(error: unknown, code: string): TwirpError {
  expect(error).toBeInstanceOf(TwirpError);
  expect((error as TwirpError).code).toBe(code);
  expect(inspect(error, { depth: 8, showHidden: true })).not.toContain("secret-token");
  return error as TwirpError;
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s: Server = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.each(transports)("%s transport", (_name, transport) => {
  it("POSTs the body and every header as given, and returns status, headers and body", async () => {
    server.handle(answer(200, { "content-type": "application/json", "x-answer": "yes" }, '{"rooms":[]}'));
    const response = await transport.unary(request());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(new TextDecoder().decode(response.body)).toBe('{"rooms":[]}');
    const sent = server.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(path);
    expect(sent.headers).toMatchObject({ "content-type": "application/json", authorization: token, "x-app": "demo" });
    expect(sent.body.toString("utf8")).toBe('{"names":["r"]}');
  });

  it("sends a binary body byte for byte, and reads a binary answer", async () => {
    const bytes = new Uint8Array(600).map((_, i) => (i * 7) % 256);
    server.handle(answer(200, { "content-type": "application/protobuf" }, bytes));
    const response = await transport.unary(request({ body: bytes }));
    expect(new Uint8Array(server.requests[0]!.body)).toEqual(bytes);
    expect(new Uint8Array(response.body)).toEqual(bytes);
  });

  it("returns an error status with its body, as any other response", async () => {
    server.handle(answerJson(404, { code: "not_found", msg: "room not found" }));
    const response = await transport.unary(request());
    expect(response.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(response.body))).toEqual({ code: "not_found", msg: "room not found" });
  });

  it("returns an empty body as zero bytes", async () => {
    server.handle(answer(503, {}, ""));
    const response = await transport.unary(request());
    expect(response.status).toBe(503);
    expect(response.body.length).toBe(0);
  });

  it.each([301, 302, 307, 308])("returns a redirect (HTTP %i) with its location, and does not follow it", async (status) => {
    server.handle(answer(status, { location: `${server.url}/elsewhere` }, ""));
    const response = await transport.unary(request());
    expect(response.status).toBe(status);
    expect(response.headers.get("location")).toBe(`${server.url}/elsewhere`);
    expect(server.requests.map((r) => r.path)).toEqual([path]);
  });

  it("keeps connections for the next calls", async () => {
    for (let i = 0; i < 6; i++) await transport.unary(request());
    // undici (fetch's too) may open a second connection before it sees the first one idle.
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBeLessThanOrEqual(2);
  });

  describe("bounded bodies", () => {
    it.each([
      ["with Content-Length", { "content-length": "1024" }],
      ["chunked", {}],
    ])("reads a body of exactly maxResponseBytes (%s)", async (_what, headers) => {
      server.handle(answer(200, headers, "x".repeat(1024)));
      const response = await transport.unary(request({ maxResponseBytes: 1024 }));
      expect(response.body.length).toBe(1024);
    });

    it("fails a Content-Length above the limit before reading the body", async () => {
      // Ten bytes of a promised million, then nothing: a transport that waited for the body would
      // wait until the signal ends it (rejecting with the signal's reason, not a TwirpError).
      server.handle((_request, response) => {
        response.writeHead(200, { "content-length": "1000000" });
        response.write("0123456789");
      });
      const signal = AbortSignal.timeout(bound);
      const error = expectTwirpError(await failure(transport, request({ maxResponseBytes: 1000, signal })), "resource_exhausted");
      expect(error.meta).toEqual({ limit: "1000" });
    });

    it("stops reading a chunked body one byte too long at the limit: resource_exhausted with meta limit", async () => {
      server.handle((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end("x".repeat(1025));
      });
      const error = expectTwirpError(await failure(transport, request({ maxResponseBytes: 1024 })), "resource_exhausted");
      expect(error.meta).toEqual({ limit: "1024" });
      expect(error.status).toBe(200);
    });

    it("stops reading an endless chunked body at the limit and closes the connection: the server writes far less than it would", async () => {
      // "Endless" up to `cap` bytes, then ended: a transport that ignored the limit would read it
      // all and resolve (failing the test at once) rather than read forever.
      const cap = 32 * 1024 * 1024;
      let written = 0;
      let closed!: () => void;
      const done = new Promise<void>((resolve) => (closed = resolve));
      server.handle((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        const chunk = "x".repeat(16 * 1024);
        const more = () => {
          while (!response.destroyed && written < cap) {
            written += chunk.length;
            if (!response.write(chunk)) return;
          }
          response.end();
        };
        response.on("drain", more);
        response.on("close", closed);
        more();
      });
      const signal = AbortSignal.timeout(bound);
      const error = expectTwirpError(await failure(transport, request({ maxResponseBytes: 1024, signal })), "resource_exhausted");
      expect(error.meta).toEqual({ limit: "1024" });
      expect(error.status).toBe(200);
      // The connection is closed (the server's response ends without being finished), having
      // written what the socket buffers hold at most: a few MiB of the 32.
      const gone = await Promise.race([done.then(() => "closed"), new Promise((resolve) => setTimeout(() => resolve("open"), bound))]);
      expect(gone).toBe("closed");
      expect(written).toBeLessThan(cap / 2);
    });
  });

  describe("failures", () => {
    it("a refused connection is unavailable, status 0, naming the server", async () => {
      const port = await closedPort();
      const error = expectTwirpError(await failure(transport, request({ url: `http://127.0.0.1:${port}${path}` })), "unavailable");
      expect(error.status).toBe(0);
      expect(error.msg).toContain(`127.0.0.1:${port}`);
    });

    it("a connection that dies in the middle of the body is unavailable and keeps the HTTP status", async () => {
      server.handle((_request, response) => {
        response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
        response.write('{"rooms":[', () => response.socket?.destroy());
      });
      const error = expectTwirpError(await failure(transport, request()), "unavailable");
      expect(error.status).toBe(200);
    });

    it("a connection closed before any answer is unavailable", async () => {
      server.handle((_request, response) => response.socket?.destroy());
      const error = expectTwirpError(await failure(transport, request()), "unavailable");
      expect(error.status).toBe(0);
    });

    it("an already aborted signal rejects with its reason, and nothing is sent", async () => {
      const reason = new Error("stop");
      const error = await failure(transport, request({ signal: AbortSignal.abort(reason) }));
      expect(error).toBe(reason);
      expect(server.requests).toHaveLength(0);
    });

    it("an abort while waiting for the answer rejects with the signal's reason", async () => {
      const controller = new AbortController();
      server.handle(() => controller.abort("the caller's reason"));
      expect(await failure(transport, request({ signal: controller.signal }))).toBe("the caller's reason");
    });

    it("an abort in the middle of the body rejects with the signal's reason", async () => {
      const controller = new AbortController();
      const reason = new DOMException("timed out", "TimeoutError");
      server.handle((_request, response) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.write('{"rooms":[', () => controller.abort(reason));
      });
      expect(await failure(transport, request({ signal: controller.signal }))).toBe(reason);
    });

    it("logs nothing, whatever fails", async () => {
      const spies = [
        ...(["log", "info", "warn", "error", "debug", "trace"] as const).map((m) => vi.spyOn(console, m)),
        vi.spyOn(process, "emitWarning"),
      ];
      try {
        await failure(transport, request({ url: `http://127.0.0.1:${await closedPort()}${path}` }));
        server.handle((_request, response) => response.socket?.destroy());
        await failure(transport, request());
        server.handle(answer(200, {}, "x".repeat(2000)));
        await failure(transport, request());
        await failure(transport, request({ signal: AbortSignal.abort() }));
        for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
    });
  });
});

describe("nodeTransport", () => {
  it("is the runtime's twirp/node entry point, which no index re-exports (importing one must not load undici)", () => {
    const index = readFileSync(join(repoRoot, "generated/src/index.ts"), "utf8");
    expect(index).toContain('from "protoc-gen-livekit-runtime/twirp";');
    expect(index).not.toContain("twirp/node");
    expect(index).not.toContain("nodeTransport");
  });

  it("rejects a connection limit that is not a whole number > 0", () => {
    for (const connections of [0, -1, 1.5, Number.NaN]) {
      expect(() => nodeTransport({ connections })).toThrow(/connections: expected a whole number > 0/);
    }
  });

  it("a URL it cannot parse is unavailable", async () => {
    expectTwirpError(await failure(nodeTransport(), request({ url: "not a url" })), "unavailable");
  });

  it("keeps at most `connections` connections to a server, queueing the calls beyond them", async () => {
    const single = nodeTransport({ connections: 1 });
    await Promise.all(Array.from({ length: 4 }, () => single.unary(request())));
    await single.close();
    expect(server.requests).toHaveLength(4);
    expect(new Set(server.requests.map((r) => r.remotePort)).size).toBe(1);
  });

  it("after close(), calls are unavailable", async () => {
    const closed = nodeTransport({ connections: 1 });
    await closed.unary(request());
    await closed.close();
    expectTwirpError(await failure(closed, request()), "unavailable");
  });
});

// The transports at their edges. The fetch transport over a fetch function written here: how a
// failed fetch is told apart (connected or not) from each kind of cause alone, as fetch on Node,
// Deno, Bun and browsers may give any of them; an abort whose fetch rejects with an error of its
// own; bodies that are null or break off. The Node transport against a real server on
// 127.0.0.1: a call aborted while queued for a connection is never sent, a header of
// Content-Length's length is not taken for it, an informational answer is skipped, error texts,
// and no listener is left on the call's signal.
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fetchTransport, TwirpError, type Transport, type TransportRequest } from "protoc-gen-livekit-runtime/twirp";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
import { transports as clientTransports } from "../../support/transports.js";
import { answer, serverPerFile, type TestServer } from "../../support/twirp-server.js";

const transports = clientTransports.map(([name, transport]) => [name, transport ?? fetchTransport()] as const);

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

const url = "http://127.0.0.1:9/twirp/livekit.RoomService/ListRooms";

function request(overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    url,
    headers: new Headers({ "content-type": "application/json" }),
    body: "{}",
    signal: new AbortController().signal,
    maxResponseBytes: 1024,
    ...overrides,
  };
}

/** How long a test waits for an exchange: every one here settles in milliseconds. */
const bound = 2_000;

/** How an exchange settles: its response or its error; the test fails when it has not settled within {@link bound} ms. */
async function outcome(
  transport: Transport,
  req: TransportRequest,
): Promise<{ response: Awaited<ReturnType<Transport["unary"]>> } | { error: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no answer">((resolve) => {
    timer = setTimeout(() => resolve("no answer"), bound);
  });
  const settled = await Promise.race([
    transport.unary(req).then(
      (response) => ({ response }),
      (error: unknown) => ({ error }),
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  if (settled === "no answer") expect.fail(`the exchange had not settled after ${bound} ms`);
  return settled;
}

async function failure(transport: Transport, req: TransportRequest): Promise<unknown> {
  const settled = await outcome(transport, req);
  if ("response" in settled) expect.fail(`resolved with HTTP ${settled.response.status}`);
  return settled.error;
}

function twirpError(error: unknown): TwirpError {
  expect(error).toBeInstanceOf(TwirpError);
  return error as TwirpError;
}

/** An error with `cause` set (fetch's TypeError with undici's error as its cause, for one). */
function withCause(message: string, cause: unknown, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message, { cause }), fields);
}

/** The `unavailable` message of a fetch rejecting with `error`. */
async function messageOf(error: unknown): Promise<string> {
  const failed = twirpError(
    await failure(
      fetchTransport(async () => {
        throw error;
      }),
      request(),
    ),
  );
  expect({ code: failed.code, status: failed.status }).toEqual({ code: "unavailable", status: 0 });
  expect(failed.cause).toBe(error);
  return failed.msg;
}

const reached = /^no HTTP response from http:\/\/127\.0\.0\.1:9: /;
const notReached = /^cannot reach http:\/\/127\.0\.0\.1:9: /;

describe("fetch transport: whether a failed fetch had connected", () => {
  it.each([
    ["undici's socket error code", { code: "UND_ERR_SOCKET" }],
    ["an HTTP parser error code", { code: "HPE_INVALID_CONSTANT" }],
    ["a SocketError by name", { name: "SocketError" }],
    ["an HTTPParserError by name (Node 24: no code)", { name: "HTTPParserError" }],
  ])("%s in the cause: no HTTP response", async (_what, fields) => {
    expect(await messageOf(withCause("fetch failed", Object.assign(new Error("x"), fields)))).toMatch(reached);
  });

  it.each([
    ["a refused connection", { code: "ECONNREFUSED" }],
    ["a code that only ends with HPE_", { code: "XHPE_" }],
    ["a code that is not a string", { code: 42 }],
    ["another name", { name: "ConnectTimeoutError" }],
  ])("%s in the cause: cannot reach", async (_what, fields) => {
    expect(await messageOf(withCause("fetch failed", Object.assign(new Error("x"), fields)))).toMatch(notReached);
  });

  it("looks four levels deep, no deeper", async () => {
    const chain = (depth: number) => {
      let error: Error = Object.assign(new Error("socket"), { code: "UND_ERR_SOCKET" });
      for (let i = 0; i < depth; i++) error = withCause(`level ${i}`, error);
      return error;
    };
    expect(await messageOf(chain(3))).toMatch(reached);
    expect(await messageOf(chain(4))).toMatch(notReached);
  });

  it("a cause that is null, a string or missing is not a connection", async () => {
    expect(await messageOf(withCause("fetch failed", null))).toMatch(notReached);
    expect(await messageOf(withCause("fetch failed", "UND_ERR_SOCKET"))).toMatch(notReached);
    expect(await messageOf(new TypeError("Failed to fetch"))).toMatch(notReached);
  });
});

describe("fetch transport: aborts and bodies", () => {
  it("an abort while fetching rejects with the signal's reason, whatever the fetch rejects with", async () => {
    const controller = new AbortController();
    const transport = fetchTransport(
      (_url, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(new TypeError("the fetch's own abort error")));
          controller.abort("the caller's reason");
        }),
    );
    expect(await failure(transport, request({ signal: controller.signal }))).toBe("the caller's reason");
  });

  it("an abort while reading the body rejects with the signal's reason, whatever the body errors with", async () => {
    const controller = new AbortController();
    const transport = fetchTransport(async () => {
      const body = new ReadableStream<Uint8Array>({
        pull(stream) {
          stream.enqueue(new TextEncoder().encode('{"rooms":['));
          controller.abort("the caller's reason");
          stream.error(new TypeError("terminated"));
        },
      });
      return new Response(body, { status: 200 });
    });
    expect(await failure(transport, request({ signal: controller.signal }))).toBe("the caller's reason");
  });

  it("a body that breaks off is unavailable, with the HTTP status and the body's error as cause", async () => {
    const cause = new TypeError("terminated");
    const transport = fetchTransport(async () => {
      const body = new ReadableStream<Uint8Array>({
        pull(stream) {
          stream.error(cause);
        },
      });
      return new Response(body, { status: 401 });
    });
    const error = twirpError(await failure(transport, request()));
    expect({ code: error.code, msg: error.msg, status: error.status }).toEqual({
      code: "unavailable",
      msg: "the response broke off: terminated",
      status: 401,
    });
    expect(error.cause).toBe(cause);
  });

  it("a response without a body is an empty body", async () => {
    const settled = await outcome(
      fetchTransport(async () => new Response(null, { status: 204 })),
      request(),
    );
    expect("response" in settled && settled.response.body).toEqual(new Uint8Array(0));
  });

  it("a response without a body but a Content-Length over the limit is resource_exhausted", async () => {
    const transport = fetchTransport(async () => new Response(null, { status: 200, headers: { "content-length": "2000" } }));
    const error = twirpError(await failure(transport, request()));
    expect({ code: error.code, msg: error.msg }).toEqual({
      code: "resource_exhausted",
      msg: "the response body declares 2000 bytes than the limit of 1024 bytes (client option maxResponseBytes)",
    });
  });
});

describe.each(transports)("%s transport against a server", (_name, transport) => {
  const local = (overrides: Partial<TransportRequest> = {}) =>
    request({ url: `${server.url}/twirp/livekit.RoomService/ListRooms`, ...overrides });

  it("says a body over the limit is longer than it", async () => {
    server.handle(answer(200, { "content-type": "application/json" }, "x".repeat(1025)));
    const error = twirpError(await failure(transport, local()));
    expect({ code: error.code, msg: error.msg }).toEqual({
      code: "resource_exhausted",
      msg: "the response body is longer than the limit of 1024 bytes (client option maxResponseBytes)",
    });
  });

  it("takes only Content-Length for the body's length, not another header of its length", async () => {
    // "x-total-length" has the 14 characters of "content-length", and comes first.
    server.handle((_request, response) => {
      response.setHeader("x-total-length", "5000");
      response.setHeader("content-type", "application/json");
      response.end("{}");
    });
    const settled = await outcome(transport, local());
    if ("error" in settled) expect.fail(`rejected: ${String(settled.error)}`);
    expect(new TextDecoder().decode(settled.response.body)).toBe("{}");
    expect(settled.response.headers.get("x-total-length")).toBe("5000");
  });

  it("skips an informational answer (103 Early Hints) and reads the final one", async () => {
    server.handle((_request, response) => {
      // Its headers are not the final answer's: not even a length over the limit counts.
      response.writeEarlyHints({ link: "</style.css>; rel=preload; as=style", "content-length": "999999" });
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"rooms":[]}');
    });
    const settled = await outcome(transport, local());
    if ("error" in settled) expect.fail(`rejected: ${String(settled.error)}`);
    expect(settled.response.status).toBe(200);
    expect(new TextDecoder().decode(settled.response.body)).toBe('{"rooms":[]}');
  });
});

describe("node transport", () => {
  const node = nodeTransport();
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ["an answer", () => answer(200, { "content-type": "application/json" }, "{}")],
    ["an error status", () => answer(503, { "content-type": "text/plain" }, "busy")],
    [
      "a connection closed before the answer",
      () => (_request: unknown, response: { socket: { destroy(): void } | null }) => response.socket?.destroy(),
    ],
  ] as const)("leaves no listener on the call's signal after %s (fetch's own, undici's, are not ours)", async (_what, handler) => {
    server.handle(handler() as Parameters<TestServer["handle"]>[0]);
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    await outcome(node, request({ url: `${server.url}/twirp/x.Y/Z`, signal: controller.signal }));
    const listening = added.mock.calls.filter(([type]) => type === "abort").map(([, listener]) => listener);
    const unlistened = removed.mock.calls.filter(([type]) => type === "abort").map(([, listener]) => listener);
    for (const listener of listening) expect(unlistened).toContain(listener);
  });

  it("parses each URL once while it remembers it: the 256 latest, all forgotten when a 257th comes", async () => {
    // Calls with an aborted signal are refused once their URL is parsed, before anything is sent.
    const RealURL = globalThis.URL;
    let parsed = 0;
    globalThis.URL = class extends RealURL {
      constructor(...args: ConstructorParameters<typeof URL>) {
        parsed++;
        super(...args);
      }
    } as typeof URL;
    try {
      const fresh = nodeTransport();
      const send = (i: number) => outcome(fresh, request({ url: `http://127.0.0.1:9/twirp/x.Y/M${i}`, signal: AbortSignal.abort("stop") }));
      await send(0);
      await send(0);
      expect(parsed).toBe(1);
      for (let i = 1; i < 256; i++) await send(i);
      await send(0);
      expect(parsed).toBe(256);
      await send(256);
      expect(parsed).toBe(257);
      await send(0);
      expect(parsed).toBe(258);
      await send(256);
      expect(parsed).toBe(258);
    } finally {
      globalThis.URL = RealURL;
    }
  });

  it("gives the same Headers object on every read of a response's headers", async () => {
    server.handle(answer(200, { "content-type": "application/json", "x-a": "1" }, "{}"));
    const settled = await outcome(node, request({ url: `${server.url}/twirp/x.Y/Z` }));
    if ("error" in settled) expect.fail(`rejected: ${String(settled.error)}`);
    expect(settled.response.headers).toBe(settled.response.headers);
    expect(settled.response.headers.get("x-a")).toBe("1");
  });

  it("a URL it cannot parse is unavailable, saying so, with the parser's error as cause", async () => {
    const error = twirpError(await failure(nodeTransport(), request({ url: "not a url" })));
    expect({ code: error.code, msg: error.msg, status: error.status }).toEqual({
      code: "unavailable",
      msg: 'not a URL: "not a url"',
      status: 0,
    });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it("a body that breaks off keeps the undici error as cause", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      response.write('{"rooms":[', () => response.socket?.destroy());
    });
    const error = twirpError(await failure(nodeTransport(), request({ url: `${server.url}/twirp/x.Y/Z` })));
    expect(error.msg).toMatch(/^the response broke off after 10 bytes: /);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("a call aborted while it waits for a connection rejects at once and is never sent", async () => {
    // A server of its own whose first request holds the transport's only connection.
    let release!: () => void;
    const seen: string[] = [];
    const own = createHttpServer((req, res) => {
      seen.push(req.url ?? "");
      if (req.url === "/first") release = () => res.end("first");
      else res.end("later");
    });
    await new Promise<void>((resolve) => own.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
    const single = nodeTransport({ connections: 1 });
    try {
      const first = single.unary(request({ url: `${base}/first` }));
      await vi.waitFor(() => expect(seen).toEqual(["/first"]), { timeout: bound });
      const controller = new AbortController();
      const queued = outcome(single, request({ url: `${base}/queued`, signal: controller.signal }));
      controller.abort("the caller's reason");
      expect(await queued).toEqual({ error: "the caller's reason" });
      release();
      expect(new TextDecoder().decode((await first).body)).toBe("first");
      // The connection is free again: the next call goes, the aborted one never went.
      const next = await outcome(single, request({ url: `${base}/next` }));
      expect("response" in next).toBe(true);
      expect(seen).toEqual(["/first", "/next"]);
    } finally {
      await single.close();
      own.closeAllConnections();
      own.close();
    }
  });
});

// Which failures the client's opt-in retries retry, for every Twirp code, against a real server
// on 127.0.0.1 and over each transport: `unavailable` (a Twirp error, a gateway's 502/503/504, a
// refused connection) and a 429 or 503 whose Retry-After is honoured; nothing else. The codes
// and their HTTP statuses are written out here from the Twirp spec (twirp.md), not taken from the
// runtime's table. Every call is bounded: a test never waits on vitest's timeout.
import { createServer } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { TwirpError } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { fetchTransport, type Transport } from "protoc-gen-livekit-runtime/twirp";
import { transports } from "../../support/transports.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";
import { specStatuses } from "../../support/twirp-spec.js";

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

/** The codes a server's Twirp error is retried for (ClientOptions.retry: "`unavailable`"). */
const retriedCodes = new Set(["unavailable"]);

const attempts = 3;
const retry = { attempts, backoff: { initialMs: 1, maxMs: 1 } };

/** How long a test waits for a call (it takes milliseconds). */
const bound = 2_000;

/** The error a listRooms call rejects with; the test fails if it resolves, or has not settled within {@link bound} ms. */
async function rejection(client: RoomServiceClient): Promise<TwirpError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no answer">((resolve) => {
    timer = setTimeout(() => resolve("no answer"), bound);
  });
  try {
    const outcome = await Promise.race([
      client.listRooms({}, { signal: AbortSignal.timeout(bound) }).then(
        () => "resolved" as const,
        (error: unknown) => error,
      ),
      late,
    ]);
    if (!(outcome instanceof TwirpError)) expect.fail(`expected a TwirpError, got ${String(outcome)}`);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}

/** A transport that counts the exchanges it is asked for. */
function counting(inner: Transport): Transport & { readonly count: number } {
  let count = 0;
  return {
    get count() {
      return count;
    },
    unary: (request) => {
      count++;
      return inner.unary(request);
    },
  };
}

/** A port nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe("the spec's table", () => {
  it("has the 18 codes, each once", () => {
    expect(new Set(specStatuses.map(([code]) => code)).size).toBe(18);
  });
});

describe.each(transports)("retries (%s transport)", (_name, given) => {
  const transport = given ?? fetchTransport();

  it.each(specStatuses)("a Twirp error %s (HTTP %i) is retried only if it is unavailable", async (code, status) => {
    server.handle(answerJson(status, { code, msg: `went ${code}` }));
    const error = await rejection(new RoomServiceClient(server.url, { transport, retry }));
    expect({ code: error.code, status: error.status }).toEqual({ code, status });
    expect(server.requests).toHaveLength(retriedCodes.has(code) ? attempts : 1);
  });

  it.each(specStatuses)("a Twirp error %s (HTTP %i) is retried only once it is unavailable, then answered", async (code, status) => {
    // The first attempt fails with the code, the next ones succeed: a retried call resolves.
    server.handle((_request, response) => {
      if (server.requests.length === 1) response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ code }));
      else response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const client = new RoomServiceClient(server.url, { transport, retry });
    const outcome = await Promise.race([
      client.listRooms({}, { signal: AbortSignal.timeout(bound) }).then(
        () => "answered",
        (error: unknown) => (error instanceof TwirpError ? error.code : String(error)),
      ),
      new Promise((resolve) => setTimeout(() => resolve("no answer"), bound + 500)),
    ]);
    expect(outcome).toBe(retriedCodes.has(code) ? "answered" : code);
    expect(server.requests).toHaveLength(retriedCodes.has(code) ? 2 : 1);
  });

  it("a code that is not a Twirp code (internal) is not retried", async () => {
    server.handle(answerJson(503, { code: "unavailable_now", msg: "x" }));
    const error = await rejection(new RoomServiceClient(server.url, { transport, retry }));
    expect(error.code).toBe("internal");
    expect(server.requests).toHaveLength(1);
  });

  it("a 200 whose body is not the response (internal) is not retried", async () => {
    server.handle(answer(200, { "content-type": "text/html" }, "<html>captive portal</html>"));
    const error = await rejection(new RoomServiceClient(server.url, { transport, retry }));
    expect(error.code).toBe("internal");
    expect(server.requests).toHaveLength(1);
  });

  // twirp.md, "Errors that do not come from a Twirp server": the code from the HTTP status.
  it.each<[number, string, boolean]>([
    [400, "internal", false],
    [401, "unauthenticated", false],
    [403, "permission_denied", false],
    [404, "bad_route", false],
    [429, "resource_exhausted", false],
    [500, "unknown", false],
    [501, "unknown", false],
    [502, "unavailable", true],
    [503, "unavailable", true],
    [504, "unavailable", true],
  ])("a proxy's HTML HTTP %i (%s) without Retry-After is retried: %s", async (status, code, retried) => {
    server.handle(answer(status, { "content-type": "text/html" }, `<html><title>${status}</title></html>`));
    const error = await rejection(new RoomServiceClient(server.url, { transport, retry }));
    expect(error.code).toBe(code);
    expect(server.requests).toHaveLength(retried ? attempts : 1);
  });

  it.each<[number, string, boolean]>([
    [429, "resource_exhausted", true],
    [503, "unavailable", true],
    [500, "unknown", false],
    [403, "permission_denied", false],
  ])("a proxy's HTTP %i (%s) with Retry-After: 0 is retried: %s", async (status, code, retried) => {
    server.handle(answer(status, { "content-type": "text/plain", "retry-after": "0" }, "come back later"));
    const error = await rejection(new RoomServiceClient(server.url, { transport, retry }));
    expect(error.code).toBe(code);
    expect(server.requests).toHaveLength(retried ? attempts : 1);
  });

  it("a 429 whose Retry-After is over maxRetryAfterMs is not retried", async () => {
    server.handle(answer(429, { "content-type": "text/plain", "retry-after": "2" }, "slow down"));
    const client = new RoomServiceClient(server.url, { transport, retry: { ...retry, maxRetryAfterMs: 1000 } });
    expect((await rejection(client)).code).toBe("resource_exhausted");
    expect(server.requests).toHaveLength(1);
  });

  it("a refused connection (unavailable, no response) is retried up to the attempts", async () => {
    const port = await closedPort();
    const sent = counting(transport);
    const error = await rejection(new RoomServiceClient(`http://127.0.0.1:${port}`, { transport: sent, retry }));
    expect({ code: error.code, status: error.status }).toEqual({ code: "unavailable", status: 0 });
    expect(sent.count).toBe(attempts);
  });

  it("a refused connection is tried once without the retry option", async () => {
    const port = await closedPort();
    const sent = counting(transport);
    const error = await rejection(new RoomServiceClient(`http://127.0.0.1:${port}`, { transport: sent }));
    expect(error.code).toBe("unavailable");
    expect(sent.count).toBe(1);
  });
});

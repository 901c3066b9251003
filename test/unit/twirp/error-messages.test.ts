// Errors that say why, against a real server on 127.0.0.1: LiveKit's own reason in the message
// when it answers without a Twirp error (a plain-text 401, a JSON body of its own), the
// intermediary wording only for a proxy's page or a gateway status, the number of attempts
// after retries, "cannot reach" only when no connection was made. Every error is checked for
// the tokens the client sent and the API secret: none may appear anywhere in it.
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TwirpError } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { maxErrorBodyChars, maxReasonChars } from "../../../packages/runtime/src/twirp/errors.js";
import { transports } from "../../support/transports.js";
import { answer, answerJson, serverPerFile, startServer, type Handler, type TestServer } from "../../support/twirp-server.js";

const apiKey = "APIerrorMessages";
const apiSecret = "error-messages-secret-0123456789-0123456789";
const auth = { apiKey, apiSecret };

const serverOf = serverPerFile();
let server: TestServer;
/** Every error a test saw, checked after it for secrets. */
let seen: TwirpError[] = [];
beforeEach(() => {
  server = serverOf();
  seen = [];
});

/** Every text a TwirpError carries: message, meta keys and values, and its causes' (with stacks). */
function everyText(error: TwirpError): string {
  const texts = [error.message, error.msg, ...Object.entries(error.meta).flat(), error.stack ?? ""];
  for (let cause = error.cause, depth = 0; cause !== undefined && depth < 10; cause = (cause as { cause?: unknown }).cause, depth++) {
    texts.push(cause instanceof Error ? `${cause.message} ${cause.stack ?? ""}` : String(cause));
  }
  return texts.join("\n");
}

afterEach(() => {
  const tokens = server.requests.map((request) => String(request.headers.authorization ?? "").replace(/^Bearer /, ""));
  for (const error of seen) {
    const text = everyText(error);
    expect(text).not.toContain(apiSecret);
    for (const token of tokens.filter((t) => t !== "")) {
      expect(text).not.toContain(token);
      // The signature is the part that proves the secret: not even it alone.
      expect(text).not.toContain(token.split(".")[2]!);
    }
  }
});

/** How long a test waits for a call to fail (it takes milliseconds; the slowest, a timeout of 300 ms). */
const bound = 3_000;

/**
 * The TwirpError a call rejects with (the test fails if it resolves or rejects with anything
 * else, or has not settled within {@link bound} ms: a call that never ends fails on this
 * assertion, not on vitest's timeout).
 */
async function failure(call: Promise<unknown>): Promise<TwirpError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no answer">((resolve) => {
    timer = setTimeout(() => resolve("no answer"), bound);
  });
  const error: unknown = await Promise.race([
    call.then(
      () => undefined,
      (e: unknown) => e,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  if (error === "no answer") expect.fail(`the call had not settled after ${bound} ms`);
  expect(error).toBeInstanceOf(TwirpError);
  seen.push(error as TwirpError);
  return error as TwirpError;
}

/** What a test asserts of an error: everything but the cause. */
function shape(error: TwirpError) {
  return { message: error.message, code: error.code, msg: error.msg, status: error.status, meta: error.meta };
}

/** The meta of every response that is not a Twirp error (the spec's keys). */
function notTwirp(status: number, body: string, more: Record<string, string> = {}) {
  return { http_error_from_intermediary: "true", status_code: String(status), body, ...more };
}

/** A port on 127.0.0.1 that nothing listens on. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Answers with the text LiveKit's auth middleware writes: `w.Write([]byte(err.Error()))`, sniffed as text/plain by Go. */
function livekitText(text: string | ((token: string) => string)): Handler {
  return (request, response) => {
    const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
    response.writeHead(401, { "content-type": "text/plain; charset=utf-8" }).end(typeof text === "string" ? text : text(token));
  };
}

describe.each(transports)("LiveKit's own reason in the message (%s transport)", (_name, transport) => {
  const client = () => new RoomServiceClient(server.url, { transport, auth });

  it("(a) a plain-text 401 `invalid API key`", async () => {
    server.handle(livekitText("invalid API key"));
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: "unauthenticated: invalid API key (HTTP 401 from the server)",
      code: "unauthenticated",
      msg: "invalid API key (HTTP 401 from the server)",
      status: 401,
      meta: notTwirp(401, "invalid API key"),
    });
  });

  it("(a) LiveKit's newer form, which names the key (not a secret)", async () => {
    server.handle(livekitText(`invalid API key: ${apiKey}`));
    const error = await failure(client().listRooms());
    expect(error.message).toBe(`unauthenticated: invalid API key: ${apiKey} (HTTP 401 from the server)`);
  });

  it("(b) a 401 `token signature is invalid` (the dev server's text for a wrong secret)", async () => {
    const text = "invalid authorization token: token signature is invalid: signature is invalid";
    server.handle(livekitText(text));
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: `unauthenticated: ${text} (HTTP 401 from the server)`,
      code: "unauthenticated",
      msg: `${text} (HTTP 401 from the server)`,
      status: 401,
      meta: notTwirp(401, text),
    });
  });

  it("(b) LiveKit's server quotes the whole token for a wrong secret: redacted in message and meta", async () => {
    server.handle(livekitText((token) => `invalid token: ${token}, error: go-jose/go-jose: error in cryptographic primitive`));
    const text = "invalid token: [redacted], error: go-jose/go-jose: error in cryptographic primitive";
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: `unauthenticated: ${text} (HTTP 401 from the server)`,
      code: "unauthenticated",
      msg: `${text} (HTTP 401 from the server)`,
      status: 401,
      meta: notTwirp(401, text),
    });
  });

  it.each([
    [
      "LiveKit's HandleErrorJson form",
      401,
      "text/plain; charset=utf-8",
      { error: "invalid API key" },
      "unauthenticated",
      "invalid API key",
    ],
    ["a `message`", 500, "application/json", { message: "database is down", retryable: false }, "unknown", "database is down"],
    ["a Twirp-like body with an empty code", 404, "application/json", { code: "", msg: "no such method" }, "bad_route", "no such method"],
    [
      "a nested `error.message`",
      403,
      "application/json",
      { error: { message: "project suspended", code: 7 } },
      "permission_denied",
      "project suspended",
    ],
    ["no field that gives a reason", 400, "application/json", { status: "denied", n: 1 }, "internal", '{"status":"denied","n":1}'],
  ])("(c) a JSON body that is not Twirp's: %s", async (_what, status, type, json, code, reason) => {
    const body = JSON.stringify(json);
    server.handle(answer(status, { "content-type": type }, body));
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: `${code}: ${reason} (HTTP ${status} from the server)`,
      code,
      msg: `${reason} (HTTP ${status} from the server)`,
      status,
      meta: notTwirp(status, body),
    });
  });

  it("an empty 401 says so, from the server", async () => {
    server.handle(answer(401, {}, ""));
    const error = await failure(client().listRooms());
    expect(shape(error)).toEqual({
      message: "unauthenticated: empty response (HTTP 401 from the server)",
      code: "unauthenticated",
      msg: "empty response (HTTP 401 from the server)",
      status: 401,
      meta: notTwirp(401, ""),
    });
  });

  it("a Twirp error is as the server sent it, nothing added", async () => {
    server.handle(answerJson(401, { code: "unauthenticated", msg: "permissions denied" }));
    expect(shape(await failure(client().deleteRoom({ room: "r" })))).toEqual({
      message: "unauthenticated: permissions denied",
      code: "unauthenticated",
      msg: "permissions denied",
      status: 401,
      meta: {},
    });
  });
});

describe.each(transports)("an intermediary only where the answer looks like one (%s transport)", (_name, transport) => {
  const client = () => new RoomServiceClient(server.url, { transport, auth });

  it("(d) an HTML 502 page: the intermediary wording and the page's title", async () => {
    const page =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    server.handle(answer(502, { "content-type": "text/html", "retry-after": "5" }, page));
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: "unavailable: error from intermediary with HTTP status 502: 502 Bad Gateway",
      code: "unavailable",
      msg: "error from intermediary with HTTP status 502: 502 Bad Gateway",
      status: 502,
      meta: notTwirp(502, page, { retry_after: "5" }),
    });
  });

  it("(d) any page is an intermediary's, whatever its type says; entities in the title are decoded", async () => {
    const page = "<!DOCTYPE html><html><head><title>example.com | 401: Access &amp; Identity&#33;</title></head></html>";
    server.handle(answer(401, { "content-type": "text/plain" }, page));
    const error = await failure(client().listRooms());
    expect(error.message).toBe("unauthenticated: error from intermediary with HTTP status 401: example.com | 401: Access & Identity!");
  });

  it("(d) a page without a title: the status alone", async () => {
    server.handle(answer(500, { "content-type": "text/html" }, "<html><body><h1>500</h1></body></html>"));
    expect((await failure(client().listRooms())).message).toBe("unknown: error from intermediary with HTTP status 500");
  });

  it("(e) an empty 503", async () => {
    server.handle(answer(503, {}, ""));
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: "unavailable: error from intermediary with HTTP status 503",
      code: "unavailable",
      msg: "error from intermediary with HTTP status 503",
      status: 503,
      meta: notTwirp(503, ""),
    });
  });

  it.each([502, 504])("(e) an empty %i", async (status) => {
    server.handle(answer(status, {}, ""));
    expect((await failure(client().listRooms())).message).toBe(`unavailable: error from intermediary with HTTP status ${status}`);
  });

  it("a gateway's plain-text 503 keeps its text", async () => {
    server.handle(answer(503, { "content-type": "text/plain" }, "no healthy upstream"));
    const error = await failure(client().listRooms());
    expect(error.message).toBe("unavailable: error from intermediary with HTTP status 503: no healthy upstream");
    expect(error.meta).toEqual(notTwirp(503, "no healthy upstream"));
  });

  it("a redirect is still the intermediary's, with its location", async () => {
    server.handle(answer(307, { location: "https://elsewhere.example/twirp" }, ""));
    const error = await failure(client().listRooms());
    expect(error.message).toBe('internal: unexpected redirect (HTTP 307) to "https://elsewhere.example/twirp"');
  });
});

describe.each(transports)("the reason is one bounded, redacted line (%s transport)", (_name, transport) => {
  const client = () => new RoomServiceClient(server.url, { transport, auth });

  it("line breaks and tabs become spaces; control, format and bidi characters are removed", async () => {
    const body = "invalid\r\n\tauthorization\u0000 token:\u0007 expired \u202eyad\u202c\u200b  \u2028 yesterday\u001b[31m\n";
    server.handle(answer(401, { "content-type": "text/plain" }, body));
    const error = await failure(client().listRooms());
    expect(error.msg).toBe("invalid authorization token: expired yad yesterday[31m (HTTP 401 from the server)");
    // meta.body is the body as it came (redacted), for whoever wants it whole.
    expect(error.meta.body).toBe(body);
  });

  it(`a long reason is cut to ${maxReasonChars} characters, whole code points`, async () => {
    const body = `${"é".repeat(150)}${"😀".repeat(100)}`;
    server.handle(answer(401, { "content-type": "text/plain" }, body));
    const error = await failure(client().listRooms());
    expect(error.msg).toBe(`${"é".repeat(150)}${"😀".repeat(49)}… (HTTP 401 from the server)`);
    expect(error.meta.body).toBe(body);
  });

  it("a secret split by a control character is redacted once the character is removed", async () => {
    const split = `${apiSecret.slice(0, 10)}\u0007${apiSecret.slice(10)}`;
    server.handle(answer(401, { "content-type": "text/plain" }, `bad secret ${split}`));
    const error = await failure(client().listRooms());
    expect(error.msg).toBe("bad secret [redacted] (HTTP 401 from the server)");
  });

  it("a secret escaped in JSON is redacted once the JSON is read", async () => {
    const escaped = `\\u${apiSecret.charCodeAt(0).toString(16).padStart(4, "0")}${apiSecret.slice(1)}`;
    server.handle(answer(401, { "content-type": "application/json" }, `{"error":"bad secret ${escaped}"}`));
    const error = await failure(client().listRooms());
    expect(error.msg).toBe("bad secret [redacted] (HTTP 401 from the server)");
  });

  it("a token the body bound cuts is redacted whole, never shown in part", async () => {
    const pad = "x".repeat(maxErrorBodyChars - 6);
    server.handle(livekitText((token) => `${pad}${token}`));
    const error = await failure(client().listRooms());
    expect(error.meta.body).toBe(`${pad}[redac…`);
    expect(error.msg).toBe(`${"x".repeat(maxReasonChars - 1)}… (HTTP 401 from the server)`);
  });

  it("in a body of megabytes full of tokens, none is shown, not even in part where redaction stops", async () => {
    // Each token redacted shortens the text: one cut where redaction stops would come into view.
    server.handle(livekitText((token) => `${`${token} `.repeat(2000)}${"y".repeat(2 * 1024 * 1024)}`));
    const error = await failure(client().listRooms());
    const shown = `${"[redacted] ".repeat(372)}[red`;
    expect(shown).toHaveLength(maxErrorBodyChars);
    expect(error.meta.body).toBe(`${shown}…`);
    expect(error.msg).toBe(`${"[redacted] ".repeat(18)}[… (HTTP 401 from the server)`);
  });

  it("in a body of megabytes, what is kept is its start", async () => {
    server.handle(livekitText(`${"z".repeat(8 * 1024 * 1024)}`));
    const error = await failure(client().listRooms());
    expect(error.meta.body).toBe(`${"z".repeat(maxErrorBodyChars)}…`);
    expect(error.msg).toBe(`${"z".repeat(maxReasonChars - 1)}… (HTTP 401 from the server)`);
  });
});

describe.each(transports)("after retries, the number of attempts (%s transport)", (_name, transport) => {
  const retry = { attempts: 3, backoff: { initialMs: 1, maxMs: 2 } };
  /** Fails every request with `fail` until `failures` have failed, then answers `{}`. */
  function failFirst(failures: number, fail: Handler) {
    server.handle((request, response) => {
      if (server.requests.length <= failures) fail(request, response);
      else response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  }
  const draining = answerJson(503, { code: "unavailable", msg: "node is draining", meta: { node: "n1" } });

  it("(f) a server failing 3 times with `unavailable`", async () => {
    failFirst(3, draining);
    const error = await failure(new RoomServiceClient(server.url, { transport, auth, retry }).listRooms());
    expect(shape(error)).toEqual({
      message: "unavailable: node is draining (after 3 attempts)",
      code: "unavailable",
      msg: "node is draining (after 3 attempts)",
      status: 503,
      meta: { node: "n1", attempts: "3" },
    });
    expect(server.requests).toHaveLength(3);
  });

  it("(f) the same server with a fourth attempt: no error", async () => {
    failFirst(3, draining);
    await new RoomServiceClient(server.url, { transport, auth, retry: { ...retry, attempts: 4 } }).listRooms();
    expect(server.requests).toHaveLength(4);
  });

  it("(f) a proxy's 503 pages, then LiveKit's 401: the last answer, with the attempts", async () => {
    server.handle((request, response) => {
      if (server.requests.length === 1) response.writeHead(503, { "content-type": "text/html" }).end("<title>busy</title>");
      else livekitText("invalid API key")(request, response);
    });
    const error = await failure(new RoomServiceClient(server.url, { transport, auth, retry }).listRooms());
    expect(shape(error)).toEqual({
      message: "unauthenticated: invalid API key (HTTP 401 from the server) (after 2 attempts)",
      code: "unauthenticated",
      msg: "invalid API key (HTTP 401 from the server) (after 2 attempts)",
      status: 401,
      meta: notTwirp(401, "invalid API key", { attempts: "2" }),
    });
  });

  it("one attempt says nothing of attempts, retries on or not", async () => {
    server.handle(livekitText("invalid API key"));
    const error = await failure(new RoomServiceClient(server.url, { transport, auth, retry }).listRooms());
    expect(error.message).toBe("unauthenticated: invalid API key (HTTP 401 from the server)");
    expect(error.meta.attempts).toBeUndefined();
  });

  it("a refused connection, retried", async () => {
    const port = await closedPort();
    const error = await failure(new RoomServiceClient(`http://127.0.0.1:${port}`, { transport, auth, retry }).listRooms());
    expect(error.code).toBe("unavailable");
    expect(error.msg).toMatch(new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED.* \\(after 3 attempts\\)$`));
    expect(error.meta).toEqual({ attempts: "3" });
  });

  it("a timeout while retrying says how many attempts were started", async () => {
    // A server of its own, closed at the end: the attempt the timeout cuts short may reach it
    // after the call has ended, and must not be counted by the next test.
    const own = await startServer(draining);
    try {
      const client = new RoomServiceClient(own.url, {
        transport,
        auth,
        timeoutMs: 300,
        retry: { attempts: 1000, backoff: { initialMs: 20, maxMs: 20 } },
      });
      const error = await failure(client.listRooms());
      expect(error.code).toBe("deadline_exceeded");
      const n = own.requests.length;
      expect(n).toBeGreaterThan(1);
      // The last attempt may be started and not yet recorded by the server when time runs out.
      expect([`call timed out after 300 ms (after ${n} attempts)`, `call timed out after 300 ms (after ${n + 1} attempts)`]).toContain(
        error.msg,
      );
      expect(error.meta.attempts).toBe(error.msg.replace(/.*after (\d+) attempts\)$/, "$1"));
    } finally {
      await own.close();
    }
  });
});

describe.each(transports)('"cannot reach" only when no connection was made (%s transport)', (name, transport) => {
  const client = (url = server.url) => new RoomServiceClient(url, { transport, auth });

  it("(g) a refused connection (a closed port)", async () => {
    const port = await closedPort();
    const origin = `http://127.0.0.1:${port}`;
    const detail = name === "fetch" ? `fetch failed (connect ECONNREFUSED 127.0.0.1:${port})` : `connect ECONNREFUSED 127.0.0.1:${port}`;
    expect(shape(await failure(client(origin).listRooms()))).toEqual({
      message: `unavailable: cannot reach ${origin}: ${detail}`,
      code: "unavailable",
      msg: `cannot reach ${origin}: ${detail}`,
      status: 0,
      meta: {},
    });
  });

  it("(h) a body that breaks off is not `cannot reach`", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"rooms":[');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await failure(client().listRooms());
    const msg =
      name === "fetch"
        ? "the response broke off: terminated (other side closed)"
        : "the response broke off after 10 bytes: other side closed";
    expect(shape(error)).toEqual({ message: `unavailable: ${msg}`, code: "unavailable", msg, status: 200, meta: {} });
  });

  it("(h) an error body that breaks off keeps its status, and is not `cannot reach`", async () => {
    server.handle((_request, response) => {
      response.writeHead(401, { "content-type": "text/plain", "content-length": "100" });
      response.write("invalid");
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await failure(client().listRooms());
    expect(error).toMatchObject({ code: "unavailable", status: 401 });
    expect(error.msg).toMatch(/^the response broke off/);
  });

  it("a server that closes the connection before answering was reached", async () => {
    server.handle((_request, response) => response.socket?.destroy());
    const detail = name === "fetch" ? "fetch failed (other side closed)" : "other side closed";
    expect(shape(await failure(client().listRooms()))).toEqual({
      message: `unavailable: no HTTP response from ${server.url}: ${detail}`,
      code: "unavailable",
      msg: `no HTTP response from ${server.url}: ${detail}`,
      status: 0,
      meta: {},
    });
  });

  it("a server that answers something that is not HTTP was reached", async () => {
    const garbage = createServer((socket) => socket.once("data", () => socket.end("HELLO\r\n\r\n")));
    await new Promise<void>((resolve) => garbage.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(garbage.address() as { port: number }).port}`;
    try {
      const error = await failure(client(origin).listRooms());
      expect(error.code).toBe("unavailable");
      expect(error.msg).toMatch(new RegExp(`^no HTTP response from ${origin.replaceAll(".", "\\.")}: .*HTTP/1\\.1`));
    } finally {
      garbage.close();
    }
  });

  it("a timeout is deadline_exceeded, not `cannot reach`", async () => {
    server.handle(() => undefined);
    const error = await failure(client().listRooms({}, { timeoutMs: 40 }));
    expect(shape(error)).toEqual({
      message: "deadline_exceeded: call timed out after 40 ms",
      code: "deadline_exceeded",
      msg: "call timed out after 40 ms",
      status: 0,
      meta: {},
    });
  });
});

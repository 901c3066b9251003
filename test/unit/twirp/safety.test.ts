// What makes the client safe to ship, against a real server on 127.0.0.1: typed requests (user
// JSON cannot add fields), the token never leaving the client, bounded memory, every failure a
// TwirpError, opt-in retries, and one TwirpError identity across copies of the runtime.
import { decodeJwt, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import { TwirpError, type Interceptor } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { ThingServiceClient } from "../../fixtures/golden/service_twirp.js";
import { transports } from "../../support/transports.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";

const apiKey = "APIsafetyKey";
const apiSecret = "safety-secret-0123456789-0123456789-0123456789";

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

/** How long a test waits for a call: every call here settles in milliseconds (or in its own timeout). */
const bound = 2_000;

/**
 * The error a call rejects with; the test fails if it resolves or rejects with anything else,
 * or if it has not settled within {@link bound} ms (a call that never ends fails the test on an
 * assertion, not on vitest's timeout).
 */
async function rejection(call: Promise<unknown>): Promise<TwirpError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the call has not settled within ${bound} ms`), bound + 500);
  });
  const error = await Promise.race([
    call.then(
      () => undefined,
      (e: unknown) => e,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  if (!(error instanceof TwirpError)) throw new Error(`expected a TwirpError, got ${String(error)}`);
  return error;
}

/** Every text a TwirpError carries: message, meta keys and values, and its causes'. */
function everyText(error: TwirpError): string {
  const texts = [error.message, error.msg, ...Object.entries(error.meta).flat()];
  for (let cause = error.cause; cause !== undefined; cause = (cause as { cause?: unknown }).cause) {
    texts.push(cause instanceof Error ? `${cause.message} ${cause.stack ?? ""}` : String(cause));
  }
  return texts.join("\n");
}

describe("typed requests", () => {
  it("refuses user JSON that smuggles fields through a string, and sends nothing", async () => {
    // Written as a bare number, this string would add maxParticipants and egress to the body.
    const body = JSON.stringify({ name: "r", emptyTimeout: '1,"maxParticipants":100000,"egress":{"room":{"roomName":"x"}}' });
    const client = new RoomServiceClient(server.url, { auth: { apiKey, apiSecret } });
    const error = await rejection(client.createRoom(JSON.parse(body) as never));
    expect(error.code).toBe("invalid_argument");
    expect(error.meta.argument).toBe("emptyTimeout");
    expect(server.requests).toEqual([]);
  });

  it.each([
    ["a boolean as a string", { room: "r", identity: "p", permission: { hidden: "true" } }, "permission.hidden"],
    [
      "an enum number that is not a value",
      { room: "r", identity: "p", permission: { canPublishSources: [99] } },
      "permission.canPublishSources[0]",
    ],
    ["a number in a string map", { room: "r", identity: "p", metadata: "m", attributes: { a: 1 } }, "attributes.a"],
  ])("refuses %s, naming the field", async (_name, request, path) => {
    const client = new RoomServiceClient(server.url);
    const error = await rejection(client.updateParticipant(request as never));
    expect(error.code).toBe("invalid_argument");
    expect(error.meta.argument).toBe(path);
    expect(server.requests).toEqual([]);
  });

  it("never writes keys the message does not have", async () => {
    await new RoomServiceClient(server.url).deleteRoom({ room: "r", hidden: true } as never);
    expect(JSON.parse(server.requests[0]!.body.toString("utf8"))).toEqual({ room: "r" });
  });

  it.each([
    [
      "a throwing getter",
      () =>
        Object.defineProperty({ room: "r" }, "identity", {
          enumerable: true,
          get: () => {
            throw new Error("getter");
          },
        }),
    ],
    [
      "a revoked proxy",
      () => {
        const { proxy, revoke } = Proxy.revocable({ room: "r" }, {});
        revoke();
        return proxy;
      },
    ],
  ])("turns %s into invalid_argument", async (_name, make) => {
    const error = await rejection(new RoomServiceClient(server.url).removeParticipant(make() as never));
    expect(error.code).toBe("invalid_argument");
    expect(server.requests).toEqual([]);
  });

  it("turns a cyclic request into invalid_argument", async () => {
    const struct: Record<string, unknown> = { a: 1 };
    struct.self = struct;
    const error = await rejection(new ThingServiceClient(server.url).wellKnown({ struct } as never));
    expect(error.code).toBe("invalid_argument");
    expect(server.requests).toEqual([]);
  });
});

describe.each(transports)("the token never leaves the client (%s transport)", (_name, transport) => {
  /** Echoes the Authorization header back in a 401, as text and inside a Twirp error. */
  const echo = (format: "text" | "twirp") =>
    server.handle((request, response) => {
      const authorization = String(request.headers.authorization);
      if (format === "text") response.writeHead(401, { "content-type": "text/plain" }).end(`bad token: ${authorization}`);
      else
        response
          .writeHead(401, { "content-type": "application/json" })
          .end(JSON.stringify({ code: "unauthenticated", msg: `bad ${authorization}`, meta: { [authorization]: authorization } }));
    });

  it.each(["text", "twirp"] as const)(
    "a retrying interceptor against a server echoing it (%s): every attempt signed, no token in the error",
    async (format) => {
      echo(format);
      const seen: (string | null)[] = [];
      const retry: Interceptor = (next) => async (call) => {
        seen.push(call.headers.get("authorization"));
        try {
          return await next(call);
        } catch {
          seen.push(call.headers.get("authorization"));
          return await next(call);
        } finally {
          seen.push(call.headers.get("authorization"));
        }
      };
      const client = new RoomServiceClient(server.url, { transport, auth: { apiKey, apiSecret }, interceptors: [retry] });
      const error = await rejection(client.listParticipants({ room: "r1" }));
      expect(error.code).toBe("unauthenticated");
      expect(seen).toEqual([null, null, null]);
      expect(server.requests).toHaveLength(2);
      for (const request of server.requests) {
        const token = String(request.headers.authorization).replace(/^Bearer /, "");
        const { payload } = await jwtVerify(token, new TextEncoder().encode(apiSecret));
        expect(payload.video).toEqual({ roomAdmin: true, room: "r1" });
        expect(everyText(error)).not.toContain(token);
        expect(everyText(error)).not.toContain(token.split(".")[2]!);
      }
      expect(everyText(error)).not.toContain(apiSecret);
      expect(everyText(error)).toContain("[redacted]");
    },
  );

  it("a caller-given token is redacted the same way, and one set in headers is sent as is", async () => {
    echo("twirp");
    const error = await rejection(
      new RoomServiceClient(server.url, { transport, auth: { token: () => "per-call-token-123" } }).listRooms(),
    );
    expect(server.requests[0]!.headers.authorization).toBe("Bearer per-call-token-123");
    expect(everyText(error)).not.toContain("per-call-token-123");
    await rejection(
      new RoomServiceClient(server.url, { transport, headers: { authorization: "Bearer mine" }, auth: { apiKey, apiSecret } }).listRooms(),
    );
    expect(server.requests[1]!.headers.authorization).toBe("Bearer mine");
  });

  it("the retry sends a token from the cache, not one an interceptor kept", async () => {
    let kept: Headers | undefined;
    const keep: Interceptor = (next) => async (call) => {
      kept = call.headers;
      return next(call);
    };
    const client = new RoomServiceClient(server.url, { transport, auth: { apiKey, apiSecret }, interceptors: [keep] });
    await client.listRooms();
    await client.listRooms();
    expect(kept?.has("authorization")).toBe(false);
    const [first, second] = server.requests.map((r) => String(r.headers.authorization));
    expect(first).toBe(second);
    expect(decodeJwt(first!.replace(/^Bearer /, "")).video).toEqual({ roomList: true });
  });
});

describe.each(transports)("bounded memory (%s transport)", (_name, transport) => {
  const limit = 256 * 1024;

  it("stops an endless 200 body at maxResponseBytes, with no timeout, having read about the limit", async () => {
    // "Endless" up to 64 times the limit, then ended: a client that ignored the limit would read
    // it all and fail on the assertions below, not wait forever.
    const cap = 64 * limit;
    let written = 0;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (!response.destroyed && written < cap) {
          written += chunk.length;
          if (!response.write(chunk)) return void response.once("drain", pump);
        }
        response.end();
        closed();
      };
      response.on("close", closed);
      pump();
    });
    // No timeout of the client's: the limit alone must end the call. The caller's signal only
    // bounds the test's wait.
    const client = new RoomServiceClient(server.url, { transport, timeoutMs: 0, maxResponseBytes: limit });
    const error = await rejection(client.listRooms({}, { signal: AbortSignal.timeout(bound) }));
    expect(server.requests).toHaveLength(1);
    await done;
    expect(error.code).toBe("resource_exhausted");
    expect(error.meta.limit).toBe(String(limit));
    expect(error.status).toBe(200);
    // The server stopped because the client went away, long before its 64x the limit.
    expect(written).toBeLessThan(cap);
  });

  it("fails before reading when Content-Length is above the limit", async () => {
    server.handle(answer(200, { "content-type": "application/json", "content-length": String(limit + 1) }, " ".repeat(limit + 1)));
    const error = await rejection(new RoomServiceClient(server.url, { transport, maxResponseBytes: limit }).listRooms());
    expect(error.code).toBe("resource_exhausted");
    expect(error.msg).toContain(`declares ${limit + 1} bytes`);
  });

  it("keeps only a few KiB of an error body in meta.body", async () => {
    server.handle(answer(502, { "content-type": "text/html" }, "<p>" + "x".repeat(1024 * 1024)));
    const error = await rejection(new RoomServiceClient(server.url, { transport }).listRooms());
    expect(error.code).toBe("unavailable");
    expect(error.meta.body!.length).toBeLessThanOrEqual(4097);
    expect(error.meta.body!.startsWith("<p>xxx")).toBe(true);
  });

  it("a connection that dies in the body is unavailable and keeps the status", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
      response.write('{"rooms":[');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const error = await rejection(new RoomServiceClient(server.url, { transport }).listRooms());
    expect(error.code).toBe("unavailable");
    expect(error.status).toBe(200);
  });
});

describe.each(transports)("retries (opt-in, %s transport)", (_name, transport) => {
  /** Fails the first `failures` requests with the handler given, then answers `{}`. */
  function failFirst(failures: number, fail: (response: import("node:http").ServerResponse) => void) {
    server.handle((_request, response) => {
      if (server.requests.length <= failures) fail(response);
      else response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  }
  const html503 = (response: import("node:http").ServerResponse) => response.writeHead(503, { "content-type": "text/html" }).end("busy");

  it("are off by default", async () => {
    failFirst(1, html503);
    expect((await rejection(new RoomServiceClient(server.url, { transport }).listRooms())).code).toBe("unavailable");
    expect(server.requests).toHaveLength(1);
  });

  it("retry unavailable up to the attempts, each attempt signed", async () => {
    failFirst(2, html503);
    const client = new RoomServiceClient(server.url, {
      transport,
      auth: { apiKey, apiSecret },
      retry: { attempts: 3, backoff: { initialMs: 1, maxMs: 2 } },
    });
    await client.listRooms();
    expect(server.requests).toHaveLength(3);
    for (const request of server.requests) expect(request.headers.authorization).toMatch(/^Bearer /);
    server.requests.length = 0;
    failFirst(5, html503);
    expect((await rejection(client.listRooms())).code).toBe("unavailable");
    expect(server.requests).toHaveLength(3);
  });

  it("honour Retry-After on 429 up to the cap, and do not retry past it", async () => {
    failFirst(1, (response) => response.writeHead(429, { "retry-after": "0" }).end("slow down"));
    const client = new RoomServiceClient(server.url, { transport, retry: { attempts: 2 } });
    await client.listRooms();
    expect(server.requests).toHaveLength(2);
    server.requests.length = 0;
    failFirst(1, (response) => response.writeHead(429, { "retry-after": "60" }).end("slow down"));
    expect((await rejection(client.listRooms())).code).toBe("resource_exhausted");
    expect(server.requests).toHaveLength(1);
  });

  it("do not retry other errors", async () => {
    failFirst(1, (response) => response.writeHead(404, { "content-type": "application/json" }).end('{"code":"not_found","msg":"no"}'));
    const client = new RoomServiceClient(server.url, { transport, retry: { attempts: 3, backoff: { initialMs: 1 } } });
    expect((await rejection(client.deleteRoom({ room: "r" }))).code).toBe("not_found");
    expect(server.requests).toHaveLength(1);
  });

  it("stop when the call's time is up", async () => {
    failFirst(1000, html503);
    const client = new RoomServiceClient(server.url, {
      transport,
      timeoutMs: 200,
      retry: { attempts: 1000, backoff: { initialMs: 50, maxMs: 50 } },
    });
    // The caller's signal bounds the wait: a client that ignored its timeout would end as canceled.
    expect((await rejection(client.listRooms({}, { signal: AbortSignal.timeout(bound) }))).code).toBe("deadline_exceeded");
    expect(server.requests.length).toBeLessThan(1000);
  });

  it("are checked when the client is made", () => {
    expect(() => new RoomServiceClient(server.url, { retry: { attempts: 0 } })).toThrow(
      "retry.attempts: expected a whole number >= 1, got 0",
    );
    expect(() => new RoomServiceClient(server.url, { retry: { attempts: 2, backoff: { maxMs: -1 } } })).toThrow("retry.backoff.maxMs");
  });

  it("retry a refused connection", async () => {
    const client = new RoomServiceClient("http://127.0.0.1:1", { transport, retry: { attempts: 2, backoff: { initialMs: 1 } } });
    const error = await rejection(client.listRooms());
    expect(error.code).toBe("unavailable");
  });
});

describe("bad call options", () => {
  it("are a TwirpError invalid_argument, and nothing is sent", async () => {
    const error = await rejection(new RoomServiceClient(server.url).listRooms({}, { timeoutMs: -1 }));
    expect({ code: error.code, msg: error.msg }).toEqual({
      code: "invalid_argument",
      msg: "call option timeoutMs: expected a number >= 0, got -1",
    });
    expect(server.requests).toEqual([]);
  });
});

describe("one TwirpError across copies of the runtime", () => {
  it("an error from the fixture package's client is instanceof this package's TwirpError", async () => {
    server.handle(answerJson(404, { code: "not_found", msg: "no thing" }));
    const error: unknown = await new ThingServiceClient(server.url).ping().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect(new Error("plain")).not.toBeInstanceOf(TwirpError);
    expect({ code: "not_found" }).not.toBeInstanceOf(TwirpError);
  });
});

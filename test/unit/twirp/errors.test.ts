// Every row of twirp.md's tables, against a real server on 127.0.0.1: Twirp errors, bodies
// that are not Twirp errors, connection failure, timeout and abort. Every failure is a TwirpError.
import { createServer } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { TwirpError } from "livekit-room-api";
import { isTwirpErrorCode, twirpCodeStatus } from "../../../packages/runtime/src/twirp/errors.js";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { transports } from "../../support/transports.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";
import { specStatuses } from "../../support/twirp-spec.js";

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

/** How long a test waits for a call: every call here settles in milliseconds, or in its own timeout of 40 ms. */
const bound = 2_000;

/**
 * The error a listRooms call fails with (the test fails if it succeeds or throws something
 * else, or if the call has not settled within {@link bound} ms: a call that never ends fails
 * the test on an assertion, not on vitest's timeout).
 */
async function failure(client: RoomServiceClient, options?: Parameters<RoomServiceClient["listRooms"]>[1]): Promise<TwirpError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the call has not settled within ${bound} ms`), bound + 500);
  });
  const error: unknown = await Promise.race([
    client.listRooms({}, options).then(
      () => undefined,
      (e: unknown) => e,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  expect(error).toBeInstanceOf(TwirpError);
  return error as TwirpError;
}

describe("Twirp errors from the server", () => {
  it("knows exactly the codes of the table, with their statuses", () => {
    const sorted = (rows: [string, number][]) => [...rows].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(Object.entries(twirpCodeStatus))).toEqual(sorted(specStatuses));
    for (const [code] of specStatuses) expect(isTwirpErrorCode(code)).toBe(true);
    for (const notACode of ["cancelled", "dataloss", "ok", "__proto__", "toString"]) expect(isTwirpErrorCode(notACode)).toBe(false);
  });

  it("reads the spec text's spelling dataloss as data_loss", async () => {
    server.handle(answerJson(500, { code: "dataloss", msg: "lost" }));
    const error = await failure(new RoomServiceClient(server.url));
    expect({ code: error.code, msg: error.msg, status: error.status }).toEqual({ code: "data_loss", msg: "lost", status: 500 });
  });

  it.each(specStatuses)("%s (HTTP %i) keeps code, msg, meta and status", async (code, status) => {
    server.handle(answerJson(status, { code, msg: `went ${code}`, meta: { room: "r1", retry: "false" } }));
    const error = await failure(new RoomServiceClient(server.url));
    expect(error.code).toBe(code);
    expect(error.msg).toBe(`went ${code}`);
    expect(error.meta).toEqual({ room: "r1", retry: "false" });
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${code}: went ${code}`);
    expect(error.name).toBe("TwirpError");
  });

  it("reads application/json case-insensitively and with parameters", async () => {
    server.handle(answer(404, { "content-type": "Application/JSON ; Charset=UTF-8" }, '{"code":"not_found","msg":"room not found"}'));
    const error = await failure(new RoomServiceClient(server.url));
    expect({ code: error.code, msg: error.msg, meta: error.meta }).toEqual({ code: "not_found", msg: "room not found", meta: {} });
  });

  it("turns a JSON body with a code outside the 17 into internal, keeping the body", async () => {
    const body = '{"code":"teapot","msg":"short and stout"}';
    server.handle(answer(418, { "content-type": "application/json" }, body));
    const error = await failure(new RoomServiceClient(server.url));
    expect(error.code).toBe("internal");
    expect(error.meta.body).toBe(body);
    expect(error.status).toBe(418);
  });
});

// twirp.md, second table.
const intermediaryRows: [number, string][] = [
  [400, "internal"],
  [401, "unauthenticated"],
  [403, "permission_denied"],
  [404, "bad_route"],
  [429, "resource_exhausted"],
  [502, "unavailable"],
  [503, "unavailable"],
  [504, "unavailable"],
  [500, "unknown"],
  [418, "unknown"],
  [409, "unknown"],
];

describe.each(transports)("errors that do not come from a Twirp server (%s transport)", (_name, transport) => {
  it.each(intermediaryRows)("HTML from a proxy, HTTP %i -> %s with the intermediary meta", async (status, code) => {
    const html = `<html><body><h1>${status}</h1></body></html>`;
    server.handle(answer(status, { "content-type": "text/html", "retry-after": "3" }, html));
    const error = await failure(new RoomServiceClient(server.url, { transport }));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    // Retry-After is kept for retries (and the caller) to honour.
    expect(error.meta).toEqual({ http_error_from_intermediary: "true", status_code: String(status), body: html, retry_after: "3" });
  });

  it.each([301, 302, 307, 308])("a redirect (HTTP %i) is internal, with the location, and is not followed", async (status) => {
    server.handle(answer(status, { location: "https://elsewhere.example/twirp" }, ""));
    const error = await failure(new RoomServiceClient(server.url, { transport }));
    expect(error.code).toBe("internal");
    expect(error.meta).toMatchObject({
      http_error_from_intermediary: "true",
      status_code: String(status),
      location: "https://elsewhere.example/twirp",
    });
    expect(server.requests).toHaveLength(1);
  });

  it("a plain-text 401 (LiveKit's answer to a bad token) is unauthenticated", async () => {
    server.handle(answer(401, { "content-type": "text/plain" }, "invalid token: signature is invalid"));
    const error = await failure(new RoomServiceClient(server.url, { transport }));
    expect(error).toMatchObject({ code: "unauthenticated", status: 401 });
    expect(error.meta.body).toBe("invalid token: signature is invalid");
  });

  it.each([
    ["an empty body", 503, "application/json", "", "unavailable"],
    ["JSON without a code", 500, "application/json", '{"error":"boom"}', "unknown"],
    ["JSON with an empty code", 404, "application/json", '{"code":"","msg":"x"}', "bad_route"],
    ["JSON that is not an object", 400, "application/json", '["not_found"]', "internal"],
    ["broken JSON", 502, "application/json", '{"code":"not_fou', "unavailable"],
    ["JSON with non-string meta values", 403, "application/json", '{"code":"not_found","meta":{"n":1}}', "permission_denied"],
    ["a Twirp error served as text/plain", 404, "text/plain", '{"code":"not_found","msg":"x"}', "bad_route"],
  ])("%s (HTTP %i) is mapped from the status", async (_what, status, type, body, code) => {
    server.handle(answer(status, { "content-type": type }, body));
    const error = await failure(new RoomServiceClient(server.url, { transport }));
    expect(error.code).toBe(code);
    expect(error.meta).toEqual({ http_error_from_intermediary: "true", status_code: String(status), body });
  });

  it("a 200 whose body is not the response message is internal", async () => {
    server.handle(answer(200, { "content-type": "text/html" }, "<html>captive portal</html>"));
    const error = await failure(new RoomServiceClient(server.url, { transport }));
    expect(error.code).toBe("internal");
    expect(error.msg).toContain("livekit.ListRoomsResponse");
  });
});

describe.each(transports)("failures without a response (%s transport)", (_name, transport) => {
  it("a refused connection is unavailable", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const error = await failure(new RoomServiceClient(`http://127.0.0.1:${closed}`, { transport }));
    expect(error.code).toBe("unavailable");
    expect(error.status).toBe(0);
    expect(error.msg).toContain(`127.0.0.1:${closed}`);
  });

  // The caller's own signal bounds the wait: a client that ignored its timeout would end as
  // canceled after `bound` ms, not hang.
  it("a server that does not answer in time is deadline_exceeded, and the header carries the timeout", async () => {
    server.handle(() => undefined);
    const client = new RoomServiceClient(server.url, { transport, timeoutMs: 5000 });
    const error = await failure(client, { timeoutMs: 40, signal: AbortSignal.timeout(bound) });
    expect(error.code).toBe("deadline_exceeded");
    expect(server.requests[0]!.headers["x-twirp-timeout-ms"]).toBe("40");
  });

  it("a body that stops arriving is deadline_exceeded too", async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"rooms":[');
    });
    const error = await failure(new RoomServiceClient(server.url, { transport, timeoutMs: 40 }), { signal: AbortSignal.timeout(bound) });
    expect(error.code).toBe("deadline_exceeded");
  });

  it("an abort by the caller while waiting is canceled", async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = failure(new RoomServiceClient(server.url, { transport }), { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    const error = await pending;
    expect(error.code).toBe("canceled");
    expect(error.status).toBe(0);
  });

  it("an already aborted signal is canceled without a request", async () => {
    const error = await failure(new RoomServiceClient(server.url, { transport }), { signal: AbortSignal.abort() });
    expect(error.code).toBe("canceled");
    expect(server.requests).toHaveLength(0);
  });

  it("timeoutMs 0 sends no timeout header and waits", async () => {
    server.handle((_request, response) => setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end("{}"), 30));
    await new RoomServiceClient(server.url, { transport, timeoutMs: 0 }).listRooms();
    expect(server.requests[0]!.headers["x-twirp-timeout-ms"]).toBeUndefined();
  });
});

// A Twirp server's own 429 (resource_exhausted) or 503 (unavailable) with `Retry-After` is
// retried after the time it asks for, as a proxy's is; a longer wait than maxRetryAfterMs is not.
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, answerJson, startServer, type TestServer } from "../../support/twirp-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Answers the first request with a Twirp error and `Retry-After`, then `{ rooms: [] }`. */
function failOnceWith(status: number, code: string, retryAfter: string) {
  let first = true;
  server.handle((request, response) => {
    if (first) {
      first = false;
      answer(
        status,
        { "content-type": "application/json", "retry-after": retryAfter },
        JSON.stringify({ code, msg: "later" }),
      )(request, response);
    } else answerJson(200, { rooms: [] })(request, response);
  });
}

describe("Retry-After on a Twirp error", () => {
  it.each([
    [429, "resource_exhausted"],
    [503, "unavailable"],
  ])("HTTP %i %s: retried, and the error carries meta retry_after", async (status, code) => {
    const before = server.requests.length;
    failOnceWith(status, code, "0");
    const client = new RoomServiceClient(server.url, { auth: { token: "t" }, retry: { attempts: 2, backoff: { initialMs: 1, maxMs: 1 } } });
    await expect(client.listRooms({})).resolves.toMatchObject({ rooms: [] });
    expect(server.requests.length - before).toBe(2);

    failOnceWith(status, code, "7");
    const once = new RoomServiceClient(server.url, { auth: { token: "t" } });
    const error = await once.listRooms({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect((error as TwirpError).meta).toMatchObject({ retry_after: "7" });
  });

  it("does not wait longer than maxRetryAfterMs: the error comes back at once", async () => {
    const before = server.requests.length;
    failOnceWith(429, "resource_exhausted", "30");
    const client = new RoomServiceClient(server.url, { auth: { token: "t" }, retry: { attempts: 3, maxRetryAfterMs: 1_000 } });
    await expect(client.listRooms({})).rejects.toMatchObject({ code: "resource_exhausted", meta: { retry_after: "30" } });
    expect(server.requests.length - before).toBe(1);
  });

  it("keeps a server's own meta retry_after, and adds none to other statuses", async () => {
    server.handle(
      answer(
        429,
        { "content-type": "application/json", "retry-after": "9" },
        JSON.stringify({ code: "resource_exhausted", msg: "m", meta: { retry_after: "1" } }),
      ),
    );
    const client = new RoomServiceClient(server.url, { auth: { token: "t" } });
    await expect(client.listRooms({})).rejects.toMatchObject({ meta: { retry_after: "1" } });
    server.handle(
      answer(400, { "content-type": "application/json", "retry-after": "9" }, JSON.stringify({ code: "invalid_argument", msg: "m" })),
    );
    const error = (await client.listRooms({}).catch((e: unknown) => e)) as TwirpError;
    expect(error.meta).not.toHaveProperty("retry_after");
  });
});

// Authorization: tokens signed from key and secret (claims, reuse, renewal on a fake clock),
// caller-supplied tokens, no auth, and secrets never leaking into errors or logs.
import { inspect } from "node:util";
import { decodeJwt, jwtVerify } from "jose";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { TwirpError } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { ThingServiceClient } from "../../fixtures/golden/service_twirp.js";
import { answer, answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";

const apiKey = "APIauthKey";
const apiSecret = "auth-secret-0123456789-0123456789-0123456789";
const start = 1_800_000_000_000; // ms

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

/** A client on a clock the test moves by hand. */
function clientOnClock(ttlSeconds?: number) {
  const clock = { now: start };
  const auth = { apiKey, apiSecret, clock: () => clock.now, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) };
  return { client: new RoomServiceClient(server.url, { auth }), clock };
}

function tokens(): string[] {
  return server.requests.map((r) => (r.headers.authorization ?? "").replace(/^Bearer /, ""));
}

describe("tokens signed from API key and secret", () => {
  it("carries iss, nbf and exp from the clock and the TTL, verified against the secret", async () => {
    const { client } = clientOnClock(120);
    await client.listParticipants({ room: "r1" });
    const { payload } = await jwtVerify(tokens()[0]!, new TextEncoder().encode(apiSecret), {
      algorithms: ["HS256"],
      currentDate: new Date(start),
    });
    expect(payload).toEqual({ iss: apiKey, nbf: start / 1000, exp: start / 1000 + 120, video: { roomAdmin: true, room: "r1" } });
  });

  it("reuses the token of a grant, and signs another for another grant", async () => {
    const { client } = clientOnClock();
    await client.listParticipants({ room: "r1" });
    await client.getParticipant({ room: "r1", identity: "a" });
    await client.listParticipants({ room: "r2" });
    await client.listRooms();
    const [a, b, c, d] = tokens();
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
    expect(decodeJwt(c!).video).toEqual({ roomAdmin: true, room: "r2" });
    expect(decodeJwt(d!).video).toEqual({ roomList: true });
  });

  it("renews a token 60 s before it expires (default TTL 600 s)", async () => {
    const { client, clock } = clientOnClock();
    await client.listRooms();
    clock.now = start + 539_999;
    await client.listRooms();
    clock.now = start + 540_000;
    await client.listRooms();
    const [first, reused, renewed] = tokens();
    expect(reused).toBe(first);
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed!)).toMatchObject({ nbf: (start + 540_000) / 1000, exp: (start + 540_000) / 1000 + 600 });
  });

  it("renews at half the lifetime for short TTLs", async () => {
    const { client, clock } = clientOnClock(30);
    await client.listRooms();
    clock.now = start + 14_999;
    await client.listRooms();
    clock.now = start + 15_000;
    await client.listRooms();
    const [first, reused, renewed] = tokens();
    expect(reused).toBe(first);
    expect(renewed).not.toBe(first);
  });

  it("signs anew when the clock goes back before a token's nbf", async () => {
    const { client, clock } = clientOnClock();
    await client.listRooms();
    clock.now = start - 5_000;
    await client.listRooms();
    const [first, second] = tokens();
    expect(second).not.toBe(first);
    expect(decodeJwt(second!).nbf).toBe((start - 5_000) / 1000);
  });

  it("signs once for concurrent calls with the same grant", async () => {
    const { client } = clientOnClock();
    await Promise.all(Array.from({ length: 5 }, () => client.listParticipants({ room: "same" })));
    expect(new Set(tokens()).size).toBe(1);
  });

  it("rejects an empty key or secret, and a bad TTL, without echoing the secret", () => {
    expect(() => new RoomServiceClient(server.url, { auth: { apiKey: "", apiSecret } })).toThrow(/auth.apiKey/);
    expect(() => new RoomServiceClient(server.url, { auth: { apiKey, apiSecret: "" } })).toThrow(/auth.apiSecret/);
    let error: unknown;
    try {
      new RoomServiceClient(server.url, { auth: { apiKey, apiSecret, ttlSeconds: -1 } });
    } catch (e) {
      error = e;
    }
    expect(String(error)).toMatch(/auth.ttlSeconds/);
    expect(inspect(error)).not.toContain(apiSecret);
  });
});

describe("tokens from the caller, and no auth", () => {
  it("sends a fixed token", async () => {
    await new RoomServiceClient(server.url, { auth: { token: "fixed.jwt.value" } }).listRooms();
    expect(server.requests[0]!.headers.authorization).toBe("Bearer fixed.jwt.value");
  });

  it("asks a token function per call, with the service, method and request", async () => {
    const seen: string[] = [];
    const client = new RoomServiceClient(server.url, {
      auth: {
        token: async (call) => {
          seen.push(`${call.service}/${call.method}/${(call.request as { room?: string }).room ?? ""}`);
          return `token-for-${call.method}`;
        },
      },
    });
    await client.deleteRoom({ room: "r9" });
    expect(seen).toEqual(["livekit.RoomService/DeleteRoom/r9"]);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer token-for-DeleteRoom");
  });

  it("turns a failing token function into a TwirpError with the cause", async () => {
    const cause = new Error("vault is sealed");
    const client = new RoomServiceClient(server.url, { auth: { token: () => Promise.reject(cause) } });
    const error = await client.listRooms().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ code: "unknown", cause });
    expect(server.requests).toHaveLength(0);
  });

  it("sends no Authorization header without auth", async () => {
    await new RoomServiceClient(server.url).listRooms();
    await new ThingServiceClient(server.url).getThing({ id: "1" });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });

  it("a service without a grants table takes a caller token, and refuses an API key", async () => {
    await new ThingServiceClient(server.url, { auth: { token: "t1" } }).getThing({ id: "1" });
    expect(server.requests[0]!.headers.authorization).toBe("Bearer t1");
    const keyAuth = { auth: { apiKey, apiSecret } } as unknown as ConstructorParameters<typeof ThingServiceClient>[1];
    expect(() => new ThingServiceClient(server.url, keyAuth)).toThrow(/no grants table/);
  });
});

describe("secrets never leak", () => {
  /** Everything a user might print about an error. */
  function printed(error: unknown): string {
    const e = error as TwirpError;
    return [String(e), e.message, e.msg, JSON.stringify(e.meta), inspect(e, { depth: 8 }), e.stack ?? ""].join("\n");
  }

  it("not from a server that echoes the token and the secret back, in any error form", async () => {
    const echoes = [
      (auth: string) => answer(401, { "content-type": "text/plain" }, `bad token ${auth} signed with ${apiSecret}`),
      (auth: string) => answerJson(403, { code: "permission_denied", msg: `no: ${auth}`, meta: { token: auth, [auth]: apiSecret } }),
      (auth: string) => answerJson(500, { code: `weird ${auth}` }),
      (auth: string) => answer(302, { location: `https://x.example/?t=${encodeURIComponent(auth)}&s=${apiSecret}` }, ""),
      (auth: string) => answer(200, { "content-type": "application/json" }, `{"rooms": [{"name": 1, "${auth}": "${apiSecret}"}]}`),
    ];
    const log = vi.spyOn(console, "log");
    const warn = vi.spyOn(console, "warn");
    const errorLog = vi.spyOn(console, "error");
    const debug = vi.spyOn(console, "debug");
    try {
      for (const echo of echoes) {
        server.handle((request, response) => echo(request.headers.authorization ?? "")(request, response));
        const { client } = clientOnClock();
        const error = await client.listRooms().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TwirpError);
        const token = tokens().at(-1)!;
        expect(token.length).toBeGreaterThan(20);
        const text = printed(error);
        expect(text).not.toContain(token);
        expect(text).not.toContain(apiSecret);
      }
      for (const spy of [log, warn, errorLog, debug]) expect(spy).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("not from a caller's fixed token echoed back", async () => {
    server.handle((request, response) => answer(401, {}, `got ${request.headers.authorization}`)(request, response));
    const error = await new RoomServiceClient(server.url, { auth: { token: "my.fixed.token" } }).listRooms().catch((e: unknown) => e);
    expect(printed(error)).not.toContain("my.fixed.token");
  });

  it("not from the client object itself", () => {
    const { client } = clientOnClock();
    expect(inspect(client, { depth: 8, showHidden: true })).not.toContain(apiSecret);
    expect(JSON.stringify(client)).not.toContain(apiSecret);
  });
});

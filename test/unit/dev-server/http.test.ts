// Raw HTTP against the local room service: the exact status, code and body form of each answer,
// for request keys in either casing, bad routes, bad bodies and every kind of bad token.
import { createHmac } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDevServer, type DevServer } from "livekit-dev-server";

const apiKey = "devkey";
const apiSecret = "secret";
let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ port: 0 });
});
afterAll(() => server.close());

async function bearer(grant: Record<string, unknown>): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret, { identity: "tester" });
  token.addGrant(grant);
  return `Bearer ${await token.toJwt()}`;
}

/** A token whose times are given, signed with node:crypto. */
function timedBearer(nbf: number, exp: number, grant: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: apiKey, nbf, exp, video: grant })}`;
  return `Bearer ${input}.${createHmac("sha256", apiSecret).update(input).digest("base64url")}`;
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

async function post(path: string, body: string, headers: Record<string, string>, method = "POST"): Promise<Answer> {
  const response = await fetch(`${server.url}${path}`, { method, headers, ...(method === "GET" ? {} : { body }) });
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

const twirp = (code: string, msg: string, meta?: Record<string, string>) => JSON.stringify({ code, msg, meta });
const json = { "content-type": "application/json" };

describe("raw HTTP against npm run dev-server", () => {
  it("gives the same result for a request in snake_case and in camelCase keys", async () => {
    const admin = { ...json, authorization: await bearer({ roomCreate: true }) };
    const snake = await post(
      "/twirp/livekit.RoomService/CreateRoom",
      '{"name":"cased","empty_timeout":61,"departure_timeout":7,"max_participants":3}',
      admin,
    );
    const camel = await post(
      "/twirp/livekit.RoomService/CreateRoom",
      '{"name":"cased","emptyTimeout":61,"departureTimeout":7,"maxParticipants":3}',
      admin,
    );
    expect(snake.status).toBe(200);
    expect(camel).toEqual(snake);
    expect(JSON.parse(snake.body)).toMatchObject({ name: "cased", empty_timeout: 61, departure_timeout: 7, max_participants: 3 });

    const join = { ...json, authorization: await bearer({ roomAdmin: true, room: "cased" }) };
    await post("/twirp/livekit.dev.Simulator/Join", '{"room":"cased","identity":"a","tracks":[{"type":"AUDIO"}]}', join);
    const sid = (
      JSON.parse((await post("/twirp/livekit.RoomService/GetParticipant", '{"room":"cased","identity":"a"}', join)).body) as {
        tracks: { sid: string }[];
      }
    ).tracks[0]!.sid;
    const mute = (key: string) =>
      post("/twirp/livekit.RoomService/MutePublishedTrack", `{"room":"cased","identity":"a","${key}":"${sid}","muted":true}`, join);
    const [snakeMute, camelMute] = [await mute("track_sid"), await mute("trackSid")];
    expect(snakeMute.status).toBe(200);
    expect(camelMute).toEqual(snakeMute);
    expect(JSON.parse(snakeMute.body)).toMatchObject({ track: { sid, muted: true } });
  });

  it.each([
    [
      "an unknown method",
      "/twirp/livekit.RoomService/Nope",
      "POST",
      json,
      'no handler for path "/twirp/livekit.RoomService/Nope"',
      "POST /twirp/livekit.RoomService/Nope",
    ],
    [
      "an unknown service",
      "/twirp/livekit.Billing/ListInvoices",
      "POST",
      json,
      'no handler for path "/twirp/livekit.Billing/ListInvoices"',
      "POST /twirp/livekit.Billing/ListInvoices",
    ],
    [
      "a GET",
      "/twirp/livekit.RoomService/ListRooms",
      "GET",
      {},
      'unsupported method "GET" (only POST is allowed)',
      "GET /twirp/livekit.RoomService/ListRooms",
    ],
    [
      "a form",
      "/twirp/livekit.RoomService/ListRooms",
      "POST",
      { "content-type": "application/x-www-form-urlencoded" },
      'unexpected Content-Type: "application/x-www-form-urlencoded"',
      "POST /twirp/livekit.RoomService/ListRooms",
    ],
  ])("answers %s with 404 bad_route", async (_name, path, method, headers, msg, route) => {
    const answer = await post(path, "{}", { ...headers, authorization: await bearer({ roomList: true }) }, method);
    expect(answer).toEqual({ status: 404, contentType: "application/json", body: twirp("bad_route", msg, { twirp_invalid_route: route }) });
  });

  it("answers a body that does not decode with 400 malformed", async () => {
    const answer = await post("/twirp/livekit.RoomService/ListRooms", '{"names": "not a list"}', {
      ...json,
      authorization: await bearer({ roomList: true }),
    });
    expect(answer.status).toBe(400);
    expect(answer.contentType).toBe("application/json");
    expect(JSON.parse(answer.body)).toMatchObject({ code: "malformed", msg: "the json request could not be decoded" });
  });

  it("answers a body over 10 MiB (LiveKit's limit) with 429 resource_exhausted", async () => {
    const limit = 10 * 1024 * 1024;
    const body = JSON.stringify({ names: ["x".repeat(limit)] });
    const answer = await post("/twirp/livekit.RoomService/ListRooms", body, { ...json, authorization: await bearer({ roomList: true }) });
    expect(answer).toEqual({
      status: 429,
      contentType: "application/json",
      body: twirp("resource_exhausted", `the request body is larger than ${limit} bytes`, { limit: String(limit) }),
    });
  });

  it.each([
    ["no token", () => undefined, "invalid authorization header. Must start with Bearer "],
    ["a Basic header", () => "Basic ZGV2a2V5OnNlY3JldA==", "invalid authorization header. Must start with Bearer "],
    [
      "an expired token",
      () => timedBearer(now() - 900, now() - 120, { roomList: true }),
      "invalid authorization token: token has invalid claims: token is expired",
    ],
    [
      "a token not valid yet",
      () => timedBearer(now() + 120, now() + 900, { roomList: true }),
      "invalid authorization token: token has invalid claims: token is not valid yet",
    ],
    ["a token of an unknown key", () => `Bearer ${"x".repeat(10)}`, "invalid authorization token"],
  ])("answers %s with LiveKit's plain-text 401", async (_name, header, text) => {
    const authorization = header();
    const answer = await post(
      "/twirp/livekit.RoomService/ListRooms",
      "{}",
      authorization === undefined ? json : { ...json, authorization },
    );
    expect(answer).toEqual({ status: 401, contentType: "text/plain; charset=utf-8", body: text });
  });

  it.each([
    ["a token for another room", { roomAdmin: true, room: "other" }],
    ["a token without the grant", { roomList: true }],
    ["a room token without roomAdmin", { roomJoin: true, room: "cased" }],
  ])("answers %s with Twirp unauthenticated (401 JSON)", async (_name, grant) => {
    const answer = await post("/twirp/livekit.RoomService/ListParticipants", '{"room":"cased"}', {
      ...json,
      authorization: await bearer(grant),
    });
    expect(answer).toEqual({ status: 401, contentType: "application/json", body: twirp("unauthenticated", "permissions denied") });
  });
});

function now(): number {
  return Math.floor(Date.now() / 1000);
}

// Webhooks (runtime/livekit/webhook.ts): events signed here with node:crypto by LiveKit's rules
// (protocol/webhook/url_notifier.go: HS256 with the API secret, claims iss, exp = now + 5 min,
// nbf, iat and sha256 = standard base64 of the body's SHA-256, sent as `Authorization: <jwt>`),
// every way to refuse one, and livekit-server-sdk's WebhookReceiver as the reference both ways.
import { createHash, createHmac } from "node:crypto";
import * as fc from "fast-check";
import { WebhookReceiver as SdkWebhookReceiver } from "livekit-server-sdk";
import { WebhookEventJsonReader } from "livekit-room-api/livekit_webhook_json";
import type { WebhookEvent } from "livekit-room-api/livekit_webhook_pb";
import {
  AccessToken,
  signWebhook,
  WebhookError,
  WebhookReceiver,
  webhookContentType,
  type WebhookErrorReason,
  type WebhookEventReader,
} from "protoc-gen-livekit-runtime/livekit";
import { afterEach, describe, expect, it, vi } from "vitest";

const keys = { APIwebhook: "webhook-secret-0123456789-0123456789-abc", APIother: "other-secret-0123456789-0123456789-abcd" };
const now = 1_800_000_000; // seconds
const clock = () => now * 1000;

/** A room_started event as LiveKit's server writes it (protojson: camelCase, int64 as strings), with a field this schema lacks. */
const roomStarted = JSON.stringify({
  event: "room_started",
  room: { sid: "RM_abc", name: "standup", emptyTimeout: 300, creationTime: "1799999990", metadata: "ünïcödé ✓" },
  id: "EV_123",
  createdAt: "1800000000",
  addedByALaterLiveKit: { x: 1 },
});

const b64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** The Authorization value LiveKit's server sends with `body`, built by hand with node:crypto. */
function liveKitSigned(
  body: string | Buffer,
  {
    apiKey = "APIwebhook",
    secret = keys[apiKey as keyof typeof keys],
    at = now,
    ttl = 300,
    header = { alg: "HS256", typ: "JWT" },
    claims = {},
  }: {
    apiKey?: string;
    secret?: string;
    at?: number;
    ttl?: number;
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
  } = {},
): string {
  const sha256 = createHash("sha256").update(body).digest("base64");
  const payload = { iss: apiKey, exp: at + ttl, nbf: at, iat: at, sha256, ...claims };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

function receiver(options: { leewaySeconds?: number; maxBodyBytes?: number; at?: number; event?: WebhookEventReader<WebhookEvent> } = {}) {
  const { at = now, event = WebhookEventJsonReader, ...rest } = options;
  return new WebhookReceiver({ keys, event, clock: () => at * 1000, ...rest });
}

async function refusal(promise: Promise<unknown>, reason: WebhookErrorReason): Promise<WebhookError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  expect((error as WebhookError).reason).toBe(reason);
  return error as WebhookError;
}

function request(body: BodyInit | null, headers: Record<string, string> = {}): Request {
  return new Request("https://example.test/livekit/webhook", {
    method: "POST",
    body,
    headers: { "content-type": webhookContentType, ...headers },
  });
}

describe("WebhookReceiver accepts what LiveKit's server sends", () => {
  it("as a string, a Buffer, a Uint8Array or an ArrayBuffer, ignoring fields it does not know", async () => {
    const authorization = liveKitSigned(roomStarted);
    const bytes = Buffer.from(roomStarted);
    for (const body of [
      roomStarted,
      bytes,
      new Uint8Array(bytes),
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    ]) {
      const event = await receiver().receive(body, authorization);
      expect(event.event).toBe("room_started");
      expect(event.room?.name).toBe("standup");
      expect(event.room?.metadata).toBe("ünïcödé ✓");
      expect(event.room?.creationTime).toBe(1_799_999_990n);
      expect(event.createdAt).toBe(1_800_000_000n);
    }
  });

  it("from a fetch Request, with either API key", async () => {
    const authorization = liveKitSigned(roomStarted, { apiKey: "APIother" });
    const event = await receiver().receiveRequest(request(roomStarted, { authorization }));
    expect(event.id).toBe("EV_123");
  });

  it("a body streamed in chunks without a Content-Length", async () => {
    const bytes = Buffer.from(roomStarted);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(new Uint8Array(bytes.subarray(i, i + 7)));
        controller.close();
      },
    });
    const req = new Request("https://example.test/", {
      method: "POST",
      body: stream,
      duplex: "half",
      headers: { authorization: liveKitSigned(bytes) },
    } as RequestInit);
    expect((await receiver().receiveRequest(req)).event).toBe("room_started");
  });

  it("checks the bytes, not a re-encoding of them: a body that is not well-formed UTF-8 is signed as bytes", async () => {
    const bytes = Buffer.concat([Buffer.from('{"event":"room_started","id":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const error = await refusal(receiver().receive(bytes, liveKitSigned(bytes)), "not_json");
    expect(error.status).toBe(400);
  });

  it.each([
    ["within the leeway after exp", now + 300 + 59.999],
    ["within the leeway before nbf", now - 60],
  ])("%s", async (_, at) => {
    await expect(receiver({ at }).receive(roomStarted, liveKitSigned(roomStarted))).resolves.toMatchObject({ event: "room_started" });
  });
});

describe("signWebhook signs as LiveKit's server does", () => {
  it("the same token as one built by hand from LiveKit's rules, for the same body and time", async () => {
    expect(await signWebhook(roomStarted, "APIwebhook", keys.APIwebhook, { clock })).toBe(liveKitSigned(roomStarted));
    const bytes = Buffer.from(roomStarted);
    expect(await signWebhook(bytes, "APIwebhook", keys.APIwebhook, { clock })).toBe(liveKitSigned(bytes));
    expect(await signWebhook(roomStarted, "APIwebhook", keys.APIwebhook, { clock, ttlSeconds: 60 })).toBe(
      liveKitSigned(roomStarted, { ttl: 60 }),
    );
  });

  it("no Bearer, HS256, claims iss/exp/nbf/iat/sha256 with standard padded base64", async () => {
    const token = await signWebhook("{}", "APIwebhook", keys.APIwebhook, { clock });
    expect(token).not.toMatch(/^Bearer/);
    const [header, payload] = token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString()) as unknown);
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(payload).toEqual({
      iss: "APIwebhook",
      exp: now + 300,
      nbf: now,
      iat: now,
      sha256: "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=",
    });
  });

  it("refuses bad arguments", async () => {
    await expect(signWebhook("{}", "", "s")).rejects.toThrow(/^apiKey: /);
    await expect(signWebhook("{}", "k", "")).rejects.toThrow(/^apiSecret: /);
    await expect(signWebhook({} as string, "k", "s")).rejects.toThrow(/^body: expected a string or a Uint8Array, got an object/);
    await expect(signWebhook("{}", "k", "s", { ttlSeconds: 0 })).rejects.toThrow(/^ttlSeconds: /);
  });
});

describe("against livekit-server-sdk's WebhookReceiver", () => {
  const sdk = new SdkWebhookReceiver("APIwebhook", keys.APIwebhook);
  const real = new WebhookReceiver({ keys, event: WebhookEventJsonReader });

  it("the SDK accepts what signWebhook signs, and both read the same event", async () => {
    const authorization = await signWebhook(roomStarted, "APIwebhook", keys.APIwebhook);
    const fromSdk = await sdk.receive(roomStarted, authorization);
    const ours = await real.receive(roomStarted, authorization);
    expect(fromSdk.event).toBe(ours.event);
    expect(fromSdk.room?.name).toBe(ours.room?.name);
    expect(fromSdk.room?.emptyTimeout).toBe(ours.room?.emptyTimeout);
    expect(fromSdk.createdAt).toBe(ours.createdAt);
  });

  it("for any event, both accept what LiveKit's rules sign and both refuse it changed", async () => {
    const field = fc.string({ unit: "binary", maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          event: fc.constantFrom("room_started", "participant_joined", "track_published"),
          id: field,
          name: field,
          identity: field,
          metadata: field,
        }),
        fc.nat({ max: 1000 }),
        async ({ event, id, name, identity, metadata }, flip) => {
          const body = JSON.stringify({
            event,
            id,
            room: { name, metadata },
            participant: { identity, metadata },
            createdAt: "1800000000",
          });
          const authorization = liveKitSigned(body, { at: Math.floor(Date.now() / 1000) });
          const fromSdk = await sdk.receive(body, authorization);
          const ours = await real.receive(body, authorization);
          expect([ours.event, ours.id, ours.room?.name, ours.participant?.identity, ours.participant?.metadata]).toEqual([
            fromSdk.event,
            fromSdk.id,
            fromSdk.room?.name,
            fromSdk.participant?.identity,
            fromSdk.participant?.metadata,
          ]);
          // One byte changed: both refuse it.
          const bytes = Buffer.from(body);
          const at = flip % bytes.length;
          bytes[at] = bytes[at]! ^ 0x01;
          const changed = bytes.toString("latin1");
          await refusal(real.receive(bytes, authorization), "checksum_mismatch");
          await expect(sdk.receive(changed, authorization)).rejects.toThrow();
        },
      ),
      { seed: 1635, numRuns: 100 },
    );
  });
});

describe("every refusal has its reason", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([undefined, null, ""])("no Authorization header (%j)", async (authorization) => {
    const error = await refusal(receiver().receive(roomStarted, authorization), "no_authorization");
    expect(error.message).toMatch(/^no Authorization header/);
    expect(error.status).toBe(401);
    await refusal(receiver().receiveRequest(request(roomStarted, authorization ? { authorization } : {})), "no_authorization");
  });

  it.each([
    ["garbage", "not-a-token", /^the Authorization header is not a JWT$/],
    ["two segments", "a.b", /is not a JWT$/],
    ["a payload that is not JSON", `${b64url('{"alg":"HS256"}')}.${b64url("nope")}.${b64url("sig")}`, /is not a JWT$/],
    ["a payload that is a JSON array", `${b64url('{"alg":"HS256"}')}.${b64url("[1]")}.${b64url("sig")}`, /is not a JWT$/],
  ])("a malformed token: %s", async (_, authorization, message) => {
    const error = await refusal(receiver().receive(roomStarted, authorization), "malformed_token");
    expect(error.message).toMatch(message);
  });

  it("a token sent as Bearer says LiveKit sends it alone", async () => {
    const error = await refusal(receiver().receive(roomStarted, `Bearer ${liveKitSigned(roomStarted)}`), "malformed_token");
    expect(error.message).toMatch(/starts with "Bearer ", but LiveKit sends the token alone/);
  });

  it("a token without iss, or without exp", async () => {
    expect(
      (await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { claims: { iss: undefined } })), "malformed_token"))
        .message,
    ).toMatch(/no iss claim/);
    expect(
      (await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { claims: { exp: undefined } })), "malformed_token"))
        .message,
    ).toMatch(/no exp claim/);
    expect(
      (await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { claims: { exp: "soon" } })), "malformed_token")).message,
    ).toMatch(/no exp claim/);
    expect(
      (await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { claims: { nbf: "now" } })), "malformed_token")).message,
    ).toMatch(/nbf claim is not a number/);
  });

  it("an API key it does not know", async () => {
    const error = await refusal(
      receiver().receive(roomStarted, liveKitSigned(roomStarted, { apiKey: "APIstranger", secret: "x" })),
      "unknown_key",
    );
    expect(error.message).toBe('the webhook is signed with API key "APIstranger", which is not in keys: add it with its secret');
  });

  it("another secret, or another algorithm", async () => {
    const wrong = await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { secret: "not-the-secret" })), "bad_signature");
    expect(wrong.message).toMatch(/does not match the secret of API key "APIwebhook"/);
    expect(wrong.message).not.toContain(keys.APIwebhook);
    const none = await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { header: { alg: "none" } })), "bad_signature");
    expect(none.message).toBe('the token is signed with "none"; LiveKit signs with HS256');
    await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { header: { alg: "HS512", typ: "JWT" } })), "bad_signature");
  });

  it("expired, from exp + the leeway on", async () => {
    const error = await refusal(receiver({ at: now + 300 + 60 }).receive(roomStarted, liveKitSigned(roomStarted)), "expired");
    expect(error.message).toMatch(/^the token expired at 2027-01-15T08:05:00\.000Z \(now 2027-01-15T08:06:00\.000Z, leeway 60 s\)/);
    await refusal(receiver({ at: now + 301, leewaySeconds: 0 }).receive(roomStarted, liveKitSigned(roomStarted)), "expired");
  });

  it("not valid yet, before nbf - the leeway", async () => {
    const error = await refusal(receiver({ at: now - 60.001 }).receive(roomStarted, liveKitSigned(roomStarted)), "not_yet_valid");
    expect(error.message).toMatch(/this server's clock is behind$/);
  });

  it("a body changed after signing says to pass the raw body and check proxies", async () => {
    const authorization = liveKitSigned(roomStarted);
    const reformatted = JSON.stringify(JSON.parse(roomStarted), null, 2);
    const error = await refusal(receiver().receive(reformatted, authorization), "checksum_mismatch");
    expect(error.message).toMatch(/express\.raw\(\{ type: "application\/webhook\+json" \}\)/);
    expect(error.message).toMatch(/proxy or load balancer/);
    await refusal(receiver().receiveRequest(request(reformatted, { authorization })), "checksum_mismatch");
  });

  it("a checksum in another encoding (hex, unpadded, base64url)", async () => {
    const digest = createHash("sha256").update(roomStarted).digest();
    for (const sha256 of [digest.toString("hex"), digest.toString("base64").replace(/=+$/, ""), digest.toString("base64url")]) {
      await refusal(receiver().receive(roomStarted, liveKitSigned(roomStarted, { claims: { sha256 } })), "checksum_mismatch");
    }
  });

  it("a token that signs no body (an access token)", async () => {
    const token = await new AccessToken("APIwebhook", keys.APIwebhook).addGrant({ roomList: true }).toJwt();
    const error = await refusal(
      new WebhookReceiver({ keys, event: WebhookEventJsonReader }).receive(roomStarted, token),
      "checksum_mismatch",
    );
    expect(error.message).toMatch(/no sha256 claim/);
  });

  it.each([
    ["not JSON", "room_started", "not_json", /^the signed body is not JSON text: /],
    ["empty", "", "not_json", /not JSON text/],
    ["JSON, not an object", "[1,2]", "not_webhook_event", /^the signed body is not a livekit\.WebhookEvent: /],
    ["a field of the wrong type", '{"event":"room_started","room":{"name":5}}', "not_webhook_event", /room\.name/],
  ] as const)("a signed body that is %s", async (_, body, reason, message) => {
    const error = await refusal(receiver().receive(body, liveKitSigned(body)), reason);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(400);
  });

  it("a body over maxBodyBytes, given or streamed (with or without Content-Length)", async () => {
    const authorization = liveKitSigned(roomStarted);
    const small = receiver({ maxBodyBytes: 100 });
    const error = await refusal(small.receive(roomStarted, authorization), "body_too_large");
    expect(error.message).toBe(
      `the body is ${Buffer.byteLength(roomStarted)} bytes, more than maxBodyBytes (100); raise maxBodyBytes if LiveKit's events are this large`,
    );
    expect(error.status).toBe(413);
    await refusal(
      small.receiveRequest(request(roomStarted, { authorization, "content-length": String(Buffer.byteLength(roomStarted)) })),
      "body_too_large",
    );
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64));
      },
    });
    const req = new Request("https://example.test/", {
      method: "POST",
      body: endless,
      duplex: "half",
      headers: { authorization },
    } as RequestInit);
    expect((await refusal(small.receiveRequest(req), "body_too_large")).message).toMatch(/^the body is over 128 bytes/);
    expect(pulled).toBeLessThan(5);
    await expect(receiver({ maxBodyBytes: Buffer.byteLength(roomStarted) }).receive(roomStarted, authorization)).resolves.toBeDefined();
  });

  it.each([
    [
      "undefined (nothing read the body)",
      undefined,
      /^no body \(got undefined\): nothing read the request's body\. With Express, mount express\.raw/,
    ],
    ["null", null, /^no body \(got null\)/],
    [
      "an object (express.json() ran)",
      JSON.parse(roomStarted) as unknown,
      /^the body was already parsed \(got an object\).*express\.raw\(\{ type: "application\/webhook\+json" \}\).*\(not express\.json\(\)\)$/,
    ],
    ["an array", [1], /already parsed \(got an array\)/],
    [
      "an empty object (Express 4, no parser matched)",
      {},
      /^the body is an empty object, not the raw body: no body parser took this request \(Express 4's/,
    ],
    ["a number", 5, /^expected the raw body \(a string, Uint8Array or ArrayBuffer\), got a number/],
  ])("a body that is not raw: %s", async (_, body, message) => {
    const error = await refusal(receiver().receive(body as string, liveKitSigned(roomStarted)), "body_not_raw");
    expect(error.message).toMatch(message);
    expect(error.status).toBe(500);
  });

  it("a Request whose body was already read", async () => {
    const req = request(roomStarted, { authorization: liveKitSigned(roomStarted) });
    await req.text();
    expect((await refusal(receiver().receiveRequest(req), "body_not_raw")).message).toMatch(/already read/);
  });

  it("no Web Crypto in the runtime", async () => {
    const authorization = liveKitSigned(roomStarted);
    vi.stubGlobal("crypto", undefined);
    const error = await refusal(receiver().receive(roomStarted, authorization), "crypto_unavailable");
    expect(error.message).toMatch(/^Web Crypto \(globalThis\.crypto\.subtle\) is not available in this runtime.*Node\.js 20 or later/);
    await refusal(receiver().receiveRequest(request(roomStarted, { authorization })), "crypto_unavailable");
    await refusal(signWebhook("{}", "k", "s"), "crypto_unavailable");
    await expect(new AccessToken("k", "s").toJwt()).rejects.toThrow(/Web Crypto \(globalThis\.crypto\.subtle\) is not available/);
  });

  it("decodes nothing that is not verified", async () => {
    const decode = vi.fn(WebhookEventJsonReader.decode);
    const spying = receiver({ event: { decode } });
    const authorization = liveKitSigned(roomStarted);
    await refusal(spying.receive(`${roomStarted} `, authorization), "checksum_mismatch");
    await refusal(spying.receive(roomStarted, liveKitSigned(roomStarted, { secret: "x" })), "bad_signature");
    await refusal(receiver({ event: { decode }, at: now + 1000 }).receive(roomStarted, authorization), "expired");
    expect(decode).not.toHaveBeenCalled();
    await spying.receive(roomStarted, authorization);
    expect(decode).toHaveBeenCalledExactlyOnceWith(JSON.parse(roomStarted), { ignoreUnknownFields: true });
  });

  it("refuses bad options", () => {
    expect(() => new WebhookReceiver({ keys: {}, event: WebhookEventJsonReader })).toThrow(/^keys: expected at least one/);
    expect(() => new WebhookReceiver({ keys: { k: "" }, event: WebhookEventJsonReader })).toThrow(/^keys: expected non-empty/);
    expect(() => new WebhookReceiver({ keys, event: undefined as never })).toThrow(
      /^event: expected the event's JSON reader, WebhookEventJsonReader/,
    );
    expect(() => new WebhookReceiver({ keys, event: WebhookEventJsonReader, maxBodyBytes: 0 })).toThrow(/^maxBodyBytes: /);
    expect(() => new WebhookReceiver({ keys, event: WebhookEventJsonReader, leewaySeconds: -1 })).toThrow(/^leewaySeconds: /);
  });
});

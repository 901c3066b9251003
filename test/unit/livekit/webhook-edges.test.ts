// WebhookReceiver and signWebhook at their edges: the options and arguments refused (with what
// they name), tokens of the wrong shape (a header that is JSON but no object, a signature that
// is not base64url, an empty iss or sha256), exp and nbf that are not finite numbers or absent,
// receiveRequest without a token (the body left unread), bodies at maxBodyBytes declared and
// streamed, a request without a body, views other than Uint8Array, the causes kept, and the key
// imported once. Tokens are signed here with node:crypto's HMAC.
import { createHash, createHmac } from "node:crypto";
import { WebhookEventJsonReader } from "livekit-room-api/livekit_webhook_json";
import { signWebhook, WebhookError, WebhookReceiver, type WebhookErrorReason } from "protoc-gen-livekit-runtime/livekit";
import { afterEach, describe, expect, it, vi } from "vitest";

const apiKey = "APIhookedges";
const secret = "hook-edges-secret-0123456789-0123456789";
const keys = { [apiKey]: secret };
const now = 1_800_000_000;
const body = '{"event":"room_started","id":"EV_1"}';

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");
const sha = (text: string | Buffer) => createHash("sha256").update(text).digest("base64");

/** A token of these raw header and claims texts, signed with the secret. */
function rawToken(header: string, claims: string): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}
const header = '{"alg":"HS256","typ":"JWT"}';
/** A token for `text` with these extra claims (JSON text, so that 1e400 stays 1e400). */
const tokenFor = (text: string | Buffer, claims = `"exp":${now + 300},"nbf":${now}`) =>
  rawToken(header, `{"iss":"${apiKey}",${claims},"sha256":"${sha(text)}"}`);

const receiver = (maxBodyBytes?: number) =>
  new WebhookReceiver({
    keys,
    event: WebhookEventJsonReader,
    clock: () => now * 1000,
    ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
  });

async function refusal(promise: Promise<unknown>, reason: WebhookErrorReason): Promise<WebhookError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookError);
  expect((error as WebhookError).name).toBe("WebhookError");
  expect((error as WebhookError).reason).toBe(reason);
  return error as WebhookError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("options and arguments refused", () => {
  it("options that are not an object, keys that are not one", () => {
    expect(() => new WebhookReceiver(null as never)).toThrow(new TypeError("WebhookReceiver: expected options { keys, event }"));
    expect(() => new WebhookReceiver({ keys: null as never, event: WebhookEventJsonReader })).toThrow(
      new TypeError("keys: expected an object of API key -> secret"),
    );
  });

  it("an Authorization that is not a string", async () => {
    const error = await refusal(receiver().receive(body, 5 as never), "no_authorization");
    expect(error.message).toBe("the Authorization header must be a string, got a number");
  });

  it.each([
    ["", "apiKey: expected a non-empty string"],
    [5, "apiKey: expected a non-empty string"],
  ])("signWebhook with an API key %j", async (key, message) => {
    await expect(signWebhook(body, key as never, secret)).rejects.toThrow(new TypeError(message));
  });

  it.each([[""], [5]])("signWebhook with an API secret %j", async (given) => {
    await expect(signWebhook(body, apiKey, given as never)).rejects.toThrow(new TypeError("apiSecret: expected a non-empty string"));
  });

  it.each([
    [null, "null"],
    [5, "a number"],
    [{}, "an object"],
    [Object.create(null), "an object"],
    [new Map(), "a Map"],
    [Object.create(Object.create(null)), "an object"],
    [[1], "an array"],
  ])("signWebhook with a body %o names what it got", async (given, kind) => {
    await expect(signWebhook(given as never, apiKey, secret)).rejects.toThrow(
      new TypeError(`body: expected a string or a Uint8Array, got ${kind}`),
    );
  });

  it("a body that is not raw says how to get it, for every framework", async () => {
    const error = await refusal(receiver().receive(undefined as never, tokenFor(body)), "body_not_raw");
    expect(error.message).toContain("With Express, mount express.raw");
    expect(error.message).toContain('with Fastify, add a content-type parser for application/webhook+json with parseAs: "string"');
  });
});

describe("tokens of the wrong shape", () => {
  it.each([
    ["a header that is a JSON array", rawToken("[1]", `{"iss":"${apiKey}"}`)],
    ["a header that is a JSON number", rawToken("5", `{"iss":"${apiKey}"}`)],
    ["a header that is JSON null", rawToken("null", `{"iss":"${apiKey}"}`)],
    ["a signature that is not base64url", `${tokenFor(body).split(".").slice(0, 2).join(".")}.!!!`],
    ["a fourth part", `${tokenFor(body)}.x`],
  ])("%s is malformed", async (_what, token) => {
    const error = await refusal(receiver().receive(body, token), "malformed_token");
    expect(error.message).toBe("the Authorization header is not a JWT");
  });

  it('hints at "Bearer " only when the header starts with it', async () => {
    expect((await refusal(receiver().receive(body, "Bearer x"), "malformed_token")).message).toBe(
      'the Authorization header is not a JWT: it starts with "Bearer ", but LiveKit sends the token alone',
    );
    expect((await refusal(receiver().receive(body, "x bearer y"), "malformed_token")).message).toBe(
      "the Authorization header is not a JWT",
    );
  });

  it("an empty iss is malformed, not an unknown key", async () => {
    const error = await refusal(receiver().receive(body, rawToken(header, `{"iss":"","exp":${now + 300}}`)), "malformed_token");
    expect(error.message).toBe("the token has no iss claim naming the API key it is signed with");
  });

  it.each([
    ["empty", '""'],
    ["a number", "5"],
  ])("a sha256 claim that is %s: no webhook's token", async (_what, value) => {
    const token = rawToken(header, `{"iss":"${apiKey}","exp":${now + 300},"sha256":${value}}`);
    const error = await refusal(receiver().receive(body, token), "checksum_mismatch");
    expect(error.message).toBe("the token has no sha256 claim: it is a LiveKit token, but not one that signs a webhook body");
  });

  it("a body that does not match says so first", async () => {
    const error = await refusal(receiver().receive(`${body} `, tokenFor(body)), "checksum_mismatch");
    expect(error.message).toMatch(/^the body's SHA-256 does not match the token's sha256 claim: these are not the bytes LiveKit signed\./);
  });
});

describe("exp and nbf", () => {
  it.each([
    ["an exp that is a string", `"exp":"${now + 300}"`, "the token has no exp claim (a number), which LiveKit requires"],
    ["an exp that is not finite", '"exp":1e400', "the token has no exp claim (a number), which LiveKit requires"],
    ["an nbf that is a string", `"exp":${now + 300},"nbf":"0"`, "the token's nbf claim is not a number"],
    ["an nbf that is not finite", `"exp":${now + 300},"nbf":1e400`, "the token's nbf claim is not a number"],
  ])("%s is malformed", async (_what, claims, message) => {
    const error = await refusal(receiver().receive(body, tokenFor(body, claims)), "malformed_token");
    expect(error.message).toBe(message);
  });

  it("a token without nbf is valid", async () => {
    expect((await receiver().receive(body, tokenFor(body, `"exp":${now + 300}`))).id).toBe("EV_1");
  });
});

describe("bodies", () => {
  it("accepts any ArrayBuffer view of the bytes, not only a Uint8Array", async () => {
    const bytes = Buffer.from(body);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect((await receiver().receive(view as never, tokenFor(body))).id).toBe("EV_1");
  });

  it("signWebhook signs bytes as bytes", async () => {
    const bytes = new TextEncoder().encode(body);
    const token = await signWebhook(bytes, apiKey, secret, { clock: () => now * 1000 });
    expect((await receiver().receive(bytes, token)).id).toBe("EV_1");
  });

  it("keeps the parser's error as the cause of not_json, and the reader's of not_webhook_event", async () => {
    const notJson = await refusal(receiver().receive("{", tokenFor("{")), "not_json");
    expect(notJson.cause).toBeInstanceOf(SyntaxError);
    const notEvent = await refusal(receiver().receive('{"event":5}', tokenFor('{"event":5}')), "not_webhook_event");
    expect(notEvent.cause).toBeInstanceOf(Error);
  });

  it("imports each key once", async () => {
    const importKey = vi.spyOn(crypto.subtle, "importKey");
    const hooks = receiver();
    await hooks.receive(body, tokenFor(body));
    await hooks.receive(body, tokenFor(body));
    expect(importKey).toHaveBeenCalledTimes(1);
  });
});

describe("receiveRequest", () => {
  const url = "https://example.test/livekit/webhook";

  it.each([[undefined], [""]])("without a token (%j) refuses without reading the body, whatever its size", async (authorization) => {
    const request = new Request(url, { method: "POST", body, headers: authorization === undefined ? {} : { authorization } });
    await refusal(receiver(1).receiveRequest(request), "no_authorization");
    expect(request.bodyUsed).toBe(false);
  });

  it("a declared length of exactly maxBodyBytes is read, one more refused before reading", async () => {
    const size = Buffer.byteLength(body);
    const at = new Request(url, { method: "POST", body, headers: { authorization: tokenFor(body), "content-length": String(size) } });
    expect((await receiver(size).receiveRequest(at)).id).toBe("EV_1");
    const over = new Request(url, { method: "POST", body, headers: { authorization: tokenFor(body), "content-length": String(size) } });
    const error = await refusal(receiver(size - 1).receiveRequest(over), "body_too_large");
    expect(error.message).toBe(
      `the body is ${size} bytes, more than maxBodyBytes (${size - 1}); raise maxBodyBytes if LiveKit's events are this large`,
    );
    expect(over.bodyUsed).toBe(false);
  });

  it("a streamed body of exactly maxBodyBytes is read, one more refused", async () => {
    const size = Buffer.byteLength(body);
    const streamed = () =>
      new Request(url, {
        method: "POST",
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(body));
            controller.close();
          },
        }),
        duplex: "half",
        headers: { authorization: tokenFor(body) },
      } as RequestInit);
    expect((await receiver(size).receiveRequest(streamed())).id).toBe("EV_1");
    const error = await refusal(receiver(size - 1).receiveRequest(streamed()), "body_too_large");
    expect(error.message).toMatch(new RegExp(`^the body is over ${size} bytes, more than maxBodyBytes \\(${size - 1}\\)`));
  });

  it("a request without a body is an empty body", async () => {
    const request = new Request(url, { method: "POST", headers: { authorization: tokenFor("") } });
    await refusal(receiver().receiveRequest(request), "not_json");
  });
});

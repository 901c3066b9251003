// LiveKit webhooks, both ways. LiveKit's server POSTs a `livekit.WebhookEvent` in proto3 JSON
// (`Content-Type: application/webhook+json`) with `Authorization: <JWT>` (no `Bearer`): HS256 by
// the secret of the API key in `iss`, valid for five minutes, whose `sha256` claim is the
// standard, padded base64 of the SHA-256 of the body's bytes. The receiver checks all of that
// as LiveKit's Go receiver does (a minute of leeway on exp/nbf, the checksum compared in
// constant time) before it reads the event; `signWebhook` signs as LiveKit's server does.
import { base64url, decodeBase64url, hmacKey } from "./jwt.js";

/** The content type LiveKit sends webhooks with. */
export const webhookContentType = "application/webhook+json";

/** Why a webhook was refused; {@link WebhookError.status} is the HTTP status to answer with. */
export type WebhookErrorReason =
  /** No Web Crypto (`globalThis.crypto.subtle`) in this runtime. */
  | "crypto_unavailable"
  /** The body given is not the raw body (a parsed object, undefined, a body already read). */
  | "body_not_raw"
  /** The body is longer than `maxBodyBytes`. */
  | "body_too_large"
  /** No Authorization header, or an empty one. */
  | "no_authorization"
  /** The Authorization header is not a JWT with the claims LiveKit signs. */
  | "malformed_token"
  /** The token's `iss` names an API key that is not in `keys`. */
  | "unknown_key"
  /** The token is not signed with the key's secret (or not with HS256). */
  | "bad_signature"
  /** The token expired (beyond the leeway). */
  | "expired"
  /** The token is not valid yet (beyond the leeway). */
  | "not_yet_valid"
  /** The body's SHA-256 is not the token's `sha256` claim: the body was changed, or the token is no webhook's. */
  | "checksum_mismatch"
  /** The signed body is not JSON. */
  | "not_json"
  /** The signed body is JSON but not a `livekit.WebhookEvent`. */
  | "not_webhook_event";

const statusOf: Readonly<Record<WebhookErrorReason, 400 | 401 | 413 | 500>> = {
  crypto_unavailable: 500,
  body_not_raw: 500,
  body_too_large: 413,
  no_authorization: 401,
  malformed_token: 401,
  unknown_key: 401,
  bad_signature: 401,
  expired: 401,
  not_yet_valid: 401,
  checksum_mismatch: 401,
  not_json: 400,
  not_webhook_event: 400,
};

/** A webhook that was not accepted: `reason` says why, the message what to do. */
export class WebhookError extends Error {
  override name = "WebhookError";
  constructor(
    readonly reason: WebhookErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The HTTP status to answer with: 401 for auth failures, 400 for a bad event, 413, or 500 for this server's setup. */
  get status(): 400 | 401 | 413 | 500 {
    return statusOf[this.reason];
  }
}

/** What decodes the event: the generated `WebhookEventJsonReader` (`livekit-room-api/livekit_webhook_json`). */
export interface WebhookEventReader<E> {
  decode(json: unknown, options?: { readonly ignoreUnknownFields?: boolean }): E;
}

export interface WebhookReceiverOptions<E> {
  /** API key -> API secret: the keys LiveKit may sign with. */
  readonly keys: Readonly<Record<string, string>>;
  /** Decodes the verified body; unknown fields are ignored (LiveKit adds fields). */
  readonly event: WebhookEventReader<E>;
  /** The longest body accepted, in bytes; default 1 MiB. */
  readonly maxBodyBytes?: number;
  /** How far `exp` and `nbf` may be off, in seconds; default 60, as LiveKit. */
  readonly leewaySeconds?: number;
  /** The current time in milliseconds; default `Date.now`. For tests. */
  readonly clock?: () => number;
}

/** The raw body of a webhook request: the exact bytes LiveKit sent, or their text. */
export type WebhookBody = string | Uint8Array | ArrayBuffer;

/** Verifies webhooks and decodes their events: `new WebhookReceiver({ keys, event: WebhookEventJsonReader })`. */
export class WebhookReceiver<E> {
  /** API key -> its secret as an HMAC key, imported on first use. */
  readonly #secrets: ReadonlyMap<string, string>;
  readonly #keys = new Map<string, ReturnType<typeof crypto.subtle.importKey>>();
  readonly #reader: WebhookEventReader<E>;
  readonly #maxBodyBytes: number;
  readonly #leeway: number;
  readonly #clock: () => number;

  constructor(options: WebhookReceiverOptions<E>) {
    if (typeof options !== "object" || options === null) throw new TypeError("WebhookReceiver: expected options { keys, event }");
    const secrets = new Map<string, string>();
    if (typeof options.keys !== "object" || options.keys === null) throw new TypeError("keys: expected an object of API key -> secret");
    for (const [apiKey, secret] of Object.entries(options.keys)) {
      if (apiKey === "" || typeof secret !== "string" || secret === "") {
        throw new TypeError(`keys: expected non-empty API keys and secrets (key ${JSON.stringify(apiKey)})`);
      }
      secrets.set(apiKey, secret);
    }
    if (secrets.size === 0) throw new TypeError("keys: expected at least one API key and secret");
    if (typeof options.event?.decode !== "function") {
      throw new TypeError("event: expected the event's JSON reader, WebhookEventJsonReader from livekit-room-api/livekit_webhook_json");
    }
    const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0)
      throw new TypeError(`maxBodyBytes: expected a positive whole number, got ${maxBodyBytes}`);
    const leeway = options.leewaySeconds ?? 60;
    if (!Number.isFinite(leeway) || leeway < 0) throw new TypeError(`leewaySeconds: expected a number >= 0, got ${leeway}`);
    this.#secrets = secrets;
    this.#reader = options.event;
    this.#maxBodyBytes = maxBodyBytes;
    this.#leeway = leeway;
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * The event of a webhook, once its token and checksum are verified. `body` is the raw body
   * (a string, or bytes: a Node Buffer is a Uint8Array), `authorization` the Authorization
   * header. Throws a {@link WebhookError}.
   */
  async receive(body: WebhookBody, authorization: string | null | undefined): Promise<E> {
    requireCrypto();
    const bytes = rawBytes(body);
    if (bytes.byteLength > this.#maxBodyBytes) throw tooLarge(bytes.byteLength, this.#maxBodyBytes);
    if (authorization === null || authorization === undefined || authorization === "") {
      throw new WebhookError(
        "no_authorization",
        "no Authorization header: LiveKit signs every webhook with a token in it. Pass request.headers.authorization; if it is missing, something between LiveKit and this server drops it",
      );
    }
    if (typeof authorization !== "string")
      throw new WebhookError("no_authorization", `the Authorization header must be a string, got ${kindOf(authorization)}`);
    const claims = await this.#verifyToken(authorization);
    const expected = base64(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
    const claimed = claims["sha256"];
    if (typeof claimed !== "string" || claimed === "") {
      throw new WebhookError(
        "checksum_mismatch",
        "the token has no sha256 claim: it is a LiveKit token, but not one that signs a webhook body",
      );
    }
    if (!constantTimeEqual(claimed, expected)) {
      throw new WebhookError(
        "checksum_mismatch",
        "the body's SHA-256 does not match the token's sha256 claim: these are not the bytes LiveKit signed. Pass the body exactly as received " +
          '(with Express, express.raw({ type: "application/webhook+json" }), not express.json() or a re-serialized object); ' +
          "if a proxy or load balancer sits in front of this server, make sure it forwards the body unchanged",
      );
    }
    let text: string;
    let json: unknown;
    try {
      text = strictUtf8.decode(bytes);
      json = JSON.parse(text);
    } catch (error) {
      throw new WebhookError("not_json", `the signed body is not JSON text: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    try {
      return this.#reader.decode(json, { ignoreUnknownFields: true });
    } catch (error) {
      throw new WebhookError(
        "not_webhook_event",
        `the signed body is not a livekit.WebhookEvent: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  /** {@link receive} for a fetch handler: reads the request's body (up to `maxBodyBytes`) and its Authorization header. */
  async receiveRequest(request: Request): Promise<E> {
    requireCrypto();
    const authorization = request.headers.get("authorization");
    if (authorization === null || authorization === "") return this.receive("", authorization);
    return this.receive(await readBody(request, this.#maxBodyBytes), authorization);
  }

  /** The claims of a token whose signature, key and times check out. */
  async #verifyToken(token: string): Promise<Record<string, unknown>> {
    const parts = token.split(".");
    const [header, payload, signature] = parts.map(decodeBase64url);
    const claims = payload === undefined ? undefined : parseJsonObject(payload);
    const headerJson = header === undefined ? undefined : parseJsonObject(header);
    if (parts.length !== 3 || headerJson === undefined || signature === undefined || claims === undefined) {
      const hint = /^bearer /i.test(token) ? ': it starts with "Bearer ", but LiveKit sends the token alone' : "";
      throw new WebhookError("malformed_token", `the Authorization header is not a JWT${hint}`);
    }
    const apiKey = claims["iss"];
    if (typeof apiKey !== "string" || apiKey === "")
      throw new WebhookError("malformed_token", "the token has no iss claim naming the API key it is signed with");
    const secret = this.#secrets.get(apiKey);
    if (secret === undefined) {
      throw new WebhookError(
        "unknown_key",
        `the webhook is signed with API key ${JSON.stringify(apiKey)}, which is not in keys: add it with its secret`,
      );
    }
    if (headerJson["alg"] !== "HS256") {
      throw new WebhookError("bad_signature", `the token is signed with ${JSON.stringify(headerJson["alg"])}; LiveKit signs with HS256`);
    }
    let key = this.#keys.get(apiKey);
    if (key === undefined) {
      key = hmacKey(secret, "verify");
      this.#keys.set(apiKey, key);
    }
    if (!(await crypto.subtle.verify("HMAC", await key, signature, utf8.encode(`${parts[0]}.${parts[1]}`)))) {
      throw new WebhookError(
        "bad_signature",
        `the token's signature does not match the secret of API key ${JSON.stringify(apiKey)}: check that secret`,
      );
    }
    const { exp, nbf } = claims;
    if (typeof exp !== "number" || !Number.isFinite(exp))
      throw new WebhookError("malformed_token", "the token has no exp claim (a number), which LiveKit requires");
    if (nbf !== undefined && (typeof nbf !== "number" || !Number.isFinite(nbf)))
      throw new WebhookError("malformed_token", "the token's nbf claim is not a number");
    // As golang-jwt with LiveKit's leeway: valid while now < exp + leeway and now >= nbf - leeway.
    const now = this.#clock() / 1000;
    if (now >= exp + this.#leeway) {
      throw new WebhookError(
        "expired",
        `the token expired at ${isoSeconds(exp)} (now ${isoSeconds(now)}, leeway ${this.#leeway} s): a webhook delivered late, replayed, or this server's clock is wrong`,
      );
    }
    if (nbf !== undefined && now < nbf - this.#leeway) {
      throw new WebhookError(
        "not_yet_valid",
        `the token is valid from ${isoSeconds(nbf)} (now ${isoSeconds(now)}, leeway ${this.#leeway} s): this server's clock is behind`,
      );
    }
    return claims;
  }
}

export interface SignWebhookOptions {
  /** Lifetime of the token in seconds; default 300, as LiveKit's server. */
  readonly ttlSeconds?: number;
  /** The current time in milliseconds; default `Date.now`. */
  readonly clock?: () => number;
}

/**
 * The Authorization header value LiveKit's server sends with a webhook body (the token alone,
 * no `Bearer`): HS256 with claims `iss`, `exp`, `nbf`, `iat` and `sha256`, the standard base64
 * of the body's SHA-256. Send the body as it was signed, with `Content-Type: application/webhook+json`.
 */
export async function signWebhook(
  body: string | Uint8Array,
  apiKey: string,
  apiSecret: string,
  options: SignWebhookOptions = {},
): Promise<string> {
  requireCrypto();
  if (typeof apiKey !== "string" || apiKey === "") throw new TypeError("apiKey: expected a non-empty string");
  if (typeof apiSecret !== "string" || apiSecret === "") throw new TypeError("apiSecret: expected a non-empty string");
  if (typeof body !== "string" && !(body instanceof Uint8Array))
    throw new TypeError(`body: expected a string or a Uint8Array, got ${kindOf(body)}`);
  const ttl = options.ttlSeconds ?? 300;
  if (!Number.isSafeInteger(ttl) || ttl <= 0)
    throw new TypeError(`ttlSeconds: expected a positive whole number of seconds, got ${String(ttl)}`);
  const bytes = typeof body === "string" ? utf8.encode(body) : new Uint8Array(body);
  const sha256 = base64(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
  const now = Math.floor((options.clock ?? Date.now)() / 1000);
  // In the order LiveKit's Go claims marshal: registered claims, then the grants.
  const claims = { iss: apiKey, exp: now + ttl, nbf: now, iat: now, sha256 };
  const signingInput = `${jwtHeader}.${base64url(utf8.encode(JSON.stringify(claims)))}`;
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(apiSecret, "sign"), utf8.encode(signingInput));
  return `${signingInput}.${base64url(new Uint8Array(signature))}`;
}

const utf8 = /*@__PURE__*/ new TextEncoder();
const strictUtf8 = /*@__PURE__*/ new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const jwtHeader = /*@__PURE__*/ base64url(/*@__PURE__*/ utf8.encode('{"alg":"HS256","typ":"JWT"}'));

function requireCrypto(): void {
  if (globalThis.crypto?.subtle === undefined) {
    throw new WebhookError(
      "crypto_unavailable",
      "Web Crypto (globalThis.crypto.subtle) is not available in this runtime, and webhooks are verified with it: " +
        "use Node.js 20 or later (or Deno, Bun, a Workers runtime); on an older Node.js, set globalThis.crypto = require('node:crypto').webcrypto",
    );
  }
}

/** The bytes of a raw body; anything else is a WebhookError that says how to get the raw body. */
function rawBytes(body: unknown): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return utf8.encode(body);
  if (body instanceof Uint8Array) return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength);
  const rawBodyHelp =
    'With Express, mount express.raw({ type: "application/webhook+json" }) on the webhook route and pass req.body; ' +
    'with Fastify, add a content-type parser for application/webhook+json with parseAs: "string"; in a fetch handler, use receiveRequest(request)';
  if (body === undefined || body === null) {
    throw new WebhookError("body_not_raw", `no body (got ${String(body)}): nothing read the request's body. ${rawBodyHelp}`);
  }
  if (typeof body === "object" && Object.keys(body).length === 0 && !Array.isArray(body)) {
    throw new WebhookError(
      "body_not_raw",
      `the body is an empty object, not the raw body: no body parser took this request (Express 4's parsers leave {} when the Content-Type is not theirs). ${rawBodyHelp}`,
    );
  }
  if (typeof body === "object") {
    throw new WebhookError(
      "body_not_raw",
      `the body was already parsed (got ${kindOf(body)}): the signature covers the exact bytes LiveKit sent, which a parsed object no longer has. ` +
        `Pass the raw body instead. ${rawBodyHelp} (not express.json())`,
    );
  }
  throw new WebhookError(
    "body_not_raw",
    `expected the raw body (a string, Uint8Array or ArrayBuffer), got ${kindOf(body)}. ${rawBodyHelp}`,
  );
}

/** The request's body, refused as soon as it passes `limit` bytes. */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (request.bodyUsed) {
    throw new WebhookError(
      "body_not_raw",
      "the request's body was already read: call receiveRequest before anything else reads it, or pass the raw body to receive()",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) throw tooLarge(declared, limit);
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(size, limit, true);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(size: number, limit: number, atLeast = false): WebhookError {
  return new WebhookError(
    "body_too_large",
    `the body is ${atLeast ? "over " : ""}${size} bytes, more than maxBodyBytes (${limit}); raise maxBodyBytes if LiveKit's events are this large`,
  );
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(strictUtf8.decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether two strings are equal, in time that depends only on `expected`'s length. */
function constantTimeEqual(actual: string, expected: string): boolean {
  let difference = actual.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) difference |= (i < actual.length ? actual.charCodeAt(i) : 0) ^ expected.charCodeAt(i);
  return difference === 0;
}

const base64Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard, padded base64 (RFC 4648 §4), as Go's base64.StdEncoding. */
function base64(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += base64Chars[n >>> 18]! + base64Chars[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? base64Chars[(n >>> 6) & 63]! : "=";
    out += i + 2 < bytes.length ? base64Chars[n & 63]! : "=";
  }
  return out;
}

function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name !== "Object" ? `a ${name}` : "an object";
  }
  return `a ${typeof value}`;
}

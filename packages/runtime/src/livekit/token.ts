// LiveKit access tokens for server API calls: HS256 JWTs carrying the grant an RPC needs,
// signed with the API secret (Web Crypto, so it runs wherever `crypto.subtle` does: Node,
// Deno, Bun, Workers, browsers) and reused until shortly before they expire.
import type { GrantClaims, GrantSigner } from "../twirp/auth.js";
import { base64url, hmacKey } from "./jwt.js";

/** Authenticate with an API key and secret: the client signs a token per grant. */
export interface KeyAuth {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** Lifetime of each signed token; default 600 (10 minutes, as LiveKit's server SDK). */
  readonly ttlSeconds?: number;
  /** The current time in milliseconds; default `Date.now`. For tests and simulated clocks. */
  readonly clock?: () => number;
}

/** Renew a token this long before it expires, at most half its lifetime. */
const renewMarginSeconds = 60;
/** Distinct grants (one per room for room-scoped RPCs) whose tokens are kept. */
const maxCachedTokens = 512;

interface CachedToken {
  readonly token: Promise<string>;
  readonly notBefore: number;
  readonly renewAt: number;
}

/** Signs and caches tokens. The secret stays in this object and never reaches an error. */
export class TokenSigner implements GrantSigner {
  readonly #apiKey: string;
  readonly #secretText: string;
  /** The HMAC key, imported once, on first use. */
  #key: ReturnType<typeof crypto.subtle.importKey> | undefined;
  readonly #ttlSeconds: number;
  readonly #clock: () => number;
  readonly #cache = new Map<string, CachedToken>();

  constructor(auth: KeyAuth) {
    if (typeof auth.apiKey !== "string" || auth.apiKey === "") {
      throw new TypeError("auth.apiKey: expected a non-empty string");
    }
    if (typeof auth.apiSecret !== "string" || auth.apiSecret === "") {
      throw new TypeError("auth.apiSecret: expected a non-empty string");
    }
    const ttl = auth.ttlSeconds ?? 600;
    if (!Number.isInteger(ttl) || ttl <= 0) {
      throw new TypeError(`auth.ttlSeconds: expected a positive whole number of seconds, got ${String(ttl)}`);
    }
    this.#apiKey = auth.apiKey;
    this.#secretText = auth.apiSecret;
    this.#ttlSeconds = ttl;
    this.#clock = auth.clock ?? Date.now;
  }

  /** A token for the claims: the cached one while it has more than the margin left, else a new one. */
  token(grant: GrantClaims): Promise<string> {
    const key = JSON.stringify(grant);
    const now = this.#clock() / 1000;
    const cached = this.#cache.get(key);
    if (cached !== undefined && now >= cached.notBefore && now < cached.renewAt) return cached.token;
    const notBefore = Math.floor(now);
    const expires = notBefore + this.#ttlSeconds;
    const token = this.#sign({ ...grant, iss: this.#apiKey, nbf: notBefore, exp: expires });
    const renewAt = expires - Math.min(renewMarginSeconds, this.#ttlSeconds / 2);
    this.#cache.delete(key);
    if (this.#cache.size >= maxCachedTokens) this.#cache.delete(this.#cache.keys().next().value as string);
    this.#cache.set(key, { token, notBefore, renewAt });
    // A failed signing is not kept: the next call tries again.
    token.catch(() => {
      if (this.#cache.get(key)?.token === token) this.#cache.delete(key);
    });
    return token;
  }

  async #sign(claims: Record<string, unknown>): Promise<string> {
    const signingInput = `${jwtHeader}.${base64url(utf8.encode(JSON.stringify(claims)))}`;
    this.#key ??= hmacKey(this.#secretText, "sign");
    const signature = await crypto.subtle.sign("HMAC", await this.#key, utf8.encode(signingInput));
    return `${signingInput}.${base64url(new Uint8Array(signature))}`;
  }

  /** The text with every occurrence of the secret replaced. */
  redact(text: string): string {
    return text.replaceAll(this.#secretText, "[redacted]");
  }
}

const utf8 = /*@__PURE__*/ new TextEncoder();
const jwtHeader = /*@__PURE__*/ base64url(/*@__PURE__*/ utf8.encode('{"alg":"HS256","typ":"JWT"}'));

// LiveKit access tokens on the server side: an HS256 JWT verified against the configured API
// keys (signature through Web Crypto, `iss` naming the key, `nbf` and a required `exp` with
// LiveKit's leeway of one minute), then checked for the grant an RPC needs: the grants sidecar,
// the same table the generated clients sign with. Answers as LiveKit's server does: a missing
// or invalid token is a plain-text 401, a token without the grant is Twirp `unauthenticated`.
import { TwirpError } from "../twirp/errors.js";
import type { GrantClaims } from "../twirp/auth.js";
import type { ServerAuth } from "../twirp/server/options.js";
import { PlainTextError } from "../twirp/server/reply.js";
import { decodeBase64url, hmacKey } from "./jwt.js";

export interface LiveKitAuthOptions {
  /** API key -> API secret. */
  readonly keys: Readonly<Record<string, string>>;
  /** The current time in milliseconds; default `Date.now`. For tests and simulated clocks. */
  readonly clock?: () => number;
  /** How far `nbf` and `exp` may be off, in seconds; default 60, as LiveKit. */
  readonly leewaySeconds?: number;
}

/** A token whose signature and times were checked. */
export interface VerifiedToken {
  /** The key it was signed with (its `iss`). */
  readonly apiKey: string;
  /** All its claims: `video`, `sub`, `exp`, ... */
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Why a token was refused; `message` is the text of LiveKit's 401. */
export class TokenError extends Error {
  override name = "TokenError";
}

/** Verified tokens kept, so that a client reusing its token is not verified again on every call. */
const maxCachedTokens = 1024;

/** Checks LiveKit tokens for a Twirp server: `createRoomServiceHandler(impl, { auth: livekitAuth({ keys }) })`. */
export function livekitAuth(options: LiveKitAuthOptions): ServerAuth {
  const verifier = new TokenVerifier(options);
  return {
    authenticate: (headers) => verifier.verifyHeader(headers.get("authorization")),
    authorize(auth, grant) {
      if (grant !== undefined && !grantAllows((auth as VerifiedToken).claims, grant)) {
        throw new TwirpError("unauthenticated", "permissions denied");
      }
    },
  };
}

/** Whether a token's claims hold every entry of a grant (a missing entry counts as `""`, `false` or `0`, as in LiveKit's Go structs). */
export function grantAllows(claims: Readonly<Record<string, unknown>>, grant: GrantClaims): boolean {
  for (const [claimName, entries] of Object.entries(grant)) {
    const claim = Object.hasOwn(claims, claimName) ? claims[claimName] : undefined;
    const have = typeof claim === "object" && claim !== null ? (claim as Record<string, unknown>) : {};
    for (const [key, want] of Object.entries(entries)) {
      const value = Object.hasOwn(have, key) ? have[key] : zeroOf(want);
      if (value !== want) return false;
    }
  }
  return true;
}

function zeroOf(value: unknown): unknown {
  switch (typeof value) {
    case "string":
      return "";
    case "boolean":
      return false;
    case "number":
      return 0;
    default:
      return undefined;
  }
}

/** Verifies tokens against a set of keys; the secrets stay in this object. */
export class TokenVerifier {
  /** API key -> its secret as an HMAC key (typed without the DOM lib's `CryptoKey`). */
  readonly #keys: ReadonlyMap<string, ReturnType<typeof crypto.subtle.importKey>>;
  readonly #clock: () => number;
  readonly #leeway: number;
  readonly #verified = new Map<string, VerifiedToken>();

  constructor(options: LiveKitAuthOptions) {
    const keys = new Map<string, ReturnType<typeof crypto.subtle.importKey>>();
    for (const [apiKey, secret] of Object.entries(options.keys)) {
      if (apiKey === "" || typeof secret !== "string" || secret === "") {
        throw new TypeError(`keys: expected non-empty API keys and secrets (key ${JSON.stringify(apiKey)})`);
      }
      keys.set(apiKey, hmacKey(secret, "verify"));
    }
    this.#keys = keys;
    this.#clock = options.clock ?? Date.now;
    this.#leeway = options.leewaySeconds ?? 60;
  }

  /** The token of an `Authorization: Bearer <jwt>` header, verified; a PlainTextError 401 (LiveKit's text) if not. */
  async verifyHeader(header: string | null): Promise<VerifiedToken> {
    if (header === null || !header.startsWith("Bearer ")) {
      throw new PlainTextError(401, "invalid authorization header. Must start with Bearer ");
    }
    try {
      return await this.verify(header.slice("Bearer ".length));
    } catch (error) {
      throw error instanceof TokenError ? new PlainTextError(401, error.message) : error;
    }
  }

  /** Verifies a JWT; throws a TokenError saying why it is refused. */
  async verify(token: string): Promise<VerifiedToken> {
    const now = this.#clock() / 1000;
    const cached = this.#verified.get(token);
    if (cached !== undefined) {
      this.#checkTimes(cached.claims, now);
      return cached;
    }
    const parts = token.split(".");
    const [header, payload, signature] = parts.map(decodeBase64url);
    const claims = payload === undefined ? undefined : parseJsonObject(payload);
    const apiKey = claims?.["iss"];
    if (parts.length !== 3 || header === undefined || signature === undefined || claims === undefined || typeof apiKey !== "string") {
      throw new TokenError("invalid authorization token");
    }
    const key = this.#keys.get(apiKey);
    if (key === undefined) throw new TokenError("invalid API key");
    const alg = parseJsonObject(header)?.["alg"];
    if (alg !== "HS256")
      throw new TokenError(`invalid authorization token: token is unverifiable: signing method ${String(alg)} is invalid`);
    const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
    if (!(await crypto.subtle.verify("HMAC", await key, signature, signed))) {
      throw new TokenError("invalid authorization token: token signature is invalid: signature is invalid");
    }
    this.#checkTimes(claims, now);
    const verified: VerifiedToken = { apiKey, claims };
    if (this.#verified.size >= maxCachedTokens) this.#verified.delete(this.#verified.keys().next().value as string);
    this.#verified.set(token, verified);
    return verified;
  }

  #checkTimes(claims: Readonly<Record<string, unknown>>, now: number): void {
    const { exp, nbf } = claims;
    if (exp === undefined)
      throw new TokenError("invalid authorization token: token has invalid claims: token is missing required claim: exp claim is required");
    // JSON.parse reads 1e400 as Infinity: a time that is not finite is no time (Go's JSON decoder refuses 1e400 too).
    if (!isFiniteNumber(exp) || (nbf !== undefined && !isFiniteNumber(nbf))) {
      throw new TokenError("invalid authorization token: token is malformed: exp and nbf must be numbers");
    }
    if (now > exp + this.#leeway) throw new TokenError("invalid authorization token: token has invalid claims: token is expired");
    if (nbf !== undefined && now < nbf - this.#leeway) {
      throw new TokenError("invalid authorization token: token has invalid claims: token is not valid yet");
    }
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(utf8.decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

// The client side of auth: the token each call sends (the client's `auth: { token }`, or one the
// service's GrantSigner signs for the RPC's claims from `auth: { apiKey, apiSecret }`), and
// keeping every token sent, and the signer's secret, out of the errors the client throws.
import type { GrantSigner, TokenAuth } from "./auth.js";
import { describeError, TwirpError } from "./errors.js";
import type { TwirpMethod } from "./method.js";

/** Tokens remembered for redaction (signed or from a token function). */
const maxRememberedTokens = 512;
/**
 * Shorter tokens are not redacted: a test's `"t"` is no secret, and replacing every `t` would
 * destroy the text. Real tokens (JWTs, API tokens) are far longer.
 */
const minRedactedLength = 8;

/** One client's credentials: one instance per client object. */
export class ClientCredentials<KeyAuth> {
  readonly #token: TokenAuth["token"] | undefined;
  readonly #signer: GrantSigner | undefined;
  /** Every token this client sent, so that none reaches an error. */
  readonly #sent = new Set<string>();

  /** From the client's `auth` option; `keySigner` is the service's, for key auth (services with a grants table only). */
  constructor(auth: TokenAuth | KeyAuth | undefined, keySigner: ((auth: KeyAuth) => GrantSigner) | undefined) {
    if (typeof auth === "object" && auth !== null && "apiKey" in auth) {
      if (keySigner === undefined) {
        throw new TypeError("auth: this service has no grants table, so it needs auth: { token }, not an API key");
      }
      this.#signer = keySigner(auth as KeyAuth);
    } else {
      this.#token = (auth as TokenAuth | undefined)?.token;
    }
  }

  /**
   * The headers of one attempt: as they are when they already hold an `Authorization` (it is
   * sent instead) or there is no token, else a copy with the token, so that it never reaches the
   * call's headers, where interceptors could read or resend it.
   */
  async authorized(headers: Headers, method: TwirpMethod<object, object>, request: object): Promise<Headers> {
    if (headers.has("authorization")) return headers;
    let token: string | undefined;
    if (this.#signer !== undefined && method.grant !== undefined) {
      token = await this.#signer.token(method.grant(request));
    } else {
      const source = this.#token;
      token = typeof source === "function" ? await source({ service: method.service, method: method.name, request }) : source;
    }
    if (token === undefined) return headers;
    this.#remember(token);
    const authorized = new Headers(headers);
    authorized.set("authorization", `Bearer ${token}`);
    return authorized;
  }

  #remember(token: string): void {
    if (token.length < minRedactedLength || this.#sent.has(token)) return;
    if (this.#sent.size >= maxRememberedTokens) this.#sent.delete(this.#sent.values().next().value as string);
    this.#sent.add(token);
  }

  /** The text without any token this client sent or the API secret. */
  readonly redact = (text: string): string => {
    for (const token of this.#sent) if (text.includes(token)) text = text.replaceAll(token, "[redacted]");
    return this.#signer?.redact(text) ?? text;
  };

  /** Any failure as a TwirpError whose message, meta and cause hold no secret. */
  redacted(error: unknown): TwirpError {
    const redact = this.redact;
    if (!(error instanceof TwirpError)) {
      return new TwirpError("unknown", `call failed: ${redact(describeError(error))}`, {}, 0, { cause: safeCause(error, redact) });
    }
    const meta = Object.fromEntries(Object.entries(error.meta).map(([key, value]) => [redact(key), redact(value)]));
    return new TwirpError(error.code, redact(error.msg), meta, error.status, { cause: safeCause(error.cause, redact) });
  }
}

/** A cause kept as is when its text holds no secret, else replaced by its redacted text. */
function safeCause(cause: unknown, redact: (text: string) => string): unknown {
  if (cause === undefined) return undefined;
  const text = describeError(cause);
  const clean = redact(text);
  return clean === text ? cause : new Error(clean);
}

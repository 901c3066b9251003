// The Twirp client core: what every generated `<Service>Client` is thin over. It checks the
// client's options, builds each call (URL, headers, timeout, abort), runs it through the
// interceptors, and sends it as one POST per attempt through a Transport; every failure comes
// out as a TwirpError with secrets redacted. Its parts are modules of their own: the wire
// format (wire-format.ts), auth and redaction (credentials.ts), validation (validation.ts),
// retries (retry.ts). Web APIs only: it runs on Node, Deno, Bun, Workers and in browsers.
import type { Registry } from "@bufbuild/protobuf";
import type { GrantSigner, TokenAuth } from "./auth.js";
import { ClientCredentials } from "./credentials.js";
import { describeError, errorFromResponse, TwirpError } from "./errors.js";
import type { Interceptor, TwirpCall, TwirpHandler } from "./interceptor.js";
import type { BinaryFormat, TwirpMethod } from "./method.js";
import { checkRetry, retrying, withAttempts, type RetryOptions } from "./retry.js";
import type { Transport } from "./transport.js";
import { fetchTransport } from "./transport-fetch.js";
import { validated, type ServiceValidators } from "./validation.js";
import { WireFormat } from "./wire-format.js";

/**
 * What `new Headers()` takes: the DOM's `HeadersInit`, named here so that projects whose types
 * come from @types/node alone (no "dom" lib) have it too.
 */
export type HeadersInit = ConstructorParameters<typeof Headers>[0];

export interface ClientOptions<Auth = TokenAuth> {
  /** Path between the base URL and `/<package>.<Service>/<Method>`; default `"/twirp"`, may be `""`. */
  readonly prefix?: string;
  /** How requests are sent; default: over `fetch`. */
  readonly transport?: Transport;
  /** The fetch function of the default transport; default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers sent with every call. */
  readonly headers?: HeadersInit;
  /** Default timeout of a call in milliseconds (also sent as `X-Twirp-Timeout-Ms`); default 10000, 0 for none. */
  readonly timeoutMs?: number;
  /**
   * The largest response body read; default 64 MiB. Past it the call fails with
   * `resource_exhausted` and nothing more is read.
   */
  readonly maxResponseBytes?: number;
  /** Wire format: `"json"` (default), or the service's `<Service>Binary` for protobuf. */
  readonly format?: "json" | BinaryFormat;
  /** JSON request bodies use proto field names (`track_sid`) instead of JSON names (`trackSid`). */
  readonly useProtoFieldName?: boolean;
  /** Message types that `google.protobuf.Any` fields may hold. */
  readonly registry?: Registry;
  readonly interceptors?: readonly Interceptor[];
  /** Without `auth`, no `Authorization` header is sent. */
  readonly auth?: Auth;
  /**
   * The service's `<Service>Validators` (from its `_zod` module): every request is checked and
   * converted by its Zod schema first. A request that fails is a TwirpError `invalid_argument`
   * whose meta holds `argument` (the path of the first problem) and `issues` (all of them, as
   * JSON); nothing is sent.
   */
  readonly validate?: ServiceValidators;
  /**
   * Retry failed connections, `unavailable`, and 429/503 with `Retry-After`; default off. An
   * error after more than one attempt says so: `(after 3 attempts)` and meta `attempts`.
   */
  readonly retry?: RetryOptions;
}

/** Options of one call. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number;
  /** Added to (and overriding) the client's headers. */
  readonly headers?: HeadersInit;
}

/** What the generated client knows about its service. */
export interface ServiceInfo<KeyAuth> {
  readonly name: string;
  /** Builds the token signer for key auth; only services with a grants table have one. */
  readonly keySigner?: (auth: KeyAuth) => GrantSigner;
}

const defaultTimeoutMs = 10_000;
/** setTimeout's largest delay: a longer one would fire at once (a timeout of 25 days or more is none in practice). */
const maxTimerMs = 2 ** 31 - 1;
/**
 * 64 MiB: about ten times the largest answer LiveKit sends in practice (ListParticipants of a
 * room with thousands of participants, a few KB each in the server's form), while a broken or
 * hostile server cannot make a call hold more memory than that.
 */
const defaultMaxResponseBytes = 64 * 1024 * 1024;
const utf8 = /*@__PURE__*/ new TextDecoder();

/** The shared machinery behind every generated client: one instance per client object. */
export class TwirpClient<KeyAuth = never> {
  readonly #urlBase: string;
  readonly #transport: Transport;
  readonly #headers: Headers;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #format: WireFormat;
  readonly #credentials: ClientCredentials<KeyAuth>;
  readonly #validators: ServiceValidators | undefined;
  readonly #retry: RetryOptions | undefined;
  readonly #handler: TwirpHandler;

  constructor(baseUrl: string, options: ClientOptions<TokenAuth | KeyAuth>, service: ServiceInfo<KeyAuth>) {
    this.#urlBase = joinUrl(baseUrl, options.prefix ?? "/twirp");
    if (options.transport !== undefined && options.fetch !== undefined) {
      throw new TypeError("fetch: only for the default transport; give it to your transport instead");
    }
    this.#transport = options.transport ?? fetchTransport(options.fetch);
    this.#headers = new Headers(options.headers);
    this.#timeoutMs = checkNumber("timeoutMs", options.timeoutMs ?? defaultTimeoutMs);
    this.#maxResponseBytes = checkNumber("maxResponseBytes", options.maxResponseBytes ?? defaultMaxResponseBytes);
    const binary = options.format === "json" ? undefined : options.format;
    if (binary !== undefined && (typeof binary !== "object" || binary.service !== service.name)) {
      throw new TypeError(`format: expected "json" or ${service.name.replace(/.*\./, "")}Binary`);
    }
    this.#format = new WireFormat(binary, options.useProtoFieldName === true, options.registry);
    this.#validators = options.validate;
    if (this.#validators !== undefined && this.#validators.service !== service.name) {
      throw new TypeError(`validate: expected the validators of ${service.name}, got those of ${String(this.#validators.service)}`);
    }
    this.#credentials = new ClientCredentials(options.auth, service.keySigner);
    this.#retry = options.retry === undefined ? undefined : checkRetry(options.retry);
    const send: TwirpHandler = (call) => this.#send(call);
    this.#handler = (options.interceptors ?? []).reduceRight<TwirpHandler>((next, wrap) => wrap(next), send);
  }

  /** Calls an RPC: validates the request (if asked), runs the interceptors, sends it. */
  async call<I, O extends object>(method: TwirpMethod<I, O>, init: I, options: CallOptions = {}): Promise<O> {
    let timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    if (timeoutMs !== this.#timeoutMs && !isMilliseconds(timeoutMs)) {
      throw new TwirpError("invalid_argument", `call option timeoutMs: expected a number >= 0, got ${describeError(timeoutMs)}`);
    }
    // An RPC that rings waits for the callee: as livekit-server-sdk does, its timeout covers the ringing.
    if (timeoutMs > 0 && method.minTimeoutMs !== undefined) timeoutMs = Math.max(timeoutMs, method.minTimeoutMs(init));
    const caller = options.signal;
    if (caller?.aborted) throw canceled(caller.reason);
    // One controller for both ways a call can end early; `timedOut` tells them apart.
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(caller?.reason);
    caller?.addEventListener("abort", onAbort, { once: true });
    const timer =
      timeoutMs > 0
        ? setTimeout(
            () => {
              timedOut = true;
              controller.abort();
            },
            Math.min(timeoutMs, maxTimerMs),
          )
        : undefined;
    try {
      const call: TwirpCall = {
        service: method.service,
        method: method.name,
        rpc: method as unknown as TwirpMethod<never, object>,
        url: `${this.#urlBase}/${method.service}/${method.name}`,
        request: this.#validators === undefined ? (init as object) : validated(this.#validators, method, init),
        headers: this.#callHeaders(options.headers, timeoutMs),
        signal: controller.signal,
        timeoutMs,
      };
      return (await this.#handler(call)) as O;
    } catch (error) {
      // A timeout or an abort ends the call whatever failed inside (an attempt or a wait).
      const failure = timedOut
        ? new TwirpError("deadline_exceeded", `call timed out after ${timeoutMs} ms`)
        : caller?.aborted
          ? canceled(caller.reason)
          : this.#credentials.redacted(error);
      throw withAttempts(failure, controller.signal);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  }

  #callHeaders(callHeaders: HeadersInit | undefined, timeoutMs: number): Headers {
    const headers = new Headers(this.#headers);
    if (callHeaders !== undefined) new Headers(callHeaders).forEach((value, name) => headers.set(name, value));
    headers.set("content-type", this.#format.contentType);
    if (timeoutMs > 0) headers.set("x-twirp-timeout-ms", String(timeoutMs));
    return headers;
  }

  /** The innermost handler: every attempt encodes, signs and sends anew. */
  #send(call: TwirpCall): Promise<object> {
    return this.#retry === undefined ? this.#attempt(call) : retrying(this.#retry, call.signal, () => this.#attempt(call));
  }

  async #attempt(call: TwirpCall): Promise<object> {
    const method = call.rpc as TwirpMethod<object, object>;
    const body = this.#format.encode(method, call.request);
    const headers = await this.#credentials.authorized(call.headers, method, call.request);
    const response = await this.#transport.unary({
      url: call.url,
      headers,
      body,
      signal: call.signal,
      maxResponseBytes: this.#maxResponseBytes,
    });
    if (response.status !== 200) {
      throw errorFromResponse(response.status, response.headers, utf8.decode(response.body), this.#credentials.redact);
    }
    return this.#format.decode(method, response.body);
  }
}

function canceled(reason: unknown): TwirpError {
  return new TwirpError("canceled", "call canceled by the caller", {}, 0, { cause: reason });
}

function isMilliseconds(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function checkNumber(name: string, value: number): number {
  if (!isMilliseconds(value)) throw new TypeError(`${name}: expected a number >= 0, got ${String(value)}`);
  return value;
}

/** `base` + `prefix`, without doubled or trailing slashes; `ws(s):` LiveKit URLs become `http(s):`. */
function joinUrl(baseUrl: string, prefix: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl.replace(/^ws(s?):/i, "http$1:"));
  } catch {
    throw new TypeError(`baseUrl: not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`baseUrl: expected an http(s) URL, got ${JSON.stringify(url.protocol)}`);
  }
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, "");
  const path = prefix.replace(/^\/*/, "/").replace(/\/+$/, "");
  return path === "/" ? base : `${base}${path}`;
}

// The Twirp client core: what every generated `<Service>Client` is thin over. One POST per call
// through a Transport, with interceptors, timeouts, abort, auth, opt-in validation, binary
// format and retries, and every failure as a TwirpError with secrets redacted.
// Web APIs only: it runs on Node, Deno, Bun,
// Workers and in browsers.
import type { Registry } from "@bufbuild/protobuf";
import type { GrantClaims, GrantSigner, TokenAuth } from "./auth.js";
import { describeError, errorFromResponse, TwirpError } from "./errors.js";
import { checkRetry, retrying, type RetryOptions } from "./retry.js";
import { fetchTransport } from "./transport-fetch.js";

export { TwirpError, type TwirpErrorCode } from "./errors.js";
export type { RetryOptions } from "./retry.js";

/** The request body writer of an RPC: a generated `<Message>JsonWriter`. */
export interface RequestWriter<I> {
  readonly typeName: string;
  stringify(request: I, options: RequestWriteOptions): string;
  encode(request: I, options: RequestWriteOptions): unknown;
}

/** How the client asks writers to write a request. */
export interface RequestWriteOptions {
  readonly useProtoFieldName: boolean;
  /** Requests are typed: an enum number the schema does not declare is refused. */
  readonly onlyKnownEnumValues: true;
  readonly registry?: Registry;
}

/** The response reader of an RPC: a generated `<Message>JsonReader`. */
export interface ResponseReader<O> {
  readonly typeName: string;
  decode(json: unknown, options: { readonly ignoreUnknownFields: boolean; readonly registry?: Registry }): O;
}

/** One RPC, as the generated clients describe it. `I` is the request's init shape, `O` the response message. */
export interface TwirpMethod<I, O> {
  /** Fully qualified service name: `"livekit.RoomService"`. */
  readonly service: string;
  /** RPC name as declared, used verbatim in the URL: `"ListRooms"`. */
  readonly name: string;
  readonly writer: RequestWriter<I>;
  readonly reader: ResponseReader<O>;
  /** The token claims the RPC needs, from the request (services with a grants table only). */
  readonly grant?: (request: I) => GrantClaims;
}

/** One HTTP exchange, as the client hands it to a transport. */
export interface TransportRequest {
  readonly url: string;
  /** Complete, `Authorization` included: a transport must never log or echo them. */
  readonly headers: Headers;
  readonly body: string | Uint8Array;
  /** Aborted when the caller aborts or the call's timeout passes. */
  readonly signal: AbortSignal;
  /** Never hold more of the response body than this. */
  readonly maxResponseBytes: number;
}

export interface TransportResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The whole body, read incrementally and never more than `maxResponseBytes`. */
  readonly body: Uint8Array;
}

/**
 * Sends one request and reads the whole response. Rejects with a TwirpError for a failed
 * connection (`unavailable`) or a body over the limit (`resource_exhausted`), and with the
 * signal's reason when it is aborted; redirects are answers, never followed.
 */
export interface Transport {
  unary(request: TransportRequest): Promise<TransportResponse>;
}

/** The binary format of a service: a generated `<Service>Binary`, for `format`. */
export interface BinaryFormat {
  readonly service: string;
  /** The request as protobuf bytes; `checked` is the request as the JSON writer checked it. */
  encode(method: string, checked: unknown, registry: Registry | undefined): Uint8Array;
  decode(method: string, bytes: Uint8Array): object;
}

/** One problem found by a request's validator (a Zod issue has this shape). */
export interface ValidationIssue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Checks a request's init shape and converts it (a generated `<Message>Zod` is one). */
export interface RequestValidator {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly ValidationIssue[] } };
}

/** The request validators of a service: a generated `<Service>Validators`, for `validate`. */
export interface ServiceValidators {
  readonly service: string;
  /** By RPC name. */
  readonly methods: Readonly<Record<string, RequestValidator>>;
}

/** A call as interceptors see it. Change `request` or `headers` in place before calling `next`. */
export interface TwirpCall {
  readonly service: string;
  readonly method: string;
  /** The RPC's description. */
  readonly rpc: TwirpMethod<never, object>;
  readonly url: string;
  /** The request's init shape (after validation, when that is on). */
  request: object;
  /**
   * Request headers. The client's own `Authorization` is never here: it is added to a copy for
   * each attempt. One set here (or in the client's headers) is sent instead of a signed token.
   */
  readonly headers: Headers;
  /** Aborted when the caller aborts or the timeout passes. */
  readonly signal: AbortSignal;
  /** The call's timeout in milliseconds; 0 for none. */
  readonly timeoutMs: number;
}

/** Sends a call and resolves to the response message, or rejects with a TwirpError. */
export type TwirpHandler = (call: TwirpCall) => Promise<object>;

/**
 * Wraps every call: `(next) => async (call) => { ...; const response = await next(call); ...; return response; }`.
 * The first interceptor in the list is the outermost.
 */
export type Interceptor = (next: TwirpHandler) => TwirpHandler;

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
  /** Retry failed connections, `unavailable`, and 429/503 with `Retry-After`; default off. */
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
/**
 * 64 MiB: about ten times the largest answer LiveKit sends in practice (ListParticipants of a
 * room with thousands of participants, a few KB each in the server's form), while a broken or
 * hostile server cannot make a call hold more memory than that.
 */
const defaultMaxResponseBytes = 64 * 1024 * 1024;
/** Tokens remembered for redaction (signed or from a token function). */
const maxRememberedTokens = 512;
/**
 * Shorter tokens are not redacted: a test's `"t"` is no secret, and replacing every `t` would
 * destroy the text. Real tokens (JWTs, API tokens) are far longer.
 */
const minRedactedLength = 8;
const utf8 = /*@__PURE__*/ new TextDecoder();

/** The shared machinery behind every generated client: one instance per client object. */
export class TwirpClient<KeyAuth = never> {
  readonly #urlBase: string;
  readonly #transport: Transport;
  readonly #headers: Headers;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #binary: BinaryFormat | undefined;
  readonly #writeOptions: RequestWriteOptions;
  readonly #readOptions: { readonly ignoreUnknownFields: boolean; readonly registry?: Registry };
  readonly #token: TokenAuth["token"] | undefined;
  readonly #signer: GrantSigner | undefined;
  readonly #validators: ServiceValidators | undefined;
  readonly #retry: RetryOptions | undefined;
  readonly #handler: TwirpHandler;
  /** Every token this client sent, so that none reaches an error. */
  readonly #tokens = new Set<string>();

  constructor(baseUrl: string, options: ClientOptions<TokenAuth | KeyAuth>, service: ServiceInfo<KeyAuth>) {
    this.#urlBase = joinUrl(baseUrl, options.prefix ?? "/twirp");
    if (options.transport !== undefined && options.fetch !== undefined) {
      throw new TypeError("fetch: only for the default transport; give it to your transport instead");
    }
    this.#transport = options.transport ?? fetchTransport(options.fetch);
    this.#headers = new Headers(options.headers);
    this.#timeoutMs = checkNumber("timeoutMs", options.timeoutMs ?? defaultTimeoutMs);
    this.#maxResponseBytes = checkNumber("maxResponseBytes", options.maxResponseBytes ?? defaultMaxResponseBytes);
    this.#binary = options.format === "json" ? undefined : options.format;
    if (this.#binary !== undefined && (typeof this.#binary !== "object" || this.#binary.service !== service.name)) {
      throw new TypeError(`format: expected "json" or ${service.name.replace(/.*\./, "")}Binary`);
    }
    this.#validators = options.validate;
    if (this.#validators !== undefined && this.#validators.service !== service.name) {
      throw new TypeError(`validate: expected the validators of ${service.name}, got those of ${String(this.#validators.service)}`);
    }
    const useProtoFieldName = options.useProtoFieldName === true;
    const registry = options.registry;
    this.#writeOptions = { useProtoFieldName, onlyKnownEnumValues: true, ...(registry === undefined ? {} : { registry }) };
    // Servers add fields in new releases: unknown fields are skipped, never an error.
    this.#readOptions = registry === undefined ? { ignoreUnknownFields: true } : { ignoreUnknownFields: true, registry };
    const auth = options.auth;
    if (typeof auth === "object" && auth !== null && "apiKey" in auth) {
      if (service.keySigner === undefined) {
        throw new TypeError("auth: this service has no grants table, so it needs auth: { token }, not an API key");
      }
      this.#signer = service.keySigner(auth as KeyAuth);
    } else {
      this.#token = (auth as TokenAuth | undefined)?.token;
    }
    this.#retry = options.retry === undefined ? undefined : checkRetry(options.retry);
    const send: TwirpHandler = (call) => this.#send(call);
    this.#handler = (options.interceptors ?? []).reduceRight<TwirpHandler>((next, wrap) => wrap(next), send);
  }

  /** Calls an RPC: validates the request (if asked), runs the interceptors, sends it. */
  async call<I, O extends object>(method: TwirpMethod<I, O>, init: I, options: CallOptions = {}): Promise<O> {
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    if (timeoutMs !== this.#timeoutMs && !isMilliseconds(timeoutMs)) {
      throw new TwirpError("invalid_argument", `call option timeoutMs: expected a number >= 0, got ${describeError(timeoutMs)}`);
    }
    const caller = options.signal;
    if (caller?.aborted) throw canceled(caller.reason);
    // One controller for both ways a call can end early; `timedOut` tells them apart.
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort(caller?.reason);
    caller?.addEventListener("abort", onAbort, { once: true });
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs)
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
      if (timedOut) throw new TwirpError("deadline_exceeded", `call timed out after ${timeoutMs} ms`);
      if (caller?.aborted) throw canceled(caller.reason);
      throw this.#redacted(error);
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  }

  #callHeaders(callHeaders: HeadersInit | undefined, timeoutMs: number): Headers {
    const headers = new Headers(this.#headers);
    if (callHeaders !== undefined) new Headers(callHeaders).forEach((value, name) => headers.set(name, value));
    headers.set("content-type", this.#binary === undefined ? "application/json" : "application/protobuf");
    if (timeoutMs > 0) headers.set("x-twirp-timeout-ms", String(timeoutMs));
    return headers;
  }

  /** The innermost handler: every attempt encodes, signs and sends anew. */
  #send(call: TwirpCall): Promise<object> {
    return this.#retry === undefined ? this.#attempt(call) : retrying(this.#retry, call.signal, () => this.#attempt(call));
  }

  async #attempt(call: TwirpCall): Promise<object> {
    const method = call.rpc as TwirpMethod<object, object>;
    const body = this.#encode(method, call.request);
    let headers = call.headers;
    if (!headers.has("authorization")) {
      const token = await this.#tokenFor(method, call.request);
      if (token !== undefined) {
        // A copy: the token never reaches call.headers, where interceptors could read or resend it.
        headers = new Headers(headers);
        headers.set("authorization", `Bearer ${token}`);
      }
    }
    const response = await this.#transport.unary({
      url: call.url,
      headers,
      body,
      signal: call.signal,
      maxResponseBytes: this.#maxResponseBytes,
    });
    if (response.status !== 200) {
      throw errorFromResponse(response.status, response.headers, utf8.decode(response.body), (text) => this.#redact(text));
    }
    try {
      return this.#binary === undefined
        ? // decode(JSON.parse) rather than parse: the server's text is not checked for keys given
          // twice, a scan that costs a fifth of JSON.parse's time on every large answer.
          method.reader.decode(JSON.parse(utf8.decode(response.body)), this.#readOptions)
        : this.#binary.decode(method.name, response.body);
    } catch (error) {
      // No cause: a decoder's message may quote the body, which the text here has redacted.
      throw new TwirpError("internal", `invalid ${method.reader.typeName} in the response: ${describeError(error)}`, {}, 200);
    }
  }

  /** The request body; a request the writer rejects is `invalid_argument` naming the field. */
  #encode(method: TwirpMethod<object, object>, request: object): string | Uint8Array {
    try {
      if (this.#binary === undefined) return method.writer.stringify(request, this.#writeOptions);
      return this.#binary.encode(method.name, method.writer.encode(request, this.#writeOptions), this.#writeOptions.registry);
    } catch (error) {
      const path = (error as { path?: unknown } | null)?.path;
      const meta = typeof path === "string" ? { argument: path } : undefined;
      throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${describeError(error)}`, meta);
    }
  }

  async #tokenFor(method: TwirpMethod<object, object>, request: object): Promise<string | undefined> {
    let token: string | undefined;
    if (this.#signer !== undefined && method.grant !== undefined) {
      token = await this.#signer.token(method.grant(request));
    } else {
      const source = this.#token;
      token = typeof source === "function" ? await source({ service: method.service, method: method.name, request }) : source;
    }
    if (token !== undefined && token.length >= minRedactedLength && !this.#tokens.has(token)) {
      if (this.#tokens.size >= maxRememberedTokens) this.#tokens.delete(this.#tokens.values().next().value as string);
      this.#tokens.add(token);
    }
    return token;
  }

  /** The text without any token this client sent or the API secret. */
  #redact(text: string): string {
    for (const token of this.#tokens) if (text.includes(token)) text = text.replaceAll(token, "[redacted]");
    return this.#signer?.redact(text) ?? text;
  }

  /** Any failure as a TwirpError whose message, meta and cause hold no secret. */
  #redacted(error: unknown): TwirpError {
    const redact = (text: string) => this.#redact(text);
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

/** The request as its validator converts it, or a TwirpError `invalid_argument` naming every problem. */
function validated<I>(validators: ServiceValidators, method: TwirpMethod<I, object>, init: I): object {
  const validator = Object.hasOwn(validators.methods, method.name) ? validators.methods[method.name] : undefined;
  if (validator === undefined) throw new TwirpError("internal", `validate: no validator for ${method.service}.${method.name}`);
  let result: ReturnType<RequestValidator["safeParse"]>;
  try {
    result = validator.safeParse(init);
  } catch (error) {
    // Throwing getters, revoked proxies and the like: the input is at fault.
    throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${describeError(error)}`);
  }
  // The validator's output is the init shape (the generated schemas are checked for that).
  if (result.success) return result.data as object;
  const issues = result.error.issues.map(({ code, path, message }) => ({ code, path: path.map(String), message }));
  const summary = issues.map(({ path, message }) => `${path.join(".") || "(request)"}: ${message}`).join("; ");
  throw new TwirpError("invalid_argument", `invalid ${method.writer.typeName}: ${summary}`, {
    argument: issues[0]?.path.join(".") ?? "",
    issues: JSON.stringify(issues),
  });
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

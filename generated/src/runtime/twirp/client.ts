// The Twirp client runtime: one POST per call over fetch, in JSON or binary protobuf, with
// interceptors, timeouts, abort, auth, and every failure as a TwirpError.
// Copied verbatim into the generated package; the generated `<Service>Client` classes use it.

import type { TwirpErrorCode } from "./errors.js";
import { errorFromResponse, TwirpError } from "./errors.js";
import type { Grant, KeyAuth } from "../livekit/token.js";
import { TokenSigner } from "../livekit/token.js";
import type { DescMessage, JsonValue, Message, MessageInitShape, MessageShape, Registry } from "@bufbuild/protobuf";
import { create, fromBinary, fromJson, toBinary, toJson } from "@bufbuild/protobuf";

export { TwirpError, type TwirpErrorCode };
export type { Grant, KeyAuth };

/** A JSON codec of one message type: a generated `<Message>Json`, or {@link protobufJson}. */
export interface JsonCodec<M> {
  stringify(message: M, options: RequestJsonOptions): string;
  decode(json: unknown, options: ResponseJsonOptions): M;
}

/** What the client asks of a codec when it writes a request. */
export interface RequestJsonOptions {
  readonly useProtoFieldName: boolean;
  readonly registry?: Registry;
}

/** What the client asks of a codec when it reads a response. */
export interface ResponseJsonOptions {
  readonly ignoreUnknownFields: boolean;
  readonly registry?: Registry;
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

/** One RPC, as the generated clients describe it. */
export interface TwirpMethod<I extends DescMessage, O extends DescMessage> {
  /** Fully qualified service name: `"livekit.RoomService"`. */
  readonly service: string;
  /** RPC name as declared, used verbatim in the URL: `"ListRooms"`. */
  readonly name: string;
  /** Request and response schemas: for building requests, and for the binary format. */
  readonly input: I;
  readonly output: O;
  readonly inputJson: JsonCodec<MessageShape<I>>;
  readonly outputJson: JsonCodec<MessageShape<O>>;
  /** The token claims the RPC needs, from the request (services with a grants table only). */
  readonly grant?: (request: MessageShape<I>) => Grant;
  /** The request's schema, for `validate: true` (when the `zod` concern is generated). */
  readonly validator?: RequestValidator;
}

/** What a token function learns about the call it authorizes. */
export interface TokenCall {
  readonly service: string;
  readonly method: string;
  readonly request: Message;
}

/** Authenticate with a token you obtain yourself: a fixed one, or one per call. */
export interface TokenAuth {
  readonly token: string | ((call: TokenCall) => string | Promise<string>);
}

/** A call as interceptors see it. Change `request` or `headers` in place before calling `next`. */
export interface TwirpCall {
  readonly service: string;
  readonly method: string;
  /** The RPC's description, with its request and response schemas. */
  readonly rpc: TwirpMethod<DescMessage, DescMessage>;
  readonly url: string;
  /** The request message (already built from the init shape). */
  request: Message;
  /** Request headers; `Authorization` is added after the interceptors unless one is set here. */
  readonly headers: Headers;
  /** Aborted when the caller aborts or the timeout passes. */
  readonly signal: AbortSignal;
  /** The call's timeout in milliseconds; 0 for none. */
  readonly timeoutMs: number;
}

/** Sends a call and resolves to the response message, or rejects with a TwirpError. */
export type TwirpHandler = (call: TwirpCall) => Promise<Message>;

/**
 * Wraps every call: `(next) => async (call) => { ...; const response = await next(call); ...; return response; }`.
 * The first interceptor in the list is the outermost.
 */
export type Interceptor = (next: TwirpHandler) => TwirpHandler;

export interface ClientOptions<Auth = TokenAuth> {
  /** Path between the base URL and `/<package>.<Service>/<Method>`; default `"/twirp"`, may be `""`. */
  readonly prefix?: string;
  /** The fetch function; default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch;
  /** Headers sent with every call. */
  readonly headers?: HeadersInit;
  /** Default timeout of a call in milliseconds (also sent as `X-Twirp-Timeout-Ms`); default 10000, 0 for none. */
  readonly timeoutMs?: number;
  /** Wire format; default `"json"`. */
  readonly format?: "json" | "binary";
  /** JSON request bodies use proto field names (`track_sid`) instead of JSON names (`trackSid`). */
  readonly useProtoFieldName?: boolean;
  /** Message types that `google.protobuf.Any` fields may hold, for the JSON format. */
  readonly registry?: Registry;
  readonly interceptors?: readonly Interceptor[];
  /** Without `auth`, no `Authorization` header is sent. */
  readonly auth?: Auth;
  /**
   * Check every request with its generated Zod schema before anything is sent. A request that
   * fails is a TwirpError `invalid_argument` whose meta holds `argument` (the path of the first
   * problem) and `issues` (all of them, as JSON); no request reaches the network.
   */
  readonly validate?: boolean;
}

/** Options of one call. */
export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  readonly timeoutMs?: number;
  /** Added to (and overriding) the client's headers. */
  readonly headers?: HeadersInit;
}

const defaultTimeoutMs = 10_000;

/** The shared machinery behind every generated client: one instance per client object. */
export class TwirpTransport {
  readonly #urlBase: string;
  readonly #fetch: typeof globalThis.fetch;
  readonly #headers: Headers;
  readonly #timeoutMs: number;
  readonly #binary: boolean;
  readonly #writeOptions: RequestJsonOptions;
  readonly #readOptions: ResponseJsonOptions;
  readonly #auth: TokenAuth | undefined;
  readonly #signer: TokenSigner | undefined;
  readonly #handler: TwirpHandler;
  readonly #validate: boolean;

  /**
   * `grants`: whether the service's methods carry grants, so that key-and-secret auth can work;
   * `validators`: whether they carry request schemas, so that `validate: true` can work.
   */
  constructor(baseUrl: string, options: ClientOptions<TokenAuth | KeyAuth>, grants: boolean, validators: boolean) {
    this.#urlBase = joinUrl(baseUrl, options.prefix ?? "/twirp");
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#headers = new Headers(options.headers);
    this.#timeoutMs = checkTimeout("timeoutMs", options.timeoutMs ?? defaultTimeoutMs);
    if (options.format !== undefined && options.format !== "json" && options.format !== "binary") {
      throw new TypeError(`format: expected "json" or "binary", got ${JSON.stringify(options.format)}`);
    }
    this.#binary = options.format === "binary";
    const useProtoFieldName = options.useProtoFieldName === true;
    const registry = options.registry;
    this.#writeOptions = registry === undefined ? { useProtoFieldName } : { useProtoFieldName, registry };
    // Servers add fields in new releases: unknown fields are skipped, never an error.
    this.#readOptions = registry === undefined ? { ignoreUnknownFields: true } : { ignoreUnknownFields: true, registry };
    const auth = options.auth;
    if (auth !== undefined && "apiKey" in auth) {
      if (!grants) {
        throw new TypeError("auth: this service has no grants table, so it needs auth: { token }, not an API key");
      }
      this.#signer = new TokenSigner(auth);
    } else {
      this.#auth = auth;
    }
    this.#validate = options.validate === true;
    if (this.#validate && !validators) {
      throw new TypeError("validate: this client was generated without Zod schemas (generate the zod concern too)");
    }
    const send: TwirpHandler = (call) => this.#send(call);
    this.#handler = (options.interceptors ?? []).reduceRight<TwirpHandler>((next, wrap) => wrap(next), send);
  }

  /** Calls an RPC: builds the request from its init shape, runs the interceptors, sends it. */
  async call<I extends DescMessage, O extends DescMessage>(
    method: TwirpMethod<I, O>,
    init: MessageInitShape<I>,
    options: CallOptions = {},
  ): Promise<MessageShape<O>> {
    const timeoutMs = checkTimeout("timeoutMs", options.timeoutMs ?? this.#timeoutMs);
    const caller = options.signal;
    if (caller?.aborted) throw canceled(caller.reason);
    if (this.#validate) init = validated(method, init);
    const headers = new Headers(this.#headers);
    if (options.headers !== undefined) {
      new Headers(options.headers).forEach((value, name) => headers.set(name, value));
    }
    headers.set("content-type", this.#binary ? "application/protobuf" : "application/json");
    if (timeoutMs > 0) headers.set("x-twirp-timeout-ms", String(timeoutMs));

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
        rpc: method as TwirpMethod<DescMessage, DescMessage>,
        url: `${this.#urlBase}/${method.service}/${method.name}`,
        request: create(method.input, init),
        headers,
        signal: controller.signal,
        timeoutMs,
      };
      return (await this.#handler(call)) as MessageShape<O>;
    } catch (error) {
      if (timedOut) throw new TwirpError("deadline_exceeded", `call timed out after ${timeoutMs} ms`, {}, 0, { cause: error });
      if (caller?.aborted) throw canceled(caller.reason);
      if (error instanceof TwirpError) throw error;
      throw new TwirpError("unknown", `call failed: ${this.#redact(describe(error))}`, {}, 0, { cause: error });
    } finally {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    }
  }

  /** The innermost handler: authorization, encoding, the HTTP exchange, decoding. */
  async #send(call: TwirpCall): Promise<Message> {
    const method = call.rpc;
    const token = call.headers.has("authorization") ? undefined : await this.#token(method, call);
    if (token !== undefined) call.headers.set("authorization", `Bearer ${token}`);
    const redact = (text: string) => this.#redact(token === undefined || token === "" ? text : text.replaceAll(token, "[redacted]"));

    let body: BodyInit;
    try {
      body = this.#binary ? toBinary(method.input, call.request) : method.inputJson.stringify(call.request, this.#writeOptions);
    } catch (error) {
      throw new TwirpError("internal", `cannot encode the ${method.input.typeName} request: ${redact(describe(error))}`, {}, 0);
    }
    let response: Response;
    try {
      response = await this.#fetch(call.url, {
        method: "POST",
        headers: call.headers,
        body,
        signal: call.signal,
        redirect: "manual",
      });
    } catch (error) {
      if (call.signal.aborted) throw error;
      throw new TwirpError("unavailable", `cannot reach ${new URL(call.url).origin}: ${redact(describe(error))}`, {}, 0, { cause: error });
    }
    if (response.status !== 200) {
      throw errorFromResponse(response.status, response.headers, await response.text(), redact);
    }
    try {
      return this.#binary
        ? fromBinary(method.output, new Uint8Array(await response.arrayBuffer()))
        : method.outputJson.decode(JSON.parse(await response.text()), this.#readOptions);
    } catch (error) {
      if (call.signal.aborted) throw error;
      // No cause: a decoder's message may quote the body, which the text here has redacted.
      throw new TwirpError("internal", `invalid ${method.output.typeName} in the response: ${redact(describe(error))}`, {}, 200);
    }
  }

  async #token(method: TwirpMethod<DescMessage, DescMessage>, call: TwirpCall): Promise<string | undefined> {
    if (this.#signer !== undefined && method.grant !== undefined) return this.#signer.token(method.grant(call.request));
    const token = this.#auth?.token;
    if (typeof token === "function") return token({ service: call.service, method: call.method, request: call.request });
    return token;
  }

  #redact(text: string): string {
    const token = this.#auth?.token;
    const withoutToken = typeof token === "string" && token !== "" ? text.replaceAll(token, "[redacted]") : text;
    return this.#signer?.redact(withoutToken) ?? withoutToken;
  }
}

/** The request as its validator converts it, or a TwirpError `invalid_argument` naming every problem. */
function validated<I extends DescMessage>(method: TwirpMethod<I, DescMessage>, init: MessageInitShape<I>): MessageInitShape<I> {
  const result = method.validator!.safeParse(init);
  // The validator's output is the init shape (the generated schemas are checked for that).
  if (result.success) return result.data as MessageInitShape<I>;
  const issues = result.error.issues.map(({ code, path, message }) => ({ code, path: path.map(String), message }));
  const summary = issues.map(({ path, message }) => `${path.join(".") || "(request)"}: ${message}`).join("; ");
  throw new TwirpError("invalid_argument", `invalid ${method.input.typeName}: ${summary}`, {
    argument: issues[0]?.path.join(".") ?? "",
    issues: JSON.stringify(issues),
  }, 0);
}

/**
 * A JSON codec through @bufbuild/protobuf's reflection, for types without a generated codec
 * (well-known types, or when the `json` concern is not emitted).
 */
export function protobufJson<D extends DescMessage>(schema: D): JsonCodec<MessageShape<D>> {
  return {
    stringify: (message, options) => JSON.stringify(toJson(schema, message, options)),
    decode: (json, options) => fromJson(schema, json as JsonValue, options),
  };
}

function canceled(reason: unknown): TwirpError {
  return new TwirpError("canceled", "call canceled by the caller", {}, 0, { cause: reason });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${error.message}${cause}`;
}

function checkTimeout(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name}: expected a number of milliseconds >= 0 (0 for none), got ${String(value)}`);
  }
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

// The Twirp server runtime: routes a POST to an RPC of a generated service table, reads the
// request (proto3 JSON in either key casing, or binary protobuf), runs the auth hook and the
// implementation, and answers with the response or a Twirp error, per the Twirp v7 spec.
// The generated `create<Service>Handler` use it.
//
// The core (`ServerCore.handle`) takes a plain description of the HTTP request and returns a
// plain reply: it never builds a `Request` or a `Response`. Two thin entry points sit on it:
// the fetch-style handler made here, and `nodeHandler` for `node:http` (node.ts).
import {
  create,
  fromBinary,
  fromJson,
  isMessage,
  toBinary,
  toJson,
  type DescMessage,
  type JsonValue,
  type Message,
  type Registry,
} from "@bufbuild/protobuf";
import { readStream } from "../body.js";
import type { GrantClaims } from "../auth.js";
import { describeError, TwirpError, twirpCodeStatus } from "../errors.js";

/** Request headers, looked up case-insensitively (the fetch `Headers` is one). */
export interface RequestHeaders {
  get(name: string): string | null;
}

/** Which RPC a call is for. */
export interface CallInfo {
  /** `livekit.RoomService` */
  readonly service: string;
  /** `ListRooms` */
  readonly method: string;
}

/** What an implementation's method gets besides the request. */
export interface ServerContext extends CallInfo {
  /** The request's headers (after the auth hook accepted them). */
  readonly headers: RequestHeaders;
  /** Aborted when the caller goes away or its deadline (`X-Twirp-Timeout-Ms`) passes. */
  readonly signal: AbortSignal;
  /** What the auth hook's `authenticate` returned (`livekitAuth`: the verified token); undefined without one. */
  readonly auth: unknown;
}

/**
 * Checks who calls. `authenticate` runs before the body is read: throw a {@link PlainTextError}
 * (LiveKit answers a missing or bad token with a plain-text 401) or a TwirpError to refuse.
 * `authorize` runs on the decoded request with the grant the RPC needs (undefined when its
 * service has no grants table): throw a TwirpError to refuse.
 */
export interface ServerAuth {
  authenticate(headers: RequestHeaders, call: CallInfo): unknown;
  authorize?(auth: unknown, grant: GrantClaims | undefined, call: CallInfo): void | Promise<void>;
}

/** How responses are written as JSON (options of the generated `<Message>JsonWriter`s). */
export interface ServerJsonOptions {
  readonly useProtoFieldName?: boolean;
  readonly alwaysEmitImplicit?: boolean;
  /** Every field, unset messages as `null`: Go protojson's EmitUnpopulated, LiveKit's form. */
  readonly emitUnpopulated?: boolean;
  readonly enumAsInteger?: boolean;
}

export interface ServerOptions {
  /** Path before `/<package>.<Service>/<Method>`; default `"/twirp"`, may be `""`. */
  readonly prefix?: string;
  /** Who may call what; without it every call is served. `livekitAuth` (runtime/livekit/verify) checks LiveKit tokens. */
  readonly auth?: ServerAuth;
  /** Largest request body read, in bytes (a larger one is `resource_exhausted`); default 10 MiB, as LiveKit. */
  readonly maxRequestBytes?: number;
  /** Refuse JSON requests with keys that name no field (`malformed`); default false: skipped, as LiveKit does. */
  readonly rejectUnknownFields?: boolean;
  /** JSON responses; default LiveKit's form: proto field names, every field written, unset messages `null`. `{}` for JSON names and defaults omitted. */
  readonly responseJson?: ServerJsonOptions;
  /** Message types that `google.protobuf.Any` fields may hold. */
  readonly registry?: Registry;
  /** Sees every error that is not a TwirpError; the caller gets `internal` without its message. */
  readonly onError?: (error: unknown, call: CallInfo) => void;
}

/** The JSON reader of a request type (a generated `<Message>JsonReader`). */
export interface RequestJsonReader {
  parse(text: string, options: { ignoreUnknownFields: boolean; registry?: Registry }): Message;
}

/** The JSON writer of a response type (a generated `<Message>JsonWriter`): takes the message or its init shape. */
export interface ResponseJsonWriter {
  stringify(init: never, options: ServerJsonOptions & { registry?: Registry }): string;
}

/** One RPC of a generated service table. */
export interface ServerRpc<Impl> {
  /** The RPC's name, as in the URL: `ListRooms`. */
  readonly name: string;
  /** The implementation's method. */
  readonly method: keyof Impl & string;
  readonly input: DescMessage;
  readonly output: DescMessage;
  /** The generated reader and writer; without them, @bufbuild/protobuf's reflection reads and writes JSON. */
  readonly reader?: RequestJsonReader;
  readonly writer?: ResponseJsonWriter;
  /** The grant the caller needs, from the request (services with a grants table only). */
  readonly grant?: (request: never) => GrantClaims;
}

/** A service's RPCs, as the generated `X_server.ts` files declare them. */
export type ServiceRpcs<Impl> = readonly ServerRpc<Impl>[];

/** An HTTP request, as an entry point hands it to the core. */
export interface IncomingCall {
  /** `POST` */
  readonly httpMethod: string;
  /** The URL's path, without the query. */
  readonly path: string;
  readonly headers: RequestHeaders;
  /** The whole body; rejects with `bodyTooLarge`'s error (body.ts) as soon as more than `limit` bytes arrive. */
  readBody(limit: number): Promise<Uint8Array>;
  /** Aborted when the client goes away (read only when a call needs it: an entry point may make it lazily). */
  readonly signal: AbortSignal;
}

/** The answer to an IncomingCall. */
export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string | Uint8Array<ArrayBuffer>;
}

/** One service bound to its implementation and options, ready to serve. */
export interface BoundService {
  /** Serves a call for one of its RPCs; undefined when it has no RPC of that name. */
  serve(rpcName: string, call: IncomingCall): Promise<Reply> | undefined;
}

/** Routes calls to services by path; what the entry points share. */
export interface ServerCore {
  /** `<prefix>/<package>.<Service>` -> the service. */
  readonly services: ReadonlyMap<string, BoundService>;
  handle(call: IncomingCall): Promise<Reply>;
}

/** A fetch-style handler (`(request: Request) => Promise<Response>`) over its core. */
export interface ServerHandler {
  (request: Request): Promise<Response>;
  readonly core: ServerCore;
}

/** Used by the generated `create<Service>Handler`. */
export function createServiceHandler<Impl>(
  service: string,
  rpcs: ServiceRpcs<Impl>,
  implementation: Impl,
  options: ServerOptions = {},
): ServerHandler {
  const prefix = (options.prefix ?? "/twirp").replace(/\/+$/, "");
  if (prefix !== "" && !prefix.startsWith("/")) throw new TypeError(`prefix: expected "" or a path starting with "/", got ${JSON.stringify(prefix)}`);
  const maxRequestBytes = options.maxRequestBytes ?? 10 * 1024 * 1024;
  if (!Number.isSafeInteger(maxRequestBytes) || maxRequestBytes < 0) {
    throw new TypeError(`maxRequestBytes: expected a whole number of bytes, got ${String(maxRequestBytes)}`);
  }
  const bound = bindService(service, rpcs, implementation, options, maxRequestBytes);
  return handlerOver(new Map([[`${prefix}/${service}`, bound]]));
}

/** One handler serving every service of the given handlers (each keeps its own options). */
export function combineHandlers(...handlers: readonly ServerHandler[]): ServerHandler {
  const services = new Map<string, BoundService>();
  for (const handler of handlers) {
    for (const [route, service] of handler.core.services) {
      if (services.has(route)) throw new TypeError(`combineHandlers: ${route} is served twice`);
      services.set(route, service);
    }
  }
  return handlerOver(services);
}

/**
 * An error answered as plain text with its own HTTP status instead of a Twirp error, as LiveKit
 * answers a missing or invalid token (401).
 */
export class PlainTextError extends Error {
  override name = "PlainTextError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function handlerOver(services: ReadonlyMap<string, BoundService>): ServerHandler {
  const core: ServerCore = { services, handle: (call) => route(services, call) };
  const handler = async (request: Request): Promise<Response> => {
    const reply = await core.handle({
      httpMethod: request.method,
      path: new URL(request.url).pathname,
      headers: request.headers,
      readBody: (limit) => readStream(request, limit),
      signal: request.signal,
    });
    return new Response(reply.body, { status: reply.status, headers: { "content-type": reply.contentType } });
  };
  return Object.assign(handler, { core });
}

function route(services: ReadonlyMap<string, BoundService>, call: IncomingCall): Promise<Reply> {
  if (call.httpMethod !== "POST") {
    return Promise.resolve(badRoute(`unsupported method ${JSON.stringify(call.httpMethod)} (only POST is allowed)`, call));
  }
  const slash = call.path.lastIndexOf("/");
  const service = slash > 0 ? services.get(call.path.slice(0, slash)) : undefined;
  const served = service?.serve(call.path.slice(slash + 1), call);
  return served ?? Promise.resolve(badRoute(`no handler for path ${JSON.stringify(call.path)}`, call));
}

/** The media type of the request, lower case, without parameters. */
function mediaType(call: IncomingCall): string {
  const header = call.headers.get("content-type") ?? "";
  const semicolon = header.indexOf(";");
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

/** The ServerContext of one call; its signal is made on first use (an entry point may make the caller's lazily). */
class CallContext implements ServerContext {
  readonly service: string;
  readonly method: string;
  readonly #signal: () => AbortSignal;

  constructor(
    info: CallInfo,
    readonly headers: RequestHeaders,
    readonly auth: unknown,
    signal: () => AbortSignal,
  ) {
    this.service = info.service;
    this.method = info.method;
    this.#signal = signal;
  }

  get signal(): AbortSignal {
    return this.#signal();
  }
}

/** One RPC, ready to serve: what the table says, with its JSON reader and writer chosen. */
interface BoundRpc {
  readonly info: CallInfo;
  readonly rpc: ServerRpc<unknown>;
  read(text: string, options: ReadOptions): Message;
  /** Writes the message or its init shape. */
  write(init: object, options: WriteOptions): string;
}

type ReadOptions = { ignoreUnknownFields: boolean; registry?: Registry };
type WriteOptions = ServerJsonOptions & { registry?: Registry };

function bindService<Impl>(
  service: string,
  rpcs: ServiceRpcs<Impl>,
  implementation: Impl,
  options: ServerOptions,
  maxRequestBytes: number,
): BoundService {
  const { auth, registry, onError } = options;
  const ignoreUnknownFields = options.rejectUnknownFields !== true;
  const readOptions: ReadOptions = registry === undefined ? { ignoreUnknownFields } : { ignoreUnknownFields, registry };
  const responseJson = options.responseJson ?? { useProtoFieldName: true, emitUnpopulated: true };
  const writeOptions: WriteOptions = registry === undefined ? responseJson : { ...responseJson, registry };
  const table = new Map<string, BoundRpc>();
  for (const rpc of rpcs as ServiceRpcs<unknown>) {
    table.set(rpc.name, { info: { service, method: rpc.name }, rpc, ...jsonOf(rpc) });
  }

  async function serve({ info, rpc, read, write }: BoundRpc, binary: boolean, call: IncomingCall): Promise<Reply> {
    const principal = auth === undefined ? undefined : await auth.authenticate(call.headers, info);
    const body = await call.readBody(maxRequestBytes);
    let request: Message;
    try {
      request = binary ? fromBinary(rpc.input, body) : read(utf8.decode(body), readOptions);
    } catch (error) {
      throw new TwirpError("malformed", `the ${binary ? "protobuf" : "json"} request could not be decoded`, { cause: describeError(error) });
    }
    await auth?.authorize?.(principal, rpc.grant?.(request as never), info);
    const method = (implementation as Record<string, (request: Message, context: ServerContext) => unknown>)[rpc.method]!;
    const invoke = async (signal: () => AbortSignal) =>
      method.call(implementation, request, new CallContext(info, call.headers, principal, signal));
    const deadline = deadlineOf(call);
    const result = await (deadline === undefined ? invoke(() => call.signal) : withDeadline(call.signal, deadline, invoke));
    const response = checkedResponse(rpc, result);
    return binary
      ? { status: 200, contentType: "application/protobuf", body: toBinary(rpc.output, asMessage(rpc.output, response)) }
      : { status: 200, contentType: "application/json", body: write(response, writeOptions) };
  }

  return {
    serve(rpcName, call) {
      const bound = table.get(rpcName);
      if (bound === undefined) return undefined;
      const type = mediaType(call);
      if (type !== "application/json" && type !== "application/protobuf") {
        return Promise.resolve(badRoute(`unexpected Content-Type: ${JSON.stringify(call.headers.get("content-type") ?? "")}`, call));
      }
      return serve(bound, type === "application/protobuf", call).catch((error: unknown) => errorReply(error, bound.info, onError));
    },
  };
}

/** What an implementation resolved to, if it can be the RPC's response: its message, or an init shape (not one of another type). */
function checkedResponse(rpc: ServerRpc<unknown>, result: unknown): object {
  const expected = rpc.output.typeName;
  if (typeof result !== "object" || result === null) throw new Error(`${rpc.method} resolved to ${String(result)}, not to a ${expected}`);
  if ("$typeName" in result && result.$typeName !== expected) {
    throw new Error(`${rpc.method} resolved to a ${String(result.$typeName)}, not to a ${expected}`);
  }
  return result;
}

/** A response as a message (for the binary format and reflection): itself, or created from its init shape. */
function asMessage(schema: DescMessage, response: object): Message {
  return isMessage(response, schema) ? response : create(schema, response as never);
}

/** How an RPC's JSON is read and written: its generated reader and writer, or @bufbuild/protobuf's reflection. */
function jsonOf({ input, output, reader, writer }: ServerRpc<unknown>): Pick<BoundRpc, "read" | "write"> {
  return {
    read: reader === undefined ? (text, options) => fromJson(input, JSON.parse(text) as JsonValue, options) : (text, options) => reader.parse(text, options),
    write:
      writer === undefined
        ? (init, { emitUnpopulated, alwaysEmitImplicit, ...options }) =>
            JSON.stringify(toJson(output, asMessage(output, init), { ...options, alwaysEmitImplicit: alwaysEmitImplicit === true || emitUnpopulated === true }))
        : (init, options) => writer.stringify(init as never, options),
  };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The caller's deadline in milliseconds from `X-Twirp-Timeout-Ms`, if it sent a valid one. */
function deadlineOf(call: IncomingCall): number | undefined {
  const header = call.headers.get("x-twirp-timeout-ms");
  if (header === null || !/^\d{1,9}$/.test(header)) return undefined;
  return Number(header);
}

/**
 * Runs the implementation under the caller's deadline: its signal aborts when the deadline
 * passes, and the call then answers `deadline_exceeded` without waiting for it.
 */
async function withDeadline<T>(caller: AbortSignal, ms: number, run: (signal: () => AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let expire: (error: TwirpError) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const timer = setTimeout(() => {
    const error = new TwirpError("deadline_exceeded", `deadline exceeded: the call took longer than its X-Twirp-Timeout-Ms of ${ms} ms`);
    controller.abort(error);
    expire(error);
  }, ms);
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener("abort", onAbort, { once: true });
  try {
    const pending = run(() => controller.signal);
    // A failure after the deadline has answered is not an unhandled rejection.
    pending.catch(() => undefined);
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onAbort);
  }
}

function badRoute(msg: string, call: IncomingCall): Reply {
  return twirpReply(new TwirpError("bad_route", msg, { twirp_invalid_route: `${call.httpMethod} ${call.path}` }));
}

function errorReply(error: unknown, call: CallInfo, onError: ServerOptions["onError"]): Reply {
  if (error instanceof TwirpError) return twirpReply(error);
  if (error instanceof PlainTextError) return { status: error.status, contentType: "text/plain; charset=utf-8", body: error.message };
  onError?.(error, call);
  return twirpReply(new TwirpError("internal", "internal error"));
}

/** A Twirp error response: JSON with exactly `Content-Type: application/json`, as Go's Twirp sends (and LiveKit's SDK expects). */
function twirpReply(error: TwirpError): Reply {
  const status = (twirpCodeStatus as Readonly<Record<string, number>>)[error.code] ?? 500;
  const meta = Object.keys(error.meta).length === 0 ? undefined : error.meta;
  return { status, contentType: "application/json", body: JSON.stringify({ code: error.code, msg: error.msg, meta }) };
}

// The Node transport: Twirp calls over undici's dispatcher with kept-alive connections, without
// the streams and objects fetch builds around every exchange. Opt-in by one import:
//   import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";
//   new RoomServiceClient(url, { transport: nodeTransport() });
// It behaves as the default fetch transport: the call's signal ends it (rejecting with the
// signal's reason), redirects are returned, not followed, bodies are bounded by
// maxResponseBytes, failures are TwirpErrors, and nothing is logged.
// The only module of the runtime that imports undici: its own subpath, which no barrel and no
// generated index re-exports.
import { Agent, type Dispatcher } from "undici";
import { responseTooLarge } from "./body.js";
import { describeError, noResponse, TwirpError } from "./errors.js";
import type { Transport, TransportRequest, TransportResponse } from "./transport.js";

export interface NodeTransportOptions {
  /** Most connections kept open to one server; default: no limit (one per call in flight). */
  readonly connections?: number;
}

export interface NodeTransport extends Transport {
  /** Closes the kept-alive connections once their calls are done; calls after it fail as `unavailable`. */
  close(): Promise<void>;
}

/** A transport for Node.js; one can serve any number of clients and servers. */
export function nodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const connections = options.connections;
  if (connections !== undefined && !(Number.isSafeInteger(connections) && connections > 0)) {
    throw new TypeError(`connections: expected a whole number > 0, got ${String(connections)}`);
  }
  const agent = new Agent({ connections: connections ?? null });
  const targets = new Map<string, Target>();
  return {
    unary: (request) => new Promise((resolve, reject) => new Exchange(agent, targetOf(targets, request.url), request, resolve, reject)),
    close: () => agent.close(),
  };
}

/** Where a request goes, as undici's dispatcher takes it. */
interface Target {
  readonly origin: string;
  readonly path: string;
}

/** URLs remembered parsed: a client calls one per RPC, so a few dozen in practice. */
const maxTargets = 256;

/** The origin and path of a URL, parsed once per URL while the map holds it. */
function targetOf(targets: Map<string, Target>, url: string): Target {
  let target = targets.get(url);
  if (target === undefined) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new TwirpError("unavailable", `not a URL: ${JSON.stringify(url)}`, {}, 0, { cause: error });
    }
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= maxTargets) targets.clear();
    targets.set(url, target);
  }
  return target;
}

/** One request and its response, as undici's dispatcher reports them. */
class Exchange implements Dispatcher.DispatchHandlers {
  readonly #request: TransportRequest;
  readonly #origin: string;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: unknown) => void;
  #abort: ((error: Error) => void) | undefined;
  #settled = false;
  /** undici calls onConnect once the request is written to a connected socket. */
  #connected = false;
  #status = 0;
  #rawHeaders: Buffer[] = [];
  #chunks: Buffer[] = [];
  #received = 0;

  constructor(
    dispatcher: Dispatcher,
    target: Target,
    request: TransportRequest,
    resolve: (response: TransportResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    const { signal } = request;
    this.#origin = target.origin;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener("abort", this.#onAbort, { once: true });
    const headers: string[] = [];
    request.headers.forEach((value, name) => headers.push(name, value));
    dispatcher.dispatch({ origin: target.origin, path: target.path, method: "POST", headers, body: request.body }, this);
  }

  readonly #onAbort = () => {
    const reason: unknown = this.#request.signal.reason;
    this.#settle();
    this.#reject(reason);
    this.#abort?.(reason instanceof Error ? reason : new Error(String(reason)));
  };

  onConnect(abort: (error?: Error) => void): void {
    // Aborted while waiting for a connection: the exchange ends before it starts.
    if (this.#settled) abort(new Error("aborted"));
    else {
      this.#connected = true;
      this.#abort = abort;
    }
  }

  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    if (status < 200) return true; // 1xx: the response is still to come
    this.#status = status;
    this.#rawHeaders = rawHeaders;
    const length = contentLength(rawHeaders);
    const limit = this.#request.maxResponseBytes;
    // Thrown here, undici aborts the exchange and reports the error to onError.
    if (length !== undefined && length > limit) throw responseTooLarge(limit, status, `declares ${length} bytes`);
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.#received += chunk.length;
    const limit = this.#request.maxResponseBytes;
    // The chunk past the limit is dropped, never kept: what is held stays within it.
    if (this.#received > limit) throw responseTooLarge(limit, this.#status, "is longer");
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.#settled) return;
    const chunks = this.#chunks;
    this.#settle();
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#received);
    this.#resolve(new NodeResponse(this.#status, this.#rawHeaders, body));
  }

  onError(error: Error): void {
    if (this.#settled) return;
    this.#settle();
    if (error instanceof TwirpError) {
      this.#reject(error);
    } else if (this.#status === 0) {
      this.#reject(noResponse(this.#origin, this.#connected, error));
    } else {
      const msg = `the response broke off after ${this.#received} bytes: ${describeError(error)}`;
      this.#reject(new TwirpError("unavailable", msg, {}, this.#status, { cause: error }));
    }
  }

  #settle(): void {
    this.#settled = true;
    this.#chunks = [];
    this.#request.signal.removeEventListener("abort", this.#onAbort);
  }
}

/** A response whose headers become a `Headers` object only when someone reads them. */
class NodeResponse implements TransportResponse {
  readonly #rawHeaders: Buffer[];
  #headers: Headers | undefined;

  constructor(
    readonly status: number,
    rawHeaders: Buffer[],
    readonly body: Uint8Array,
  ) {
    this.#rawHeaders = rawHeaders;
  }

  get headers(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      const raw = this.#rawHeaders;
      for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!.toString("latin1"), raw[i + 1]!.toString("latin1"));
      this.#headers = headers;
    }
    return this.#headers;
  }
}

/** The Content-Length of raw response headers (name, value, name, value...), if any. */
function contentLength(rawHeaders: Buffer[]): number | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 14 && name.toString("latin1").toLowerCase() === "content-length") {
      return Number(rawHeaders[i + 1]!.toString("latin1"));
    }
  }
  return undefined;
}

// The server core's contract with its entry points, as types only: a plain description of the
// HTTP request in, a plain reply out; the core never builds a `Request` or a `Response`. The
// fetch-style handler (handler.ts) and `nodeHandler` (node.ts) are its entry points.
import type { RequestHeaders } from "./service.js";

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

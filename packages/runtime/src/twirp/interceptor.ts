// Interceptors of the Twirp client, as types only: the call they see and the handler they wrap.
// The client builds the chain (client.ts).
import type { TwirpMethod } from "./method.js";

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

// What the Twirp client asks of a transport, as types only: the client and each transport
// (transport-fetch.ts, transport-node.ts) depend on this module, never on each other.

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

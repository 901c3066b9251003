// SCRATCH (issue 12): the Transport interface of PLAN.md, until twirp/client.ts on main has it.
// Deleted when main's client lands; transport-node.ts then imports these from ./client.js.
export interface TransportRequest {
  readonly url: string;
  readonly headers: Headers;
  readonly body: string | Uint8Array;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}
export interface TransportResponse {
  readonly status: number;
  readonly headers: Headers;
  /** The whole body, read incrementally and never more than maxResponseBytes. */
  readonly body: Uint8Array;
}
export interface Transport {
  unary(request: TransportRequest): Promise<TransportResponse>;
}

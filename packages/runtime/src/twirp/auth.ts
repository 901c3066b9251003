// How Twirp calls are authenticated, as interfaces that know nothing of who implements them:
// clients send a token they are given or one a GrantSigner makes for an RPC's claims; servers
// check requests with a ServerAuth (twirp/server/options.ts). The LiveKit layer (livekit/)
// implements both.

/** Token claims an RPC needs, by claim name, from the grants sidecar: `{ video: { roomAdmin: true, room: "r1" } }`. */
export type GrantClaims = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** What a token function learns about the call it authorizes. */
export interface TokenCall {
  readonly service: string;
  readonly method: string;
  /** The request's init shape. */
  readonly request: object;
}

/** Authenticate with a token you obtain yourself: a fixed one, or one per call. */
export interface TokenAuth {
  readonly token: string | ((call: TokenCall) => string | Promise<string>);
}

/** Signs tokens for an RPC's claims (LiveKit's TokenSigner, behind `auth: { apiKey, apiSecret }`). */
export interface GrantSigner {
  token(claims: GrantClaims): Promise<string>;
  /** The text with every secret the signer holds replaced. */
  redact(text: string): string;
}

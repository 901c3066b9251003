// How a Twirp service is served, as types only: the options of `create<Service>Handler`, with
// the auth hook (ServerAuth) that `livekitAuth` (livekit/verify.ts) implements.
import type { Registry } from "@bufbuild/protobuf";
import type { GrantClaims } from "../auth.js";
import type { CallInfo, RequestHeaders, ServerJsonOptions } from "./service.js";

/**
 * Checks who calls. `authenticate` runs before the body is read: throw a PlainTextError (reply.ts)
 * (LiveKit answers a missing or bad token with a plain-text 401) or a TwirpError to refuse.
 * `authorize` runs on the decoded request with the grant the RPC needs (undefined when its
 * service has no grants table): throw a TwirpError to refuse.
 */
export interface ServerAuth {
  authenticate(headers: RequestHeaders, call: CallInfo): unknown;
  authorize?(auth: unknown, grant: GrantClaims | undefined, call: CallInfo): void | Promise<void>;
}

/** The options of a service's handler (`create<Service>Handler`). */
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

// `protoc-gen-livekit-runtime/twirp/server`: serving a generated `<Service>Implementation` over
// Twirp, fetch-style (`Request` -> `Response`) or on `node:http` (nodeHandler).
export type { GrantClaims } from "../auth.js";
export { TwirpError, type TwirpErrorCode } from "../errors.js";
export type { BoundService, IncomingCall, Reply, ServerCore } from "./core.js";
export { combineHandlers, createServiceHandler, type ServerHandler } from "./handler.js";
export { nodeHandler, type NodeRequest, type NodeResponse } from "./node.js";
export type { ServerAuth, ServerOptions } from "./options.js";
export { PlainTextError } from "./reply.js";
export type {
  CallInfo,
  RequestHeaders,
  RequestJsonReader,
  ResponseJsonWriter,
  ServerContext,
  ServerJsonOptions,
  ServerRpc,
  ServiceRpcs,
} from "./service.js";

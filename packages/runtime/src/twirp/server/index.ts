// `protoc-gen-livekit-runtime/twirp/server`: serving a generated `<Service>Implementation` over
// Twirp, fetch-style (`Request` -> `Response`) or on `node:http` (nodeHandler).
export type { GrantClaims } from "../auth.js";
export { TwirpError, type TwirpErrorCode } from "../errors.js";
export * from "./handler.js";
export { nodeHandler, type NodeRequest, type NodeResponse } from "./node.js";

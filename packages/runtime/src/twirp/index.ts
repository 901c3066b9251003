// `protoc-gen-livekit-runtime/twirp`: the client core the generated `<Service>Client`s are thin
// over, its default fetch transport, the binary format and the one error class.
export type { GrantClaims, GrantSigner, TokenAuth, TokenCall } from "./auth.js";
export { binaryFormat } from "./binary.js";
export * from "./client.js";
export { TwirpError, type TwirpErrorCode } from "./errors.js";
export { protobufJson } from "./reflect.js";
export type { RetryOptions } from "./retry.js";
export { fetchTransport } from "./transport-fetch.js";

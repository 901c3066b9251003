// `protoc-gen-livekit-runtime/twirp`: the client core the generated `<Service>Client`s are thin
// over with the types of its parts (RPC descriptions, interceptors, transports, validation),
// its default fetch transport, the binary format and the one error class.
export type { GrantClaims, GrantSigner, TokenAuth, TokenCall } from "./auth.js";
export { binaryFormat } from "./binary.js";
export { TwirpClient, type CallOptions, type ClientOptions, type HeadersInit, type ServiceInfo } from "./client.js";
export { TwirpError, type TwirpErrorCode } from "./errors.js";
export type { Interceptor, TwirpCall, TwirpHandler } from "./interceptor.js";
export type { BinaryFormat, RequestWriteOptions, RequestWriter, ResponseReadOptions, ResponseReader, TwirpMethod } from "./method.js";
export { protobufJson } from "./reflect.js";
export type { RetryOptions } from "./retry.js";
export { fetchTransport } from "./transport-fetch.js";
export type { Transport, TransportRequest, TransportResponse } from "./transport.js";
export type { RequestValidator, ServiceValidators, ValidationIssue } from "./validation.js";

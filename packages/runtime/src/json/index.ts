// `protoc-gen-livekit-runtime/json`: what the generated `_json` modules are made of, and the
// codec types and errors users see.
export * from "./codec.js";
export { keySegment } from "./common.js";
export * from "./read.js";
export * from "./reader.js";
export * from "./time.js";
export * from "./wkt.js";
export * from "./write.js";

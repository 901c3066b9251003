// `protoc-gen-livekit-runtime/livekit`: LiveKit access tokens, signed for clients and verified
// for servers; both implement the Twirp layer's auth interfaces.
export { TokenSigner, type KeyAuth } from "./token.js";
export { grantAllows, livekitAuth, TokenError, TokenVerifier, type LiveKitAuthOptions, type VerifiedToken } from "./verify.js";

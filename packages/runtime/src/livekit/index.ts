// `protoc-gen-livekit-runtime/livekit`: LiveKit access tokens, signed for clients and verified
// for servers (both implement the Twirp layer's auth interfaces); participant and server tokens
// minted as livekit-server-sdk's AccessToken mints them; webhooks verified and signed.
export {
  AccessToken,
  AccessTokenError,
  type AccessTokenOptions,
  type ClaimJsonValue,
  type InferenceGrant,
  type ObservabilityGrant,
  type ParticipantKindName,
  type RoomConfigurationClaim,
  type SIPGrant,
  type TrackSourceInput,
  type TrackSourceName,
  type VideoGrant,
} from "./access-token.js";
export { ringingTimeoutMs } from "./ringing.js";
export { TokenSigner, type KeyAuth } from "./token.js";
export { grantAllows, livekitAuth, TokenError, TokenVerifier, type LiveKitAuthOptions, type VerifiedToken } from "./verify.js";
export {
  signWebhook,
  WebhookError,
  WebhookReceiver,
  webhookContentType,
  type SignWebhookOptions,
  type WebhookBody,
  type WebhookErrorReason,
  type WebhookEventReader,
  type WebhookReceiverOptions,
} from "./webhook.js";

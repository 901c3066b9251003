// LiveKit's limits on what a request may carry (pkg/config/config.go: LimitConfig; the messages
// of pkg/service/errors.go), checked by the RoomService and the Simulator alike: nothing over
// them is kept.
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";

/** LiveKit's default limits, in bytes (UTF-8). */
export const limits = {
  roomNameBytes: 256,
  identityBytes: 256,
  nameBytes: 256,
  metadataBytes: 512 * 1024,
  attributesBytes: 64 * 1024,
  rpcPayloadBytes: 15 * 1024,
};

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).byteLength;
}

/** The size LiveKit counts for attributes: every key and value. */
export function attributesSize(attributes: Readonly<Record<string, string>>): number {
  return Object.entries(attributes).reduce((n, [k, v]) => n + byteLength(k) + byteLength(v), 0);
}

/** LiveKit's `<what> exceeds limits` (twirp.InvalidArgumentError: message "<argument> <limit>", meta `argument`). */
export function checkSize(what: string, size: number, limit: number): void {
  if (size > limit) {
    const argument = `${what} exceeds limits`;
    throw new TwirpError("invalid_argument", `${argument} ${limit}`, { argument });
  }
}

/** A room name a request gives in `field`: at most 256 bytes. */
export function checkRoomNameLength(name: string, field: string): void {
  if (byteLength(name) > limits.roomNameBytes) {
    throw new TwirpError("invalid_argument", `room name length exceeds limits: max length ${limits.roomNameBytes}`, { argument: field });
  }
}

/** A participant identity a request gives in `field`: at most 256 bytes. */
export function checkIdentityLength(identity: string, field: string): void {
  if (byteLength(identity) > limits.identityBytes) {
    throw new TwirpError("invalid_argument", `participant identity length exceeds limits: max length ${limits.identityBytes}`, {
      argument: field,
    });
  }
}

/** Twirp's RequiredArgumentError: `<field> is required`, meta `argument`. */
export function requiredArgument(field: string): TwirpError {
  return new TwirpError("invalid_argument", `${field} is required`, { argument: field });
}

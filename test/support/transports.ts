// The transports the client's transport-level tests run over: the default one (over fetch) and
// the opt-in Node transport. `undefined` leaves the client's option unset, so the default is
// tested as users get it.
import type { Transport } from "protoc-gen-livekit-runtime/twirp";
import { nodeTransport } from "protoc-gen-livekit-runtime/twirp/node";

export const transports: readonly (readonly [name: string, transport: Transport | undefined])[] = [
  ["fetch", undefined],
  ["node", nodeTransport()],
];

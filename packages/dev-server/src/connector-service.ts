// livekit.Connector is a LiveKit Cloud service: LiveKit's open-source server does not register
// it (livekit/livekit pkg/service/server.go serves Room, AgentDispatch, Egress, Ingress and SIP),
// so every RPC answers `unimplemented`, saying so, after the same auth as the others.
import type { ConnectorImplementation } from "livekit-room-api/livekit_connector_server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";

export const connectorUnimplemented =
  "Connector is a LiveKit Cloud service; the local dev server does not serve it (neither does LiveKit's open-source server)";

const refuse = async (): Promise<never> => {
  throw new TwirpError("unimplemented", connectorUnimplemented);
};

export class LocalConnector implements ConnectorImplementation {
  dialWhatsAppCall = refuse;
  disconnectWhatsAppCall = refuse;
  connectWhatsAppCall = refuse;
  acceptWhatsAppCall = refuse;
  connectTwilioCall = refuse;
}

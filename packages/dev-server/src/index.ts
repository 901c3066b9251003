// livekit-dev-server: the local LiveKit room service (`npm run dev-server`), for tests and
// development. `startDevServer` starts it in-process; the Simulator's generated client, server
// handler, messages and codecs come with it (src/gen/dev/, generated from proto/dev/).
export { startDevServer, type DevServer, type DevServerOptions } from "./server.js";
export { dataLimits, LocalRooms, type DeliveredPacket, type LocalParticipant, type LocalRoom, type RpcHandler } from "./rooms.js";
export { limits } from "./limits.js";
export * from "./gen/dev/index.js";
export { EventBus, type DevServerEvent, type DevServerEventListener, type DevServerEventName } from "./events.js";
export { Webhooks, type WebhookDelivery, type WebhookDeliveryStatus, type WebhookQueueState } from "./webhooks.js";

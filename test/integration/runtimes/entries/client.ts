// What each client entry runs: the generated RoomServiceClient signs a token with the API key and
// secret (Web Crypto) and calls the server: createRoom, then listRooms of that name.
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";

export interface ClientResult {
  readonly runtime: string;
  readonly created: { readonly sid: string; readonly name: string };
  readonly listed: { readonly sid: string; readonly name: string; readonly creationTime: string }[];
}

/** `fetch`: how requests go out; default the global fetch (a Worker passes a service binding's). */
export async function createThenList(
  url: string,
  apiKey: string,
  apiSecret: string,
  room: string,
  runtime: string,
  fetch?: typeof globalThis.fetch,
): Promise<ClientResult> {
  const client = new RoomServiceClient(url, { auth: { apiKey, apiSecret }, ...(fetch === undefined ? {} : { fetch }) });
  const created = await client.createRoom({ name: room, emptyTimeout: 60 });
  const { rooms } = await client.listRooms({ names: [room] });
  return {
    runtime,
    created: { sid: created.sid, name: created.name },
    listed: rooms.map(({ sid, name, creationTime }) => ({ sid, name, creationTime: String(creationTime) })),
  };
}

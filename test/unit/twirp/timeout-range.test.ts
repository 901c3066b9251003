// A timeout beyond setTimeout's range (about 24.8 days) must not fire at once: Node runs such a
// timer after 1 ms, which would end every call with deadline_exceeded.
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startServer, type TestServer } from "../../support/twirp-server.js";

let server: TestServer;
beforeAll(async () => {
  // Answers after 30 ms: long enough for a timer that fired at once to have ended the call.
  server = await startServer((_request, response) => {
    setTimeout(() => response.writeHead(200, { "content-type": "application/json" }).end('{"rooms":[]}'), 30);
  });
});
afterAll(() => server.close());

it("keeps a call alive under a timeout of 2^32 ms, and sends that timeout as asked", async () => {
  const client = new RoomServiceClient(server.url, { auth: { token: "t" }, timeoutMs: 2 ** 32 });
  await expect(client.listRooms({})).resolves.toMatchObject({ rooms: [] });
  expect(server.requests.at(-1)!.headers["x-twirp-timeout-ms"]).toBe(String(2 ** 32));
});

// The LiveKit stand-in for the client benchmarks, run in its own process so that its work
// does not count against either client: answers ListRooms (two rooms) and ListParticipants
// (50 participants) in LiveKit's snake_case, every-field-present form, from prepared bodies.
// Prints its URL on stdout once listening.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { responseBodies } from "./bodies.js";

const bodies = Object.fromEntries(Object.entries(responseBodies).map(([path, text]) => [path, Buffer.from(text!)]));

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    const body = bodies[request.url ?? ""];
    if (body === undefined || request.headers.authorization === undefined) {
      response.writeHead(404, { "content-type": "application/json" }).end('{"code":"bad_route","msg":"no such method"}');
      return;
    }
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});

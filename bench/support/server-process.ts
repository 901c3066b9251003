// One server of the server benchmark, in its own process so that its CPU time is its own:
//   bare      node:http, JSON.parse of the body, JSON.stringify of the response as a plain
//             object in LiveKit's form (the limit)
//   generated createRoomServiceHandler through nodeHandler (the core, no Request/Response)
//   auth      the same with livekitAuth (token verified once, then cached)
//   fetch     the fetch-style handler behind a naive node:http -> Request -> Response adapter
// Answers ListRooms (10 rooms) and ListParticipants (50 participants) from prepared messages;
// GET /cpu answers the process's CPU time. Prints its URL once listening.
//   node --import tsx server-process.ts <kind> <api key> <api secret>
import { createServer, type IncomingMessage, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { create } from "@bufbuild/protobuf";
import { ListParticipantsResponseSchema, ListRoomsResponseSchema } from "livekit-room-api/livekit_room_pb";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { livekitAuth } from "protoc-gen-livekit-runtime/livekit";
import type { ServerHandler } from "protoc-gen-livekit-runtime/twirp/server";
import { nodeHandler } from "protoc-gen-livekit-runtime/twirp/server";
import { serverJson } from "../../tools/samples/livekit-wire.js";
import { participantsResponse, smallRoom } from "../../tools/samples/samples.js";

const listRooms = create(ListRoomsResponseSchema, {
  rooms: Array.from({ length: 10 }, (_, i) => ({ ...smallRoom(), sid: `RM_bench${i}`, name: `room-${i}` })),
});
const listParticipants = participantsResponse(50);

const implementation = {
  listRooms: async () => listRooms,
  listParticipants: async () => listParticipants,
} as Partial<RoomServiceImplementation> as RoomServiceImplementation;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function bare(): RequestListener {
  const answers: Record<string, unknown> = {
    "/twirp/livekit.RoomService/ListRooms": serverJson(ListRoomsResponseSchema, listRooms),
    "/twirp/livekit.RoomService/ListParticipants": serverJson(ListParticipantsResponseSchema, listParticipants),
  };
  return (request, response) => {
    void readBody(request).then((body) => {
      JSON.parse(body.toString("utf8"));
      const answer = answers[request.url ?? ""];
      const text = JSON.stringify(answer);
      response.writeHead(answer === undefined ? 404 : 200, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
      });
      response.end(text);
    });
  };
}

function naiveFetchAdapter(handler: ServerHandler): RequestListener {
  return (request, response) => {
    void readBody(request)
      .then((body) =>
        handler(
          new Request(`http://127.0.0.1${request.url}`, {
            method: request.method!,
            headers: request.headers as Record<string, string>,
            body: new Uint8Array(body),
          }),
        ),
      )
      .then(async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer());
        response.writeHead(answer.status, { "content-type": answer.headers.get("content-type")!, "content-length": body.length });
        response.end(body);
      });
  };
}

const listeners: Record<string, () => RequestListener> = {
  bare,
  generated: () => nodeHandler(createRoomServiceHandler(implementation)),
  auth: () =>
    nodeHandler(createRoomServiceHandler(implementation, { auth: livekitAuth({ keys: { [process.argv[3]!]: process.argv[4]! } }) })),
  fetch: () => naiveFetchAdapter(createRoomServiceHandler(implementation)),
};

const listener = listeners[process.argv[2] ?? ""]?.();
if (listener === undefined) throw new Error(`server-process: expected one of ${Object.keys(listeners).join(", ")}`);
const server = createServer((request, response) => {
  if (request.url === "/cpu") {
    response.end(JSON.stringify(process.cpuUsage()));
    return;
  }
  listener(request, response);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));

// The local room service under attack, one test each: what a hostile or careless caller may
// send, and what the service must not do then (create a room LiveKit could not have, keep
// reading a body it refused, accept a token that never expires, report a client's hang-up as
// its own failure, keep unbounded state, crash on a failing hook, tell routes to a stranger).
import { createHmac } from "node:crypto";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { connect } from "node:net";
import { DataPacket_Kind } from "livekit-room-api/livekit_models_pb";
import { RoomServiceBinary, RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { dataLimits, type DevServer, SimulatorBinary, SimulatorClient, startDevServer } from "livekit-dev-server";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { nodeHandler } from "protoc-gen-livekit-runtime/twirp/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const apiKey = "devkey";
const apiSecret = "secret";
const auth = { apiKey, apiSecret };

let server: DevServer;
const failures: unknown[] = [];
beforeAll(async () => {
  server = await startDevServer({ port: 0, onError: (error) => failures.push(error) });
});
afterAll(async () => {
  await server.close();
  expect(failures).toEqual([]);
});

/** `Bearer <jwt>` with this claims text exactly (numbers JSON.stringify cannot write, such as 1e400), signed with node:crypto. */
function signedBearer(claimsJson: string): string {
  const header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
  const input = `${header}.${Buffer.from(claimsJson).toString("base64url")}`;
  return `Bearer ${input}.${createHmac("sha256", apiSecret).update(input).digest("base64url")}`;
}

function bearer(video: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  return signedBearer(JSON.stringify({ iss: apiKey, nbf: now, exp: now + 600, video }));
}

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

async function post(url: string, path: string, body: string, headers: Record<string, string>, method = "POST"): Promise<Answer> {
  const response = await fetch(`${url}${path}`, { method, headers, ...(method === "GET" ? {} : { body }) });
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.text() };
}

async function twirpError(call: Promise<unknown>): Promise<{ code: string; msg: string; meta: Record<string, string> }> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TwirpError);
  const { code, msg, meta } = error as TwirpError;
  return { code, msg, meta };
}

/** The next connection the server accepts, on its side. */
function nextConnection(httpServer: Server): Promise<Socket> {
  return new Promise((resolve) => httpServer.once("connection", resolve));
}

/**
 * Opens a raw connection, sends `head`, then streams body bytes (as chunks of chunked encoding
 * when `chunked`) until the server closes the connection or `maxBytes` are sent. Returns how
 * many bytes the server read from the connection (its socket's bytesRead) and whether it closed
 * the connection before the client was done.
 */
async function flood(target: DevServer, head: string, chunked: boolean, maxBytes: number) {
  const accepted = nextConnection(target.httpServer);
  const client = connect(Number(new URL(target.url).port), "127.0.0.1");
  client.on("error", () => undefined); // ECONNRESET or EPIPE once the server closes
  client.resume(); // the response, if it gets through, is not what this measures
  const serverSocket = await accepted;
  let serverClosed = false;
  const closed = new Promise<void>((resolve) => serverSocket.once("close", resolve)).then(() => {
    serverClosed = true;
  });
  client.write(head);
  const data = Buffer.alloc(64 * 1024, 0x61);
  const chunk = chunked ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data;
  let sent = 0;
  while (!serverClosed && !client.destroyed && sent < maxBytes) {
    sent += data.length;
    if (!client.write(chunk)) {
      await Promise.race([
        new Promise((resolve) => client.once("drain", resolve)),
        new Promise((resolve) => client.once("close", resolve)),
        closed,
      ]);
    }
  }
  const closedBeforeClientWasDone = serverClosed || client.destroyed;
  client.destroy();
  await closed;
  return { serverRead: serverSocket.bytesRead, closedBeforeClientWasDone, sent };
}

describe("the local room service under attack", () => {
  it('refuses Move and Forward to destination_room "" (a token without a destinationRoom claim allows it) naming the field', async () => {
    const rooms = new RoomServiceClient(server.url, { auth });
    const simulator = new SimulatorClient(server.url, { auth });
    await simulator.join({ room: "attack-dest", identity: "alice" });
    const required = { code: "invalid_argument", msg: "destination_room is required", meta: { argument: "destination_room" } };
    expect(await twirpError(rooms.moveParticipant({ room: "attack-dest", identity: "alice", destinationRoom: "" }))).toEqual(required);
    expect(await twirpError(rooms.forwardParticipant({ room: "attack-dest", identity: "alice", destinationRoom: "" }))).toEqual(required);
    // Raw, with a token that has no destinationRoom claim at all (a missing claim counts as "").
    const headers = { "content-type": "application/json", authorization: bearer({ roomAdmin: true, room: "attack-dest" }) };
    for (const method of ["MoveParticipant", "ForwardParticipant"]) {
      for (const body of ['{"room":"attack-dest","identity":"alice"}', '{"room":"attack-dest","identity":"alice","destination_room":""}']) {
        const answer = await post(server.url, `/twirp/livekit.RoomService/${method}`, body, headers);
        expect(answer.status, `${method} ${body}`).toBe(400);
        expect(JSON.parse(answer.body)).toEqual(required);
      }
    }
    expect((await rooms.listRooms()).rooms.map((r) => r.name)).not.toContain("");
    expect((await rooms.getParticipant({ room: "attack-dest", identity: "alice" })).identity).toBe("alice");
  });

  it("stops reading a refused body (401, declared or streamed past the limit) and closes the connection: at most ~limit + 256 KiB read", async () => {
    const limit = 64 * 1024;
    const small = await startDevServer({ port: 0, maxRequestBytes: limit, onError: (error) => failures.push(error) });
    try {
      const path = "/twirp/livekit.RoomService/ListRooms";
      const token = bearer({ roomList: true });
      const huge = 1024 * 1024 * 1024;
      const cases = [
        [
          "no token (401), 1 GiB declared",
          `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${huge}\r\n\r\n`,
          false,
        ],
        [
          "1 GiB declared (429 before reading)",
          `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${token}\r\nContent-Type: application/json\r\nContent-Length: ${huge}\r\n\r\n`,
          false,
        ],
        [
          "streamed without a length (429 past the limit)",
          `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: ${token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
          true,
        ],
      ] as const;
      // Headers, the body up to the limit, the 256 KiB drained after the refusal, and the read
      // buffers between the socket and the request (one 64 KiB read, the request's 16 KiB).
      const bound = 1024 + limit + 256 * 1024 + 128 * 1024;
      for (const [name, head, chunked] of cases) {
        const result = await flood(small, head, chunked, 256 * 1024 * 1024);
        expect(result.closedBeforeClientWasDone, name).toBe(true);
        expect(result.serverRead, name).toBeLessThanOrEqual(bound);
      }
      // The connection of a call that read its whole body stays open (keep-alive).
      const kept = nextConnection(small.httpServer);
      expect((await post(small.url, path, "{}", { "content-type": "application/json", authorization: token })).status).toBe(200);
      expect((await kept).destroyed).toBe(false);
    } finally {
      await small.close();
    }
  });

  it("refuses a correctly signed token whose exp or nbf is not a finite number (1e400 reads as Infinity)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const malformed = "invalid authorization token: token is malformed: exp and nbf must be numbers";
    const video = '"video":{"roomList":true}';
    const claims = [
      `{"iss":"${apiKey}","nbf":${now},"exp":1e400,${video}}`,
      `{"iss":"${apiKey}","exp":1e400,${video}}`,
      `{"iss":"${apiKey}","nbf":-1e400,"exp":${now + 600},${video}}`,
      `{"iss":"${apiKey}","nbf":1e400,"exp":${now + 600},${video}}`,
    ];
    for (const claimsJson of claims) {
      expect(JSON.parse(claimsJson)).toBeTypeOf("object");
      const answer = await post(server.url, "/twirp/livekit.RoomService/ListRooms", "{}", {
        "content-type": "application/json",
        authorization: signedBearer(claimsJson),
      });
      expect(answer, claimsJson).toEqual({ status: 401, contentType: "text/plain; charset=utf-8", body: malformed });
    }
    const fine = await post(server.url, "/twirp/livekit.RoomService/ListRooms", "{}", {
      "content-type": "application/json",
      authorization: signedBearer(`{"iss":"${apiKey}","nbf":${now},"exp":${now + 600},${video}}`),
    });
    expect(fine.status).toBe(200);
  });

  it("does not report a request the client abandoned mid-body to onError: it is canceled, not internal", async () => {
    const statuses: number[] = [];
    let received: () => void = () => undefined;
    const requested = new Promise<void>((resolve) => (received = resolve));
    const answered = new Promise<void>((resolve) => {
      server.httpServer.prependOnceListener("request", (_request, response: ServerResponse) => {
        received();
        const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
        response.end = ((...args: unknown[]) => {
          statuses.push(response.statusCode);
          resolve();
          return end(...args);
        }) as ServerResponse["end"];
      });
    });
    const client = connect(Number(new URL(server.url).port), "127.0.0.1");
    client.on("error", () => undefined);
    client.write(
      "POST /twirp/livekit.RoomService/CreateRoom HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
        `Authorization: ${bearer({ roomCreate: true })}\r\nContent-Length: 1000\r\n\r\n{"name":"aband`,
    );
    await requested; // the server is serving it, and waits for the other 986 bytes
    client.destroy();
    await answered;
    expect(statuses).toEqual([408]);
    expect(failures).toEqual([]);
    expect(server.rooms.find("aband")).toBeUndefined();
  });

  it("refuses room names and identities over LiveKit's 256 bytes in Join, Move and Forward, as in CreateRoom", async () => {
    const rooms = new RoomServiceClient(server.url, { auth });
    const simulator = new SimulatorClient(server.url, { auth });
    const long = "é".repeat(129); // 258 bytes, 129 characters
    const fits = "é".repeat(128); // 256 bytes
    const roomTooLong = (argument: string) => ({
      code: "invalid_argument",
      msg: "room name length exceeds limits: max length 256",
      meta: { argument },
    });
    const identityTooLong = {
      code: "invalid_argument",
      msg: "participant identity length exceeds limits: max length 256",
      meta: { argument: "identity" },
    };
    expect(await twirpError(rooms.createRoom({ name: long }))).toEqual(roomTooLong("name"));
    expect(await twirpError(simulator.join({ room: long, identity: "a" }))).toEqual(roomTooLong("room"));
    expect(await twirpError(simulator.join({ room: "attack-len", identity: long }))).toEqual(identityTooLong);
    await simulator.join({ room: fits, identity: fits });
    await simulator.join({ room: "attack-len", identity: "a" });
    for (const call of [rooms.moveParticipant.bind(rooms), rooms.forwardParticipant.bind(rooms)]) {
      expect(await twirpError(call({ room: "attack-len", identity: "a", destinationRoom: long }))).toEqual(roomTooLong("destination_room"));
      expect(await twirpError(call({ room: "attack-len", identity: long, destinationRoom: "x" }))).toEqual(identityTooLong);
    }
    const names = (await rooms.listRooms()).rooms.map((r) => r.name);
    expect(names).toContain(fits);
    expect(names.filter((name) => Buffer.byteLength(name) > 256)).toEqual([]);
    await rooms.moveParticipant({ room: "attack-len", identity: "a", destinationRoom: "attack-len-2" });
  });

  it("survives an onError hook that throws: the caller gets internal, the service keeps serving, nothing is left unhandled", async () => {
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const throwing = await startDevServer({
      port: 0,
      onError: () => {
        throw new Error("the hook fails");
      },
    });
    try {
      const rooms = new RoomServiceClient(throwing.url, { auth });
      const all = throwing.rooms.all.bind(throwing.rooms);
      throwing.rooms.all = () => {
        throw new Error("a bug in the service");
      };
      expect(await twirpError(rooms.listRooms())).toEqual({ code: "internal", msg: "internal error", meta: {} });
      throwing.rooms.all = all;
      expect((await rooms.listRooms()).rooms).toEqual([]);
      expect(printed).toHaveBeenCalledWith(
        expect.stringContaining("the onError hook threw"),
        expect.objectContaining({ message: "the hook fails" }),
      );
    } finally {
      printed.mockRestore();
      await throwing.close();
    }
    // The runtime's node:http adapter alone (no dev server around the hook): it still answers.
    const failing = new Proxy({} as RoomServiceImplementation, {
      get: () => async () => {
        throw new Error("a bug in the service");
      },
    });
    const bare = createServer(
      nodeHandler(
        createRoomServiceHandler(failing, {
          onError: () => {
            throw new Error("the hook fails");
          },
        }),
      ),
    );
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
      const answer = await post(url, "/twirp/livekit.RoomService/ListRooms", "{}", { "content-type": "application/json" });
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toMatchObject({ code: "internal", msg: "internal error" });
    } finally {
      bare.closeAllConnections();
      bare.close();
    }
  });

  it("keeps a room's data and subscriptions bounded, whatever one room admin sends", async () => {
    const rooms = new RoomServiceClient(server.url, { auth, format: RoomServiceBinary });
    const simulator = new SimulatorClient(server.url, { auth, format: SimulatorBinary });
    const room = "attack-bounds";
    await simulator.join({ room, identity: "alice", tracks: [{ sid: "TR_real" }] });
    await simulator.join({ room, identity: "bob" });
    const local = () => server.rooms.find(room)!;
    const text = (payload: Uint8Array) => new TextDecoder().decode(payload);
    // More packets than a room keeps: the newest stay, in order.
    const sends = dataLimits.packets + 50;
    for (let i = 0; i < sends; i++) {
      await rooms.sendData({ room, data: new TextEncoder().encode(String(i)), kind: DataPacket_Kind.RELIABLE });
    }
    const packets = (await simulator.receivedData({ room, identity: "alice" })).packets;
    expect(packets).toHaveLength(dataLimits.packets);
    expect(text(packets[0]!.payload)).toBe(String(sends - dataLimits.packets));
    expect(text(packets.at(-1)!.payload)).toBe(String(sends - 1));
    expect(local().data).toHaveLength(dataLimits.packets);
    // Subscriptions: only to tracks published in the room, however many sids are sent.
    const sids = Array.from({ length: 10_000 }, (_, i) => `TR_${i}`);
    await rooms.updateSubscriptions({ room, identity: "alice", trackSids: [...sids, "TR_real"], subscribe: true });
    expect([...server.rooms.participant(room, "alice").participant.subscriptions]).toEqual(["TR_real"]);
    // A moved participant keeps what it received (and the room it left keeps it for bob only).
    await rooms.moveParticipant({ room, identity: "alice", destinationRoom: `${room}-moved` });
    const moved = (await simulator.receivedData({ room: `${room}-moved`, identity: "alice" })).packets;
    expect(moved.map((p) => text(p.payload))).toEqual(packets.map((p) => text(p.payload)));
    // More payload than a room keeps: at most dataLimits.bytes (here: the newest two of four).
    const big = new Uint8Array(Math.floor(dataLimits.bytes / 3) + 1);
    for (let i = 0; i < 4; i++) await rooms.sendData({ room, data: big, kind: DataPacket_Kind.RELIABLE, destinationIdentities: ["bob"] });
    expect(local().dataBytes).toBeLessThanOrEqual(dataLimits.bytes);
    expect(local().dataBytes).toBe(local().data.reduce((n, d) => n + d.packet.payload.length, 0));
    expect((await simulator.receivedData({ room, identity: "bob" })).packets.map((p) => p.payload.length)).toEqual([
      big.length,
      big.length,
    ]);
    // What was delivered to someone who left goes with them.
    await simulator.leave({ room, identity: "bob" });
    expect([local().data.length, local().dataBytes]).toEqual([0, 0]);
  });

  it("authenticates first: a caller without a valid token gets 401 whatever the path, method or Content-Type", async () => {
    const missing = {
      status: 401,
      contentType: "text/plain; charset=utf-8",
      body: "invalid authorization header. Must start with Bearer ",
    };
    const invalid = { ...missing, body: "invalid authorization token" };
    const requests: [string, string, Record<string, string>][] = [
      ["/twirp/livekit.RoomService/Nope", "POST", { "content-type": "application/json" }],
      ["/twirp/livekit.Egress/ListEgress", "POST", { "content-type": "application/json" }],
      ["/twirp/livekit.RoomService/ListRooms", "GET", {}],
      ["/twirp/livekit.RoomService/ListRooms", "POST", { "content-type": "text/plain" }],
      // GET / and GET /events are the inspector page (no auth, nothing secret: inspector.test.ts); the rest of / is Twirp's.
      ["/", "POST", {}],
      ["/index.html", "GET", {}],
    ];
    for (const [path, method, headers] of requests) {
      expect(await post(server.url, path, "{}", headers, method), `${method} ${path}`).toEqual(missing);
      expect(await post(server.url, path, "{}", { ...headers, authorization: "Bearer x.y.z" }, method), `${method} ${path}`).toEqual(
        invalid,
      );
    }
    // With a valid token, the routes answer as before.
    const answer = await post(server.url, "/twirp/livekit.RoomService/Nope", "{}", {
      "content-type": "application/json",
      authorization: bearer({ roomList: true }),
    });
    expect(answer.status).toBe(404);
  });
});

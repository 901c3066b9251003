// The generated Twirp server (createRoomServiceHandler) through both entry points: the fetch-style
// handler called with a Request, and nodeHandler on a real node:http server on 127.0.0.1. Bodies
// are compared with @bufbuild/protobuf's own JSON and binary encodings.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fromBinary, fromJson, toBinary, toJson, type Message } from "@bufbuild/protobuf";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import {
  ListParticipantsRequestSchema,
  ListRoomsResponseSchema,
  MuteRoomTrackRequestSchema,
  UpdateParticipantRequestSchema,
} from "livekit-room-api/livekit_room_pb";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { TwirpError, twirpCodeStatus } from "../../../packages/runtime/src/twirp/errors.js";
import {
  combineHandlers,
  PlainTextError,
  type GrantClaims,
  type ServerContext,
  type ServerHandler,
  type ServerOptions,
} from "protoc-gen-livekit-runtime/twirp/server";
import { nodeHandler } from "protoc-gen-livekit-runtime/twirp/server";
import { createSimulatorHandler, type SimulatorImplementation } from "../../../packages/dev-server/src/gen/dev/simulator_server.js";
import { timestampFromDate, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createThingServiceHandler, type ThingServiceImplementation } from "../../fixtures/golden/service_server.js";
import { serverJson } from "../../../tools/samples/livekit-wire.js";
import { listRoomsResponse } from "../../../tools/samples/samples.js";
import { specStatuses } from "../../support/twirp-spec.js";

/** What the stub implementation saw and answers. */
let calls: { method: string; request: Message; context: ServerContext }[] = [];
let answer: (method: string, request: Message, context: ServerContext) => unknown;

const stub = new Proxy({} as RoomServiceImplementation, {
  get: (_target, method) => async (request: Message, context: ServerContext) => {
    calls.push({ method: String(method), request, context });
    return answer(String(method), request, context);
  },
});

beforeEach(() => {
  calls = [];
  answer = () => ({});
});

interface Sent {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Uint8Array;
  readonly text: string;
}

interface SendInit {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array>;
}

/** One way of reaching a handler. */
interface Entry {
  readonly name: string;
  send(handler: ServerHandler, path: string, init?: SendInit): Promise<Sent>;
}

async function sent(response: Response): Promise<Sent> {
  const body = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, contentType: response.headers.get("content-type"), body, text: new TextDecoder().decode(body) };
}

function requestInit(init: SendInit): RequestInit {
  const { method = "POST", headers = { "content-type": "application/json" }, body } = init;
  return { method, headers, ...(body === undefined ? {} : ({ body, duplex: "half" } as RequestInit)) };
}

let server: Server;
let serverUrl = "";
let served: ServerHandler;
beforeAll(async () => {
  server = createServer((request, response) => nodeHandler(served)(request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const entries: Entry[] = [
  {
    name: "fetch handler",
    send: async (handler, path, init = {}) => sent(await handler(new Request(`http://localhost${path}`, requestInit(init)))),
  },
  {
    name: "node:http adapter",
    send: async (handler, path, init = {}) => {
      served = handler;
      return sent(await fetch(`${serverUrl}${path}`, requestInit(init)));
    },
  },
];

describe("the spec's table of statuses", () => {
  it("covers every code the runtime knows, with the runtime's table agreeing", () => {
    const sorted = (rows: [string, number][]) => [...rows].sort(([a], [b]) => (a < b ? -1 : 1));
    expect(sorted(Object.entries(twirpCodeStatus))).toEqual(sorted(specStatuses));
  });
});

const path = (method: string) => `/twirp/livekit.RoomService/${method}`;
const json = (value: unknown) => ({ body: JSON.stringify(value) });
const parsed = (result: Sent): unknown => JSON.parse(result.text);

describe.each(entries)("generated server through the $name", (entry) => {
  const send = (init?: SendInit, method = "ListParticipants", options?: ServerOptions) =>
    entry.send(createRoomServiceHandler(stub, options), path(method), init);

  it("reads a JSON request in either key casing, as @bufbuild/protobuf's fromJson does", async () => {
    const camel = {
      room: "r",
      identity: "alice",
      metadata: "m",
      permission: { canPublishData: true, canPublishSources: ["CAMERA"] },
      attributes: { a_b: "1" },
    };
    const snake = {
      room: "r",
      identity: "alice",
      metadata: "m",
      permission: { can_publish_data: true, can_publish_sources: ["CAMERA"] },
      attributes: { a_b: "1" },
    };
    await send(json(camel), "UpdateParticipant");
    await send(json(snake), "UpdateParticipant");
    expect(calls.map((c) => c.method)).toEqual(["updateParticipant", "updateParticipant"]);
    const reference = fromJson(UpdateParticipantRequestSchema, camel);
    expect(calls[0]!.request).toEqual(reference);
    expect(calls[1]!.request).toEqual(reference);
  });

  it("answers 200 in LiveKit's form by default (proto names, every field, unset messages null), and in JSON names with responseJson: {}", async () => {
    const response = listRoomsResponse();
    answer = () => response;
    const livekitForm = await send(json({}), "ListRooms");
    expect(livekitForm.status).toBe(200);
    expect(livekitForm.contentType).toBe("application/json");
    expect(parsed(livekitForm)).toEqual(serverJson(ListRoomsResponseSchema, response));
    const plain = await send(json({}), "ListRooms", { responseJson: {} });
    expect(parsed(plain)).toEqual(toJson(ListRoomsResponseSchema, response));
  });

  it("serves binary protobuf both ways", async () => {
    const request = fromJson(MuteRoomTrackRequestSchema, { room: "r", identity: "a", trackSid: "TR_1", muted: true });
    answer = () => ({ track: { sid: "TR_1", muted: true } });
    const result = await send(
      { headers: { "content-type": "application/protobuf" }, body: toBinary(MuteRoomTrackRequestSchema, request) },
      "MutePublishedTrack",
    );
    expect(result.status).toBe(200);
    expect(result.contentType).toBe("application/protobuf");
    expect(calls[0]!.request).toEqual(request);
    expect(
      fromBinary(MuteRoomTrackRequestSchema.file.messages.find((m) => m.name === "MuteRoomTrackResponse")!, result.body),
    ).toMatchObject({ track: { sid: "TR_1", muted: true } });
  });

  it("turns an init shape and a full message into the same response", async () => {
    answer = () => ({ name: "r", numParticipants: 2 });
    const fromInit = await send(json({ name: "r" }), "CreateRoom");
    answer = () => fromJson(RoomSchema, { name: "r", numParticipants: 2 });
    const fromMessage = await send(json({ name: "r" }), "CreateRoom");
    expect(fromInit.text).toBe(fromMessage.text);
    expect(parsed(fromInit)).toMatchObject({ name: "r", num_participants: 2, sid: "" });
  });

  it.each<[string, { path: string; method?: string; type?: string }, string, string]>([
    [
      "an unknown method",
      { path: path("Nope") },
      'no handler for path "/twirp/livekit.RoomService/Nope"',
      "POST /twirp/livekit.RoomService/Nope",
    ],
    [
      "an unknown service",
      { path: "/twirp/livekit.Other/ListRooms" },
      'no handler for path "/twirp/livekit.Other/ListRooms"',
      "POST /twirp/livekit.Other/ListRooms",
    ],
    [
      "another prefix",
      { path: "/api/livekit.RoomService/ListRooms" },
      'no handler for path "/api/livekit.RoomService/ListRooms"',
      "POST /api/livekit.RoomService/ListRooms",
    ],
    [
      "GET",
      { path: path("ListRooms"), method: "GET" },
      'unsupported method "GET" (only POST is allowed)',
      "GET /twirp/livekit.RoomService/ListRooms",
    ],
    [
      "text/plain",
      { path: path("ListRooms"), type: "text/plain" },
      'unexpected Content-Type: "text/plain"',
      "POST /twirp/livekit.RoomService/ListRooms",
    ],
  ])(
    "answers %s with bad_route (404), as Twirp's Go servers",
    async (_name, { path: where, method = "POST", type = "application/json" }, msg, route) => {
      const result = await entry.send(createRoomServiceHandler(stub), where, {
        method,
        headers: { "content-type": type },
        ...(method === "GET" ? {} : json({})),
      });
      expect(result.status).toBe(404);
      expect(result.contentType).toBe("application/json");
      expect(parsed(result)).toEqual({ code: "bad_route", msg, meta: { twirp_invalid_route: route } });
      expect(calls).toEqual([]);
    },
  );

  it("reads the media type case-insensitively and without its parameters", async () => {
    expect((await send({ headers: { "content-type": "Application/JSON; charset=UTF-8" }, ...json({ room: "r" }) })).status).toBe(200);
  });

  it.each([
    ["text that is not JSON", "{room", "json"],
    ["an empty body", "", "json"],
    ["a field of the wrong type", '{"room": 5}', "json"],
    ["a key given twice", '{"room": "a", "room": "b"}', "json"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), "json"],
    ["bytes that are not protobuf", new Uint8Array([0x0a, 0x05, 0x61]), "protobuf"],
  ])("answers %s with malformed (400)", async (_name, body, format) => {
    const result = await send({ headers: { "content-type": `application/${format}` }, body });
    expect(result.status).toBe(400);
    expect(parsed(result)).toMatchObject({
      code: "malformed",
      msg: `the ${format} request could not be decoded`,
      meta: { cause: expect.any(String) },
    });
    expect(calls).toEqual([]);
  });

  it("skips unknown fields, as LiveKit, unless rejectUnknownFields", async () => {
    expect((await send(json({ room: "r", roomz: 1 }))).status).toBe(200);
    expect(calls[0]!.request).toEqual(fromJson(ListParticipantsRequestSchema, { room: "r" }));
    const strict = await send(json({ room: "r", roomz: 1 }), "ListParticipants", { rejectUnknownFields: true });
    expect(parsed(strict)).toMatchObject({ code: "malformed" });
  });

  it("refuses a body over maxRequestBytes with resource_exhausted (429), whether its length is declared or streamed", async () => {
    const body = JSON.stringify({ room: "x".repeat(200) });
    const declared = await send({ body }, "ListParticipants", { maxRequestBytes: 100 });
    const chunks = [body.slice(0, 80), body.slice(80)].map((part) => new TextEncoder().encode(part));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    const streamed = await send({ body: stream }, "ListParticipants", { maxRequestBytes: 100 });
    for (const result of [declared, streamed]) {
      expect(result.status).toBe(429);
      expect(parsed(result)).toEqual({
        code: "resource_exhausted",
        msg: "the request body is larger than 100 bytes",
        meta: { limit: "100" },
      });
    }
    expect(calls).toEqual([]);
    expect((await send({ body }, "ListParticipants", { maxRequestBytes: body.length })).status).toBe(200);
  });

  it.each(specStatuses)("sends a thrown TwirpError %s with HTTP %i (the spec's status) and its meta", async (code, status) => {
    answer = () => {
      throw new TwirpError(code, `failed: ${code}`, { key: "value" });
    };
    const result = await send(json({ room: "r" }));
    expect(result.status).toBe(status);
    expect(result.contentType).toBe("application/json");
    expect(parsed(result)).toEqual({ code, msg: `failed: ${code}`, meta: { key: "value" } });
  });

  it("hides any other failure behind internal (500) and hands it to onError: an exception, no response, a response of another type, a value the writer refuses", async () => {
    const seen: unknown[] = [];
    answer = () => {
      throw new Error("database password is hunter2");
    };
    const result = await send(json({ room: "r" }), "ListParticipants", { onError: (error, call) => seen.push(error, call) });
    expect(result.status).toBe(500);
    expect(parsed(result)).toEqual({ code: "internal", msg: "internal error" });
    expect(seen).toEqual([new Error("database password is hunter2"), { service: "livekit.RoomService", method: "ListParticipants" }]);
    answer = () => undefined;
    expect(parsed(await send(json({ room: "r" }), "ListParticipants", { onError: (error) => seen.push(error) }))).toEqual({
      code: "internal",
      msg: "internal error",
    });
    answer = () => listRoomsResponse();
    expect(parsed(await send(json({ room: "r" }), "ListParticipants", { onError: (error) => seen.push(error) }))).toEqual({
      code: "internal",
      msg: "internal error",
    });
    answer = () => ({ participants: [{ identity: 5 }] });
    expect(parsed(await send(json({ room: "r" }), "ListParticipants", { onError: (error) => seen.push(error) }))).toEqual({
      code: "internal",
      msg: "internal error",
    });
    expect(seen.slice(2).map(String)).toEqual([
      "Error: listParticipants resolved to undefined, not to a livekit.ListParticipantsResponse",
      "Error: listParticipants resolved to a livekit.ListRoomsResponse, not to a livekit.ListParticipantsResponse",
      expect.stringMatching(/^JsonEncodeError: .*participants\[0\]\.identity/),
    ]);
  });

  it("gives the implementation the headers and, for X-Twirp-Timeout-Ms, a deadline that answers deadline_exceeded", async () => {
    let reason: unknown;
    answer = (_method, _request, context) =>
      new Promise((resolve) => {
        // Bounded: a server that ignored the deadline would answer 200 after 2 s and fail the
        // status assertion below, rather than wait for vitest's timeout.
        const late = setTimeout(() => resolve({}), 2_000);
        context.signal.addEventListener("abort", () => {
          clearTimeout(late);
          reason = context.signal.reason;
          resolve({});
        });
      });
    const result = await send({
      headers: { "content-type": "application/json", "x-twirp-timeout-ms": "50", "x-tag": "t1" },
      ...json({ room: "r" }),
    });
    expect(result.status).toBe(408);
    expect(parsed(result)).toEqual({
      code: "deadline_exceeded",
      msg: "deadline exceeded: the call took longer than its X-Twirp-Timeout-Ms of 50 ms",
    });
    expect(calls[0]!.context.headers.get("X-Tag")).toBe("t1");
    expect(calls[0]!.context).toMatchObject({ service: "livekit.RoomService", method: "ListParticipants", auth: undefined });
    await expect.poll(() => reason).toBeInstanceOf(TwirpError);
  });

  it("runs the auth hook before reading the body and authorizes with the grant the sidecar gives the request", async () => {
    const grants: (GrantClaims | undefined)[] = [];
    const auth: ServerOptions["auth"] = {
      authenticate: (headers) => {
        if (headers.get("authorization") !== "Bearer ok") throw new PlainTextError(401, "invalid authorization token");
        return { user: "u" };
      },
      authorize: (principal, grant) => {
        expect(principal).toEqual({ user: "u" });
        grants.push(grant);
        if (grant?.["video"]?.["room"] === "forbidden") throw new TwirpError("unauthenticated", "permissions denied");
      },
    };
    const refused = await send({ headers: { "content-type": "application/json" }, body: "not even json" }, "ListParticipants", { auth });
    expect(refused).toMatchObject({ status: 401, contentType: "text/plain; charset=utf-8", text: "invalid authorization token" });
    const headers = { "content-type": "application/json", authorization: "Bearer ok" };
    expect((await send({ headers, ...json({ room: "r1" }) }, "ListParticipants", { auth })).status).toBe(200);
    expect(calls[0]!.context.auth).toEqual({ user: "u" });
    const denied = await send({ headers, ...json({ room: "forbidden" }) }, "ListParticipants", { auth });
    expect(parsed(denied)).toEqual({ code: "unauthenticated", msg: "permissions denied" });
    expect(grants).toEqual([{ video: { roomAdmin: true, room: "r1" } }, { video: { roomAdmin: true, room: "forbidden" } }]);
  });

  it("serves under another prefix, or none", async () => {
    for (const prefix of ["", "/custom/api"]) {
      const result = await entry.send(createRoomServiceHandler(stub, { prefix }), `${prefix}/livekit.RoomService/ListRooms`, json({}));
      expect(result.status).toBe(200);
    }
  });

  it("serves several services from one handler (combineHandlers), each with its options", async () => {
    const simulator = new Proxy({} as SimulatorImplementation, { get: () => async () => ({ nowMs: 5n }) });
    const both = combineHandlers(createRoomServiceHandler(stub), createSimulatorHandler(simulator, { prefix: "/sim" }));
    expect((await entry.send(both, path("ListRooms"), json({}))).status).toBe(200);
    expect(parsed(await entry.send(both, "/sim/livekit.dev.Simulator/AdvanceClock", json({ seconds: 1 })))).toEqual({ now_ms: "5" });
    expect((await entry.send(both, "/twirp/livekit.dev.Simulator/AdvanceClock", json({}))).status).toBe(404);
    expect(() => combineHandlers(both, createRoomServiceHandler(stub))).toThrow("/twirp/livekit.RoomService is served twice");
  });
});

describe("node:http adapter", () => {
  it("aborts the context's signal when the client goes away", async () => {
    let aborted: Promise<void> | undefined;
    answer = (_m, _r, context) => {
      aborted = new Promise((resolve) => context.signal.addEventListener("abort", () => resolve()));
      return new Promise(() => undefined);
    };
    served = createRoomServiceHandler(stub);
    const controller = new AbortController();
    const pending = fetch(`${serverUrl}${path("ListRooms")}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      signal: controller.signal,
    });
    await expect.poll(() => calls.length).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await aborted;
  });
});

describe("RPCs of well-known types (no generated codec)", () => {
  const things = { ping: async () => ({}), now: async () => timestampFromDate(new Date("2024-02-03T04:05:06.5Z")) };
  const handler = createThingServiceHandler(things as Partial<ThingServiceImplementation> as ThingServiceImplementation);
  const call = (method: string, init: SendInit) => entries[0]!.send(handler, `/twirp/fixtures.service.ThingService/${method}`, init);

  it("reads and writes them through @bufbuild/protobuf's reflection, in JSON and binary", async () => {
    expect(await call("Ping", json({}))).toMatchObject({ status: 200, text: "{}" });
    expect(parsed(await call("Now", json({})))).toBe("2024-02-03T04:05:06.500Z");
    const binary = await call("Now", { headers: { "content-type": "application/protobuf" }, body: new Uint8Array() });
    expect(fromBinary(TimestampSchema, binary.body)).toMatchObject({ seconds: 1706933106n, nanos: 500_000_000 });
    expect(parsed(await call("Ping", json({ unknown: 1 })))).toEqual({});
  });
});

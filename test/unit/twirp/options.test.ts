// Client options (prefix, base URL, headers, fetch, format checks), interceptors, and the
// generated clients of the fixture protos (other services, well-known types, odd RPC names).
import { create, createRegistry, equals, toJson } from "@bufbuild/protobuf";
import { anyPack, EmptySchema, timestampFromMs, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { beforeEach, describe, expect, it } from "vitest";
import { TwirpError, type Interceptor } from "livekit-room-api";
import { RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { ListRoomsResponseSchema, type ListRoomsResponse } from "livekit-room-api/livekit_room_pb";
import { Object_ServiceClient } from "../../fixtures/golden/names_twirp.js";
import { GetThingRequestSchema } from "../../fixtures/golden/service_pb.js";
import { OtherServiceClient, ThingServiceClient } from "../../fixtures/golden/service_twirp.js";
import { WellKnownSchema } from "../../fixtures/golden/wkt_pb.js";
import { answerJson, serverPerFile, type TestServer } from "../../support/twirp-server.js";

const serverOf = serverPerFile();
let server: TestServer;
beforeEach(() => {
  server = serverOf();
});

describe("client options", () => {
  it.each([
    [{}, "", "/twirp/livekit.RoomService/ListRooms"],
    [{ prefix: "/api/v2/" }, "", "/api/v2/livekit.RoomService/ListRooms"],
    [{ prefix: "custom" }, "", "/custom/livekit.RoomService/ListRooms"],
    [{ prefix: "" }, "", "/livekit.RoomService/ListRooms"],
    [{}, "/base/", "/base/twirp/livekit.RoomService/ListRooms"],
  ])("prefix %j under base path %j posts to %s", async (options, basePath, path) => {
    await new RoomServiceClient(server.url + basePath, options).listRooms();
    expect(server.requests[0]!.path).toBe(path);
  });

  it("accepts LiveKit's ws:// URLs as http://", async () => {
    await new RoomServiceClient(server.url.replace("http:", "ws:")).listRooms();
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a base URL that is not http(s), an unknown format and a bad timeout", () => {
    expect(() => new RoomServiceClient("not a url")).toThrow(/baseUrl: not a URL/);
    expect(() => new RoomServiceClient("ftp://host")).toThrow(/baseUrl: expected an http\(s\) URL/);
    expect(() => new RoomServiceClient(server.url, { format: "xml" as "json" })).toThrow(/format: expected "json" or RoomServiceBinary/);
    expect(() => new RoomServiceClient(server.url, { timeoutMs: -1 })).toThrow(/timeoutMs/);
  });

  it("sends client headers, call headers over them, and its own content type", async () => {
    const client = new RoomServiceClient(server.url, { headers: { "x-app": "demo", "x-both": "client", "content-type": "text/plain" } });
    await client.listRooms(
      {},
      {
        headers: [
          ["x-both", "call"],
          ["x-call", "1"],
        ],
      },
    );
    const headers = server.requests[0]!.headers;
    expect(headers).toMatchObject({ "x-app": "demo", "x-both": "call", "x-call": "1", "content-type": "application/json" });
  });

  it("uses the fetch it is given", async () => {
    const urls: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      urls.push(String(input));
      return globalThis.fetch(input, init);
    };
    await new RoomServiceClient(server.url, { fetch }).listRooms();
    expect(urls).toEqual([`${server.url}/twirp/livekit.RoomService/ListRooms`]);
  });
});

describe("interceptors", () => {
  it("wrap each call in order, see and change the request and headers, see the response, time it", async () => {
    const trace: string[] = [];
    const outer: Interceptor = (next) => async (call) => {
      trace.push(`outer> ${call.service}/${call.method} ${call.url.replace(server.url, "")}`);
      const started = performance.now();
      const response = await next(call);
      trace.push(
        `outer< ${JSON.stringify(toJson(ListRoomsResponseSchema, response as ListRoomsResponse))} ${performance.now() - started >= 0}`,
      );
      return response;
    };
    const inner: Interceptor = (next) => async (call) => {
      trace.push(`inner> request=${JSON.stringify(call.request)} writer=${call.rpc.writer.typeName} timeout=${call.timeoutMs}`);
      call.request = { names: ["changed"] };
      call.headers.set("x-request-id", "req-1");
      return next(call);
    };
    server.handle(answerJson(200, { rooms: [{ name: "changed" }] }));
    const client = new RoomServiceClient(server.url, { interceptors: [outer, inner] });
    const result = await client.listRooms({ names: ["original"] });
    expect(trace).toEqual([
      "outer> livekit.RoomService/ListRooms /twirp/livekit.RoomService/ListRooms",
      'inner> request={"names":["original"]} writer=livekit.ListRoomsRequest timeout=10000',
      'outer< {"rooms":[{"name":"changed"}]} true',
    ]);
    expect(JSON.parse(server.requests[0]!.body.toString("utf8"))).toEqual({ names: ["changed"] });
    expect(server.requests[0]!.headers["x-request-id"]).toBe("req-1");
    expect(result.rooms[0]!.name).toBe("changed");
  });

  it("see errors as TwirpError, and may replace the Authorization header", async () => {
    const seen: unknown[] = [];
    const interceptor: Interceptor = (next) => async (call) => {
      call.headers.set("authorization", "Bearer from-interceptor");
      try {
        return await next(call);
      } catch (error) {
        seen.push(error);
        throw error;
      }
    };
    server.handle(answerJson(404, { code: "not_found", msg: "no room" }));
    const client = new RoomServiceClient(server.url, { interceptors: [interceptor], auth: { token: "ignored" } });
    await expect(client.deleteRoom({ room: "x" })).rejects.toMatchObject({ code: "not_found" });
    expect(seen[0]).toBeInstanceOf(TwirpError);
    expect(server.requests[0]!.headers.authorization).toBe("Bearer from-interceptor");
  });

  it("never see the signed token (it is added after them)", async () => {
    let seenAuthorization: string | null = "unset";
    const interceptor: Interceptor = (next) => (call) => {
      seenAuthorization = call.headers.get("authorization");
      return next(call);
    };
    const client = new RoomServiceClient(server.url, { interceptors: [interceptor], auth: { apiKey: "k", apiSecret: "s" } });
    await client.listRooms();
    expect(seenAuthorization).toBeNull();
    expect(server.requests[0]!.headers.authorization).toMatch(/^Bearer /);
  });
});

describe("clients of other services (fixture protos, no grants table)", () => {
  it("call RPCs with well-known types in and out", async () => {
    const client = new ThingServiceClient(server.url);
    server.handle(answerJson(200, {}));
    const empty = await client.ping();
    expect(empty).toEqual(create(EmptySchema));
    server.handle(answerJson(200, "2023-11-14T22:13:20.250Z"));
    const now = await client.now();
    expect(now).toEqual(timestampFromMs(1_700_000_000_250));
    expect(server.requests.map((r) => [r.path, r.body.toString("utf8")])).toEqual([
      ["/twirp/fixtures.service.ThingService/Ping", "{}"],
      ["/twirp/fixtures.service.ThingService/Now", "{}"],
    ]);
    expect(now.$typeName).toBe(TimestampSchema.typeName);
  });

  it("encode and decode google.protobuf.Any with the registry they are given, and fail clearly without", async () => {
    const request = create(WellKnownSchema, { any: anyPack(GetThingRequestSchema, create(GetThingRequestSchema, { id: "x" })) });
    server.handle((sent, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(sent.body);
    });
    const client = new ThingServiceClient(server.url, { registry: createRegistry(GetThingRequestSchema) });
    const echoed = await client.wellKnown(request);
    expect(JSON.parse(server.requests[0]!.body.toString("utf8")).any).toEqual({
      "@type": "type.googleapis.com/fixtures.service.GetThingRequest",
      id: "x",
    });
    expect(equals(WellKnownSchema, echoed, request)).toBe(true);
    const error = await new ThingServiceClient(server.url).wellKnown(request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    // An Any whose type the client cannot resolve is the caller's to fix.
    expect(error).toMatchObject({ code: "invalid_argument" });
    expect((error as TwirpError).msg).toMatch(/^invalid fixtures\.wkt\.WellKnown: .*fixtures\.service\.GetThingRequest/);
    expect(server.requests).toHaveLength(1);
  });

  it("use the RPC name verbatim in the URL and lowerCamelCase for the method", async () => {
    const client = new ThingServiceClient(server.url);
    await client.snakeCase({ id: "a" });
    await client.aLLCAPS({ id: "b" });
    await client.lowerCamel({ id: "c" });
    await new OtherServiceClient(server.url).get({ id: "d" });
    await new Object_ServiceClient(server.url).constructor$();
    await new Object_ServiceClient(server.url).toString$();
    expect(server.requests.map((r) => r.path)).toEqual([
      "/twirp/fixtures.service.ThingService/snake_case",
      "/twirp/fixtures.service.ThingService/ALLCAPS",
      "/twirp/fixtures.service.ThingService/lowerCamel",
      "/twirp/fixtures.service.OtherService/Get",
      "/twirp/fixtures.names.Object_Service/constructor",
      "/twirp/fixtures.names.Object_Service/to_string",
    ]);
  });
});

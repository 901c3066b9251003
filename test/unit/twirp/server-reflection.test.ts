// The server core without generated codecs (an RPC table with no reader or writer, as for
// well-known types): responses written by @bufbuild/protobuf's reflection in each responseJson
// form, an implementation that resolves to something that is no message, the media type read
// without its parameters, an auth hook without authorize, and the prefix and maxRequestBytes
// refused with what they were.
import { create, createRegistry } from "@bufbuild/protobuf";
import { RoomSchema } from "livekit-room-api/livekit_models_pb";
import { ListRoomsRequestSchema } from "livekit-room-api/livekit_room_pb";
import { createServiceHandler, PlainTextError, type ServerOptions } from "protoc-gen-livekit-runtime/twirp/server";
import { describe, expect, it, vi } from "vitest";

type Impl = { get: (request: unknown) => Promise<unknown> };
const rpcs = [{ name: "Get", method: "get", input: ListRoomsRequestSchema, output: RoomSchema }] as const;

async function call(impl: Impl, options: ServerOptions = {}, contentType = "application/json", body = "{}") {
  const handler = createServiceHandler("test.Rooms", rpcs, impl, options);
  const response = await handler(
    new Request("http://localhost/twirp/test.Rooms/Get", { method: "POST", headers: { "content-type": contentType }, body }),
  );
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const room = async () => ({ name: "standup", emptyTimeout: 0 });

describe("responses written by reflection", () => {
  it("in LiveKit's form by default: proto names, every field", async () => {
    const { status, json } = await call({ get: room });
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: "standup", empty_timeout: 0, num_participants: 0, metadata: "" });
  });

  it("in JSON names, defaults omitted, with responseJson {}", async () => {
    expect((await call({ get: room }, { responseJson: {} })).json).toEqual({ name: "standup" });
  });

  it("with implicit fields only, for alwaysEmitImplicit", async () => {
    const { json } = await call({ get: room }, { responseJson: { alwaysEmitImplicit: true } });
    expect(json).toMatchObject({ name: "standup", emptyTimeout: 0, numParticipants: 0 });
  });

  it("with proto names alone for useProtoFieldName", async () => {
    const message = async () => create(RoomSchema, { name: "standup", emptyTimeout: 5 });
    expect((await call({ get: message }, { responseJson: { useProtoFieldName: true } })).json).toEqual({
      name: "standup",
      empty_timeout: 5,
    });
  });
});

describe("the core", () => {
  it.each([[undefined], [null], ["a room"], [5]])("answers internal when the implementation resolves to %j", async (value) => {
    const onError = vi.fn();
    const { status, json } = await call({ get: async () => value }, { onError });
    expect({ status, json }).toEqual({ status: 500, json: { code: "internal", msg: "internal error" } });
    expect(onError).toHaveBeenCalledWith(new Error(`get resolved to ${String(value)}, not to a livekit.Room`), {
      service: "test.Rooms",
      method: "Get",
    });
  });

  it("reads the media type without parameters or surrounding spaces, in any case", async () => {
    expect((await call({ get: room }, {}, " Application/JSON ; charset=utf-8")).status).toBe(200);
  });

  it("a media type that starts with its parameters is no media type", async () => {
    const { status, json } = await call({ get: room }, {}, ";application/json");
    expect(status).toBe(404);
    expect(json).toMatchObject({ code: "bad_route", msg: 'unexpected Content-Type: ";application/json"' });
  });

  it("runs an auth hook that has no authorize", async () => {
    const authenticate = vi.fn(() => "someone");
    expect((await call({ get: room }, { auth: { authenticate } })).status).toBe(200);
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it("runs an authorize hook with no grant for a service without grants", async () => {
    const authorize = vi.fn();
    expect((await call({ get: room }, { auth: { authenticate: () => "someone", authorize } })).status).toBe(200);
    expect(authorize).toHaveBeenCalledWith("someone", undefined, { service: "test.Rooms", method: "Get" });
  });

  it("answers internal for a failure without an onError hook", async () => {
    const { status, json } = await call({
      get: async () => {
        throw new Error("a bug");
      },
    });
    expect({ status, json }).toEqual({ status: 500, json: { code: "internal", msg: "internal error" } });
  });

  it("a request without Content-Type is bad_route, quoting an empty type", async () => {
    const handler = createServiceHandler("test.Rooms", rpcs, { get: room });
    const response = await handler(new Request("http://localhost/twirp/test.Rooms/Get", { method: "POST", body: new Uint8Array([1]) }));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "bad_route", msg: 'unexpected Content-Type: ""' });
  });

  it("with a registry, still skips unknown request fields and writes LiveKit's form", async () => {
    const { status, json } = await call({ get: room }, { registry: createRegistry() }, "application/json", '{"unknown":1}');
    expect(status).toBe(200);
    expect(json).toMatchObject({ name: "standup", empty_timeout: 0 });
  });

  it("PlainTextError is named so", () => {
    expect(new PlainTextError(401, "no").name).toBe("PlainTextError");
  });

  it.each([
    [{ prefix: "twirp" }, 'prefix: expected "" or a path starting with "/", got "twirp"'],
    [{ maxRequestBytes: -1 }, "maxRequestBytes: expected a whole number of bytes, got -1"],
    [{ maxRequestBytes: 1.5 }, "maxRequestBytes: expected a whole number of bytes, got 1.5"],
  ])("refuses %j", (options, message) => {
    expect(() => createServiceHandler("test.Rooms", rpcs, { get: room }, options)).toThrow(new TypeError(message));
  });
});

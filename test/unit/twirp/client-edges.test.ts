// The client core's options and a call's edges, over a transport written here (no network):
// options refused (fetch with a transport, a format that is no service's binary format, a base
// URL that is not http), a call's timeoutMs checked, the caller's abort (before and during the
// call: canceled with the reason as cause), call headers over client headers, and nothing left
// behind on the caller's signal or as a timer.
import { RoomServiceBinary, RoomServiceClient } from "livekit-room-api/livekit_room_twirp";
import { EgressClient } from "livekit-room-api/livekit_egress_twirp";
import { TwirpError, type Transport, type TransportRequest } from "protoc-gen-livekit-runtime/twirp";
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** A transport that records each request and answers `{}`, or waits for the signal when told to. */
function recording(wait = false): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    unary: (request) => {
      requests.push(request);
      if (!wait)
        return Promise.resolve({
          status: 200,
          headers: new Headers({ "content-type": "application/json" }),
          body: new TextEncoder().encode("{}"),
        });
      return new Promise((_resolve, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    },
  };
}

describe("client options refused", () => {
  it("fetch together with a transport", () => {
    expect(() => new RoomServiceClient("http://127.0.0.1:1", { transport: recording(), fetch: globalThis.fetch })).toThrow(
      new TypeError("fetch: only for the default transport; give it to your transport instead"),
    );
  });

  it.each([
    ["another service's binary format", () => ({ service: "livekit.Egress" })],
    ["a string other than json", () => "binary"],
  ])("a format that is %s", (_what, format) => {
    expect(() => new RoomServiceClient("http://127.0.0.1:1", { format: format() as never })).toThrow(
      new TypeError('format: expected "json" or RoomServiceBinary'),
    );
  });

  it("accepts the service's own binary format, and refuses it for another service", () => {
    expect(() => new RoomServiceClient("http://127.0.0.1:1", { format: RoomServiceBinary })).not.toThrow();
    expect(() => new EgressClient("http://127.0.0.1:1", { format: RoomServiceBinary as never })).toThrow(
      /^format: expected "json" or EgressBinary$/,
    );
  });

  it.each(["ftp://host", "file:///x", "mailto:a@b"])("a base URL %s", (url) => {
    expect(() => new RoomServiceClient(url)).toThrow(
      new TypeError(`baseUrl: expected an http(s) URL, got ${JSON.stringify(new URL(url).protocol)}`),
    );
  });

  it.each([
    ["https://host", "https://host/twirp/livekit.RoomService/ListRooms"],
    ["wss://host", "https://host/twirp/livekit.RoomService/ListRooms"],
    ["ws://host:7880", "http://host:7880/twirp/livekit.RoomService/ListRooms"],
  ])("a base URL %s is called at its http(s) form", async (base, url) => {
    const transport = recording();
    await new RoomServiceClient(base, { transport }).listRooms({});
    expect(transport.requests[0]?.url).toBe(url);
  });
});

describe("a call", () => {
  it("with the client's own timeoutMs as a call option is not checked again", async () => {
    const transport = recording();
    await new RoomServiceClient("http://host", { transport, timeoutMs: 500 }).listRooms({}, { timeoutMs: 500 });
    expect(transport.requests[0]?.headers.get("x-twirp-timeout-ms")).toBe("500");
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])("with a timeoutMs of %s is invalid_argument", async (timeoutMs) => {
    const transport = recording();
    await expect(new RoomServiceClient("http://host", { transport }).listRooms({}, { timeoutMs })).rejects.toMatchObject({
      code: "invalid_argument",
    });
    expect(transport.requests).toHaveLength(0);
  });

  it("sends call headers over the client's, and the client's alone without them", async () => {
    const transport = recording();
    const client = new RoomServiceClient("http://host", { transport, headers: { "x-a": "client", "x-b": "client" } });
    await client.listRooms({}, { headers: { "x-b": "call" } });
    await client.listRooms({});
    expect([...transport.requests[0]!.headers].filter(([name]) => name.startsWith("x-"))).toEqual([
      ["x-a", "client"],
      ["x-b", "call"],
      ["x-twirp-timeout-ms", "10000"],
    ]);
    expect(transport.requests[1]?.headers.get("x-b")).toBe("client");
  });

  it("aborted by the caller before it starts is canceled, with the reason as cause, and sends nothing", async () => {
    const transport = recording();
    const error = await new RoomServiceClient("http://host", { transport })
      .listRooms({}, { signal: AbortSignal.abort("changed my mind") })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ code: "canceled", msg: "call canceled by the caller", status: 0 });
    expect((error as TwirpError).cause).toBe("changed my mind");
    expect(transport.requests).toHaveLength(0);
  });

  it("aborted by the caller during it is canceled, the transport's signal aborted with the caller's reason", async () => {
    const transport = recording(true);
    const caller = new AbortController();
    const pending = new RoomServiceClient("http://host", { transport }).listRooms({}, { signal: caller.signal }).catch((e: unknown) => e);
    await vi.waitFor(() => expect(transport.requests).toHaveLength(1));
    caller.abort("changed my mind");
    const error = await pending;
    expect(error).toMatchObject({ code: "canceled", msg: "call canceled by the caller" });
    expect((error as TwirpError).cause).toBe("changed my mind");
    expect(transport.requests[0]?.signal.reason).toBe("changed my mind");
  });

  it("leaves no listener on the caller's signal and no timer, answered or failed", async () => {
    vi.useFakeTimers();
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const removed = vi.spyOn(caller.signal, "removeEventListener");
    await new RoomServiceClient("http://host", { transport: recording() }).listRooms({}, { signal: caller.signal });
    const failing: Transport = { unary: () => Promise.reject(new TwirpError("unavailable", "down")) };
    await new RoomServiceClient("http://host", { transport: failing }).listRooms({}, { signal: caller.signal }).catch(() => undefined);
    expect(vi.getTimerCount()).toBe(0);
    expect(added.mock.calls.map(([type, , options]) => [type, options])).toEqual([
      ["abort", { once: true }],
      ["abort", { once: true }],
    ]);
    expect(removed.mock.calls).toEqual(added.mock.calls.map(([type, listener]) => [type, listener]));
  });
});

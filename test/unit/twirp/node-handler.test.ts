// nodeHandler against a request and a response written here (the two small interfaces it names),
// so that each step can be seen: the path without its query, a request without method or URL,
// header lists, the body read and refused (listeners removed, reading paused), a body refused
// while still coming (connection closed, at most maxDrainBytes more read), a client that goes
// away (before, while and after the body is read: canceled, the context's signal aborted), and
// an onError hook that throws. No network, no timing: each step is driven by the test.
import { EventEmitter } from "node:events";
import type { Message } from "@bufbuild/protobuf";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import {
  nodeHandler,
  type NodeRequest,
  type NodeResponse,
  type ServerContext,
  type ServerOptions,
} from "protoc-gen-livekit-runtime/twirp/server";
import { describe, expect, it, vi } from "vitest";

/** The Node handler's drain bound (node.ts): 256 KiB. */
const maxDrainBytes = 256 * 1024;

class FakeRequest extends EventEmitter implements NodeRequest {
  complete = false;
  /** pause() and resume() in the order they were called. */
  readonly flow: string[] = [];
  constructor(
    readonly headers: Record<string, string | string[] | undefined>,
    public url: string | undefined = "/twirp/livekit.RoomService/ListRooms",
    public method: string | undefined = "POST",
  ) {
    super();
  }
  pause() {
    this.flow.push("pause");
    return this;
  }
  resume() {
    this.flow.push("resume");
    return this;
  }
  /** Sends a chunk of the body. */
  send(text: string | Uint8Array) {
    this.emit("data", typeof text === "string" ? new TextEncoder().encode(text) : text);
  }
  /** Ends the body. */
  finish() {
    this.complete = true;
    this.emit("end");
  }
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly json: { code?: string; msg?: string; meta?: Record<string, string> } & Record<string, unknown>;
}

class FakeResponse extends EventEmitter implements NodeResponse {
  statusCode = 0;
  writableFinished = false;
  readonly headers: Record<string, string> = {};
  readonly replied: Promise<Reply>;
  #resolve!: (reply: Reply) => void;
  constructor() {
    super();
    this.replied = new Promise((resolve) => (this.#resolve = resolve));
  }
  setHeader(name: string, value: string) {
    this.headers[name] = value;
    return this;
  }
  end(body: string | Uint8Array) {
    this.writableFinished = true;
    const text = typeof body === "string" ? body : new TextDecoder().decode(body);
    this.#resolve({ status: this.statusCode, headers: { ...this.headers }, json: JSON.parse(text) });
    this.emit("close");
    return this;
  }
  /** The client goes away before the answer. */
  abandon() {
    this.emit("close");
  }
}

/** How long a test waits for the handler to reply (it takes milliseconds). */
const bound = 2_000;

async function replyOf(response: FakeResponse): Promise<Reply> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no reply">((resolve) => {
    timer = setTimeout(() => resolve("no reply"), bound);
  });
  const reply = await Promise.race([response.replied, late]).finally(() => clearTimeout(timer));
  if (reply === "no reply") expect.fail(`no reply after ${bound} ms`);
  return reply;
}

type Impl = (request: Message, context: ServerContext) => Promise<object>;

function serve(impl: Impl = async () => ({}), options: ServerOptions = {}) {
  const stub = new Proxy({} as RoomServiceImplementation, { get: () => impl });
  const listener = nodeHandler(createRoomServiceHandler(stub, { maxRequestBytes: 100, ...options }));
  return (request: FakeRequest) => {
    const response = new FakeResponse();
    listener(request, response);
    return response;
  };
}

const json = { "content-type": "application/json" };

describe("nodeHandler, step by step", () => {
  it("serves a request whose URL has a query, and lets the rest of a complete body go", async () => {
    const request = new FakeRequest(json, "/twirp/livekit.RoomService/ListRooms?debug=1");
    const response = serve()(request);
    request.send("{}");
    request.finish();
    const reply = await replyOf(response);
    expect(reply.status).toBe(200);
    expect(reply.headers).toEqual({ "content-type": "application/json" });
    expect(request.flow).toEqual(["resume"]);
  });

  it("answers a request without method or URL with bad_route for ' /'", async () => {
    const request = new FakeRequest(json);
    request.url = undefined;
    request.method = undefined;
    const reply = await replyOf(serve()(request));
    expect(reply.status).toBe(404);
    expect(reply.json).toMatchObject({
      code: "bad_route",
      msg: 'unsupported method "" (only POST is allowed)',
      meta: { twirp_invalid_route: " /" },
    });
  });

  it("answers a path that is only a query with bad_route for its empty path", async () => {
    const reply = await replyOf(serve()(new FakeRequest(json, "?x")));
    expect(reply.json).toMatchObject({ code: "bad_route", meta: { twirp_invalid_route: "POST " } });
  });

  it("gives the implementation a header sent several times as one value joined by ', '", async () => {
    let seen: string | null = null;
    const request = new FakeRequest({ ...json, "x-multi": ["a", "b"], "x-one": "c" });
    const response = serve(async (_request, context) => {
      seen = `${context.headers.get("x-multi")}|${context.headers.get("X-One")}|${context.headers.get("x-none")}`;
      return {};
    })(request);
    request.send("{}");
    request.finish();
    expect((await replyOf(response)).status).toBe(200);
    expect(seen).toBe("a, b|c|null");
  });

  it("refuses a body that grows past the limit: stops listening, pauses, closes the connection, then drains at most maxDrainBytes", async () => {
    const request = new FakeRequest(json);
    const response = serve()(request);
    request.send(`{"room":"${"x".repeat(60)}`);
    request.send("x".repeat(60));
    const reply = await replyOf(response);
    expect(reply.status).toBe(429);
    expect(reply.headers).toEqual({ connection: "close", "content-type": "application/json" });
    expect(request.flow).toEqual(["pause", "resume"]);
    // Only the drain listens now.
    expect(request.listenerCount("data")).toBe(1);
    request.send(new Uint8Array(maxDrainBytes));
    expect(request.listenerCount("data")).toBe(1);
    request.send(new Uint8Array(1));
    expect(request.listenerCount("data")).toBe(0);
    expect(request.flow).toEqual(["pause", "resume", "pause"]);
  });

  it("refuses a declared length past the limit before reading, and drains what follows in one chunk at most past the bound", async () => {
    const request = new FakeRequest({ ...json, "content-length": "101" });
    const reply = await replyOf(serve()(request));
    expect(reply.status).toBe(429);
    expect(reply.headers.connection).toBe("close");
    expect(request.flow).toEqual(["resume"]);
    request.send(new Uint8Array(maxDrainBytes + 1));
    expect(request.listenerCount("data")).toBe(0);
    expect(request.flow).toEqual(["resume", "pause"]);
  });

  it("a client that goes away mid-body gets canceled; its reading stops and the implementation is not called", async () => {
    const impl = vi.fn(async () => ({}));
    const request = new FakeRequest(json);
    const response = serve(impl)(request);
    request.send('{"room":');
    response.abandon();
    const reply = await replyOf(response);
    expect(reply.status).toBe(408);
    expect(reply.json).toMatchObject({ code: "canceled", msg: "the client closed the connection" });
    expect(impl).not.toHaveBeenCalled();
    expect(request.flow[0]).toBe("pause");
  });

  it("a request that errors mid-body is canceled", async () => {
    const request = new FakeRequest(json);
    const response = serve()(request);
    request.send('{"room":');
    request.emit("error", new Error("aborted"));
    const reply = await replyOf(response);
    expect(reply.json).toMatchObject({ code: "canceled", msg: "the client closed the connection" });
  });

  it("a client gone before the body is read (during authentication) is canceled", async () => {
    const request = new FakeRequest(json);
    let authenticated!: () => void;
    const auth = { authenticate: () => new Promise<void>((resolve) => (authenticated = resolve)) };
    const response = serve(undefined, { auth })(request);
    await vi.waitFor(() => expect(authenticated).toBeDefined());
    response.abandon();
    authenticated();
    const reply = await replyOf(response);
    expect(reply.json).toMatchObject({ code: "canceled", msg: "the client closed the connection" });
  });

  it("aborts the context's signal when the client goes away during the call, with the reason", async () => {
    const request = new FakeRequest(json);
    let signal: AbortSignal | undefined;
    let same: AbortSignal | undefined;
    let goAway!: () => void;
    const gone = new Promise<void>((resolve) => (goAway = resolve));
    const response = serve(async (_request, context) => {
      signal = context.signal;
      same = context.signal;
      expect(signal.aborted).toBe(false);
      await gone;
      return {};
    })(request);
    request.send("{}");
    request.finish();
    await vi.waitFor(() => expect(signal).toBeDefined());
    response.abandon();
    expect(signal?.aborted).toBe(true);
    expect(signal).toBe(same);
    expect(signal?.reason).toEqual(new Error("the client closed the connection"));
    goAway();
    await replyOf(response);
  });

  it("a signal first read after the client went away is aborted already", async () => {
    const request = new FakeRequest(json);
    let goAway!: () => void;
    const gone = new Promise<void>((resolve) => (goAway = resolve));
    let seen: { aborted: boolean; reason: unknown } | undefined;
    let started = false;
    const response = serve(async (_request, context) => {
      started = true;
      await gone;
      seen = { aborted: context.signal.aborted, reason: context.signal.reason };
      return {};
    })(request);
    request.send("{}");
    request.finish();
    await vi.waitFor(() => expect(started).toBe(true));
    response.abandon();
    goAway();
    await replyOf(response);
    expect(seen).toEqual({ aborted: true, reason: new Error("the client closed the connection") });
  });

  it("an onError hook that throws still answers internal", async () => {
    const request = new FakeRequest(json);
    const response = serve(
      async () => {
        throw new Error("a bug");
      },
      {
        onError: () => {
          throw new Error("a bug in the hook");
        },
      },
    )(request);
    request.send("{}");
    request.finish();
    const reply = await replyOf(response);
    expect(reply.status).toBe(500);
    expect(reply.json).toEqual({ code: "internal", msg: "internal error" });
  });
});

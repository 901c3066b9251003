// The server's request size limit (ServerOptions.maxRequestBytes) at its boundary, on both sides:
// a body of exactly the limit is served, one byte more is `resource_exhausted` (429), whether
// its length is declared (Content-Length) or not (a chunked stream), through the fetch-style
// handler and through nodeHandler on a real node:http server on 127.0.0.1. A declared length
// over the limit is refused before the body is read. Every call is bounded: a mutant that keeps
// reading fails on an assertion within seconds, never on vitest's timeout.
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Message } from "@bufbuild/protobuf";
import { createRoomServiceHandler, type RoomServiceImplementation } from "livekit-room-api/livekit_room_server";
import { nodeHandler, type ServerHandler } from "protoc-gen-livekit-runtime/twirp/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

const limit = 100;

/** How long a test waits for an answer before it fails (an answer takes milliseconds). */
const bound = 2_000;

/** The value of `promise`, or "no answer" when it has not settled within {@link bound} ms. */
async function within<T>(promise: Promise<T>): Promise<T | "no answer"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no answer">((resolve) => {
    timer = setTimeout(() => resolve("no answer"), bound);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The rooms of the ListParticipants requests the implementation was called with. */
let served: string[] = [];
const stub = new Proxy({} as RoomServiceImplementation, {
  get: () => async (request: Message & { room?: string }) => {
    served.push(request.room ?? "");
    return {};
  },
});
const handler: ServerHandler = createRoomServiceHandler(stub, { maxRequestBytes: limit });
const path = "/twirp/livekit.RoomService/ListParticipants";

beforeEach(() => {
  served = [];
  seenHeaders = [];
});

/** A JSON ListParticipants request of exactly `size` bytes, and the room it names. */
function requestOf(size: number): { body: string; room: string } {
  const room = "x".repeat(size - '{"room":""}'.length);
  const body = JSON.stringify({ room });
  expect(body.length).toBe(size);
  return { body, room };
}

/**
 * The body as a stream of chunks, without a length: three chunks, the last one starting at the
 * limit (so a body of `limit + 1` bytes crosses it with its last byte alone).
 */
function streamOf(body: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(body);
  const chunks = [bytes.subarray(0, 30), bytes.subarray(30, limit), bytes.subarray(limit)].filter((chunk) => chunk.length > 0);
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next === undefined) controller.close();
      else controller.enqueue(next);
    },
  });
}

/** A body that sends `bytes` bytes of JSON and then nothing, without ever ending. */
function endlessStreamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent) return new Promise<void>(() => undefined);
      sent = true;
      controller.enqueue(new TextEncoder().encode(`{"room":"${"x".repeat(bytes - 9)}`));
      return undefined;
    },
  });
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text) };
}

let server: Server;
let serverUrl = "";
/** The headers of every request the node:http server got. */
let seenHeaders: IncomingHttpHeaders[] = [];
beforeAll(async () => {
  const serve = nodeHandler(handler);
  server = createServer((request, response) => {
    seenHeaders.push(request.headers);
    serve(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

type Framing = "declared" | "chunked";

interface Entry {
  readonly name: string;
  send(body: string, framing: Framing): Promise<Answer | "no answer">;
}

const entries: Entry[] = [
  {
    name: "fetch-style handler",
    // A Request made in the program declares no length unless told: Content-Length is set here
    // as a server's runtime (Deno, Bun, Workers) sets it from the request line.
    send: (body, framing) =>
      within(
        handler(
          new Request(`http://localhost${path}`, {
            method: "POST",
            headers:
              framing === "declared"
                ? { "content-type": "application/json", "content-length": String(new TextEncoder().encode(body).length) }
                : { "content-type": "application/json" },
            body: framing === "declared" ? body : streamOf(body),
            duplex: "half",
          } as RequestInit),
        ).then(answerOf),
      ),
  },
  {
    name: "node:http adapter",
    send: async (body, framing) => {
      const answer = await within(
        fetch(`${serverUrl}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: framing === "declared" ? body : streamOf(body),
          duplex: "half",
        } as RequestInit).then(answerOf),
      );
      // What went over the wire is what the test means to send.
      const headers = seenHeaders.at(-1);
      if (framing === "declared") {
        expect(headers?.["content-length"]).toBe(String(body.length));
        expect(headers?.["transfer-encoding"]).toBeUndefined();
      } else {
        expect(headers?.["content-length"]).toBeUndefined();
        expect(headers?.["transfer-encoding"]).toBe("chunked");
      }
      return answer;
    },
  },
];

describe.each(entries)("maxRequestBytes through the $name", (entry) => {
  describe.each<Framing>(["declared", "chunked"])("a %s body", (framing) => {
    it("of exactly maxRequestBytes is served", async () => {
      const { body, room } = requestOf(limit);
      expect(await entry.send(body, framing)).toEqual({ status: 200, body: { participants: [] } });
      expect(served).toEqual([room]);
    });

    it("of maxRequestBytes + 1 is resource_exhausted (429), and never reaches the implementation", async () => {
      const { body } = requestOf(limit + 1);
      const answer = await entry.send(body, framing);
      expect(answer).toMatchObject({ status: 429, body: { code: "resource_exhausted", meta: { limit: String(limit) } } });
      expect(served).toEqual([]);
    });

    it("far over maxRequestBytes is resource_exhausted (429)", async () => {
      const { body } = requestOf(10 * limit);
      expect(await entry.send(body, framing)).toMatchObject({ status: 429, body: { code: "resource_exhausted" } });
      expect(served).toEqual([]);
    });
  });

  it("counts bytes, not characters: a body of maxRequestBytes bytes in fewer characters is served, one byte more is refused", async () => {
    // "é" is two bytes of UTF-8: 44 of them and `{"room":""}` make 99 bytes; one more ASCII byte, 100.
    const room = `${"é".repeat(44)}a`;
    const body = JSON.stringify({ room });
    expect(new TextEncoder().encode(body).length).toBe(limit);
    expect(await entry.send(body, "chunked")).toEqual({ status: 200, body: { participants: [] } });
    expect(served).toEqual([room]);
    const over = JSON.stringify({ room: `${room}b` });
    expect(await entry.send(over, "chunked")).toMatchObject({ status: 429, body: { code: "resource_exhausted" } });
    expect(served).toEqual([room]);
  });
});

describe("a declared Content-Length over maxRequestBytes is refused before the body is read", () => {
  it("by the fetch-style handler: 429 while the body has not ended", async () => {
    const answer = await within(
      handler(
        new Request(`http://localhost${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "content-length": String(limit + 1) },
          body: endlessStreamOf(20),
          duplex: "half",
        } as RequestInit),
      ).then(answerOf),
    );
    expect(answer).toMatchObject({ status: 429, body: { code: "resource_exhausted", meta: { limit: String(limit) } } });
    expect(served).toEqual([]);
  });

  it("by nodeHandler: 429 while the client has sent 20 of its limit + 1 bytes", async () => {
    const request = httpRequest(`${serverUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(limit + 1) },
    });
    request.on("error", () => undefined);
    try {
      const response = new Promise<IncomingMessage>((resolve) => request.once("response", resolve));
      request.write(`{"room":"${"x".repeat(11)}`);
      const answer = await within(
        response.then(
          (message) =>
            new Promise<Answer>((resolve) => {
              const chunks: Buffer[] = [];
              message.on("data", (chunk: Buffer) => chunks.push(chunk));
              message.on("end", () =>
                resolve({ status: message.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }),
              );
            }),
        ),
      );
      expect(answer).toMatchObject({ status: 429, body: { code: "resource_exhausted", meta: { limit: String(limit) } } });
      expect(seenHeaders.at(-1)?.["content-length"]).toBe(String(limit + 1));
      expect(served).toEqual([]);
    } finally {
      request.destroy();
    }
  });
});

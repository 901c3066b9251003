// The node:http entry point of the Twirp server runtime, straight onto the handler's core (no
// fetch Request or Response in between): `createServer(nodeHandler(createRoomServiceHandler(impl)))`.
// It names only what it uses of node's request and
// response, so that the package needs no Node.js type definitions.
import { bodyTooLarge, concatChunks } from "../body.js";
import type { ServerHandler } from "./handler.js";
import type { RequestHeaders } from "./service.js";

/** What {@link nodeHandler} uses of `http.IncomingMessage`. */
export interface NodeRequest {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  off(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  once(event: "end", listener: () => void): unknown;
  once(event: "error", listener: (error: Error) => void): unknown;
  resume(): unknown;
}

/** What {@link nodeHandler} uses of `http.ServerResponse`. */
export interface NodeResponse {
  statusCode: number;
  readonly writableFinished: boolean;
  once(event: "close", listener: () => void): unknown;
  setHeader(name: string, value: string): unknown;
  end(body: string | Uint8Array): unknown;
}

/** A `node:http` request listener serving the handler's services: `http.createServer(nodeHandler(handler))`. */
export function nodeHandler(handler: ServerHandler): (request: NodeRequest, response: NodeResponse) => void {
  const { core } = handler;
  return (request, response) => {
    // The signal is made only when the call asks for it; most never do.
    let gone: AbortController | undefined;
    let closed = false;
    response.once("close", () => {
      closed = !response.writableFinished;
      if (closed) gone?.abort(goneReason());
    });
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const headers = new NodeHeaders(request.headers);
    void core
      .handle({
        httpMethod: request.method ?? "",
        path: query < 0 ? url : url.slice(0, query),
        headers,
        readBody: (limit) => readBody(request, Number(headers.get("content-length") ?? 0), limit),
        get signal() {
          if (gone === undefined) {
            gone = new AbortController();
            if (closed) gone.abort(goneReason());
          }
          return gone.signal;
        },
      })
      .then((reply) => {
        // Given the whole body at once, node writes Content-Length and sends headers and body together.
        response.statusCode = reply.status;
        response.setHeader("content-type", reply.contentType);
        response.end(reply.body);
      });
  };
}

function goneReason(): Error {
  return new Error("the client closed the connection");
}

/** node's header object (names in lower case) as {@link RequestHeaders}. */
class NodeHeaders implements RequestHeaders {
  constructor(private readonly headers: NodeRequest["headers"]) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return typeof value === "string" ? value : value.join(", ");
  }
}

/** The request's body, refused as soon as it passes `limit` bytes (the rest is drained, not kept). */
function readBody(request: NodeRequest, declaredLength: number, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (declaredLength > limit) {
      request.resume();
      reject(bodyTooLarge(limit));
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData);
      request.resume();
      chunks.length = 0;
      reject(bodyTooLarge(limit));
    };
    request.on("data", onData);
    request.once("end", () => resolve(concatChunks(chunks, size)));
    request.once("error", reject);
  });
}

// The node:http entry point of the Twirp server runtime, straight onto the handler's core (no
// fetch Request or Response in between): `createServer(nodeHandler(createRoomServiceHandler(impl)))`.
// It names only what it uses of node's request and
// response, so that the package needs no Node.js type definitions.
import { bodyTooLarge, concatChunks } from "../body.js";
import { TwirpError } from "../errors.js";
import type { ServerHandler } from "./handler.js";
import { errorReply } from "./reply.js";
import type { RequestHeaders } from "./service.js";

/**
 * After a reply to a request whose body is still coming (refused before or while reading it),
 * at most this much more of it is read and thrown away, then the connection is closed, as Go's
 * net/http does: a client streaming a huge body cannot keep the server reading.
 */
const maxDrainBytes = 256 * 1024;

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
  pause(): unknown;
  /** Whether the whole body has arrived. */
  readonly complete: boolean;
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
    let cancelRead: (() => void) | undefined;
    response.once("close", () => {
      closed = !response.writableFinished;
      if (closed) {
        gone?.abort(goneReason());
        cancelRead?.();
      }
    });
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const headers = new NodeHeaders(request.headers);
    void core
      .handle({
        httpMethod: request.method ?? "",
        path: query < 0 ? url : url.slice(0, query),
        headers,
        readBody: (limit) =>
          closed
            ? Promise.reject(clientGone())
            : readBody(request, Number(headers.get("content-length") ?? 0), limit, (cancel) => (cancelRead = cancel)),
        get signal() {
          if (gone === undefined) {
            gone = new AbortController();
            if (closed) gone.abort(goneReason());
          }
          return gone.signal;
        },
      })
      // The core answers every failure itself: only an onError hook that throws gets here, and
      // the caller still gets its `internal` (no unhandled rejection to end the process).
      .catch(() => errorReply(new TwirpError("internal", "internal error"), { service: "", method: "" }, undefined))
      .then((reply) => {
        if (request.complete) {
          // Whatever of the body was not read has arrived: let it go; the connection stays open.
          request.resume();
        } else {
          // The body is still coming and nobody will read it: drain a little, then close.
          response.setHeader("connection", "close");
          drain(request, maxDrainBytes);
        }
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

/** A body the client stopped sending: its going away, not a failure of the server (no `onError`). */
function clientGone(): TwirpError {
  return new TwirpError("canceled", "the client closed the connection");
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

/**
 * The request's body, refused as soon as it passes `limit` bytes; it stops reading then (the
 * reply drains a little and closes the connection). A client that goes away mid-body gets
 * `canceled`. `onCancel` receives what stops the read when the connection closes.
 */
function readBody(
  request: NodeRequest,
  declaredLength: number,
  limit: number,
  onCancel: (cancel: () => void) => void,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    if (declaredLength > limit) {
      reject(bodyTooLarge(limit));
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const stop = (error: TwirpError) => {
      request.off("data", onData);
      request.pause();
      chunks.length = 0;
      reject(error);
    };
    const onData = (chunk: Uint8Array) => {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
      else stop(bodyTooLarge(limit));
    };
    request.on("data", onData);
    request.once("end", () => resolve(concatChunks(chunks, size)));
    request.once("error", () => stop(clientGone()));
    onCancel(() => stop(clientGone()));
  });
}

/** Reads and throws away at most `max` more bytes of a body nobody will read, then stops reading. */
function drain(request: NodeRequest, max: number): void {
  let drained = 0;
  const onData = (chunk: Uint8Array) => {
    drained += chunk.byteLength;
    if (drained > max) {
      request.off("data", onData);
      request.pause();
    }
  };
  request.on("data", onData);
  request.resume();
}

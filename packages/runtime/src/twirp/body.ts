// Bodies read whole against a limit, never holding more than it, and the `resource_exhausted`
// errors for one past it: the server's request bodies and the transports' response bodies.
import { TwirpError } from "./errors.js";

/** The error a server's body reader throws past its limit. */
export function bodyTooLarge(limit: number): TwirpError {
  return new TwirpError("resource_exhausted", `the request body is larger than ${limit} bytes`, { limit: String(limit) });
}

/** The error a transport throws for a response body over the limit: `what` it "declares N bytes" or "is longer". */
export function responseTooLarge(limit: number, status: number, what: string): TwirpError {
  return new TwirpError(
    "resource_exhausted",
    `the response body ${what} than the limit of ${limit} bytes (client option maxResponseBytes)`,
    { limit: String(limit) },
    status,
  );
}

/** A fetch request's body, read chunk by chunk, refused as soon as it passes `limit` bytes. */
export async function readStream(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw bodyTooLarge(limit);
  return readLimited(request.body, limit, () => bodyTooLarge(limit));
}

/** A stream read whole; past `limit` bytes it is canceled and `tooLarge()` is thrown. */
export async function readLimited(stream: ReadableStream<Uint8Array> | null, limit: number, tooLarge: () => Error): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return concatChunks(chunks, size);
}

/** The chunks of a body as one array (the only chunk as is). */
export function concatChunks(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

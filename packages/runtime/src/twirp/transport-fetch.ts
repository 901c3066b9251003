// The default transport: one `fetch` per call, the response body read incrementally against a
// limit. Web APIs only.
import { readLimited, responseTooLarge } from "./body.js";
import { describeError, noResponse, TwirpError } from "./errors.js";
import type { Transport, TransportRequest, TransportResponse } from "./transport.js";

/** A Transport over `fetch` (default `globalThis.fetch`, looked up at each call so it can be replaced). */
export function fetchTransport(fetch?: typeof globalThis.fetch): Transport {
  return {
    async unary(request: TransportRequest): Promise<TransportResponse> {
      let response: Response;
      try {
        response = await (fetch ?? globalThis.fetch)(request.url, {
          method: "POST",
          headers: request.headers,
          body: request.body as NonNullable<RequestInit["body"]>,
          signal: request.signal,
          redirect: "manual",
        });
      } catch (error) {
        if (request.signal.aborted) throw request.signal.reason ?? error;
        throw noResponse(new URL(request.url).origin, connected(error), error);
      }
      return { status: response.status, headers: response.headers, body: await readBody(response, request) };
    },
  };
}

/**
 * Whether a failed fetch had connected. Fetch says only "fetch failed", but on Node its cause
 * (undici's) tells a socket the server closed (`UND_ERR_SOCKET`, a SocketError) or an answer that
 * is not HTTP (`HPE_*`, an HTTPParserError: Node 24's has no code) apart from a connection never
 * made (`ECONNREFUSED`, `ENOTFOUND`, TLS errors...). Without such a cause (other runtimes), it is
 * taken as not connected.
 */
function connected(error: unknown): boolean {
  let cause = error;
  for (let depth = 0; depth < 4 && typeof cause === "object" && cause !== null; depth++) {
    const { code, name } = cause as { code?: unknown; name?: unknown };
    if (code === "UND_ERR_SOCKET" || (typeof code === "string" && code.startsWith("HPE_"))) return true;
    if (name === "SocketError" || name === "HTTPParserError") return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** The body, never holding more than the limit; a body that breaks off is `unavailable`. */
async function readBody(response: Response, request: TransportRequest): Promise<Uint8Array> {
  const limit = request.maxResponseBytes;
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw responseTooLarge(limit, response.status, `declares ${declared} bytes`);
  }
  try {
    return await readLimited(response.body, limit, () => responseTooLarge(limit, response.status, "is longer"));
  } catch (error) {
    if (error instanceof TwirpError) throw error;
    if (request.signal.aborted) throw request.signal.reason ?? error;
    throw new TwirpError("unavailable", `the response broke off: ${describeError(error)}`, {}, response.status, { cause: error });
  }
}

// Failures as the server answers them: a Twirp error as JSON with the HTTP status of its code,
// or a PlainTextError as plain text with its own status.
import { TwirpError, twirpCodeStatus } from "../errors.js";
import type { IncomingCall, Reply } from "./core.js";
import type { ServerOptions } from "./options.js";
import type { CallInfo } from "./service.js";

/**
 * An error answered as plain text with its own HTTP status instead of a Twirp error, as LiveKit
 * answers a missing or invalid token (401).
 */
export class PlainTextError extends Error {
  override name = "PlainTextError";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The reply to a call that names no RPC: `bad_route`, with the method and path in `twirp_invalid_route`. */
export function badRoute(msg: string, call: IncomingCall): Reply {
  return twirpReply(new TwirpError("bad_route", msg, { twirp_invalid_route: `${call.httpMethod} ${call.path}` }));
}

/** The reply to a failed call; `onError` sees every error that is not a TwirpError or a PlainTextError. */
export function errorReply(error: unknown, call: CallInfo, onError: ServerOptions["onError"]): Reply {
  if (error instanceof TwirpError) return twirpReply(error);
  if (error instanceof PlainTextError) return { status: error.status, contentType: "text/plain; charset=utf-8", body: error.message };
  onError?.(error, call);
  return twirpReply(new TwirpError("internal", "internal error"));
}

/** A Twirp error response: JSON with exactly `Content-Type: application/json`, as Go's Twirp sends (and LiveKit's SDK expects). */
function twirpReply(error: TwirpError): Reply {
  const status = (twirpCodeStatus as Readonly<Record<string, number>>)[error.code] ?? 500;
  const meta = Object.keys(error.meta).length === 0 ? undefined : error.meta;
  return { status, contentType: "application/json", body: JSON.stringify({ code: error.code, msg: error.msg, meta }) };
}

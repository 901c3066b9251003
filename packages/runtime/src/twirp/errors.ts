// Twirp errors, following the Twirp v7 specification: the 18 codes with their HTTP statuses,
// and how a client turns any non-200 response into one.

/** Each Twirp error code with the HTTP status a server answers it with. */
export const twirpCodeStatus = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  data_loss: 500,
} as const;

export type TwirpErrorCode = keyof typeof twirpCodeStatus;

/** Whether a string is one of the Twirp error codes (as this runtime names them). */
export function isTwirpErrorCode(code: unknown): code is TwirpErrorCode {
  return typeof code === "string" && Object.hasOwn(twirpCodeStatus, code);
}

/**
 * A code as a server sent it, or undefined when it is not a Twirp code. The v7 spec text spells
 * `dataloss`; Twirp's reference implementation and every Go server send `data_loss`: both read
 * as `data_loss`.
 */
export function readTwirpErrorCode(code: unknown): TwirpErrorCode | undefined {
  if (code === "dataloss") return "data_loss";
  return isTwirpErrorCode(code) ? code : undefined;
}

/** Marks TwirpErrors, so that `instanceof` holds across two copies of this runtime. */
const brand = Symbol.for("protoc-gen-livekit.TwirpError");

/**
 * Every failure of a Twirp call: an error the server sent, an error built from a response
 * that was not a Twirp error (meta `http_error_from_intermediary`), a failed connection
 * (`unavailable`), a timeout (`deadline_exceeded`) or an abort by the caller (`canceled`).
 */
export class TwirpError extends Error {
  override name = "TwirpError";
  declare readonly [brand]: true;

  /** True for a TwirpError from any copy of the runtime (two generated packages, two bundles). */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [brand]?: unknown })[brand] === true;
  }

  constructor(
    /** One of the Twirp codes. */
    readonly code: TwirpErrorCode,
    /** The human-readable text, as the server sent it. */
    readonly msg: string,
    /** Extra string values: the server's `meta`, or what the client knows about the failure. */
    readonly meta: Readonly<Record<string, string>> = {},
    /** The HTTP status of the response; 0 when there was none (connection failure, timeout, abort). */
    readonly status = 0,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${msg}`, options);
    Object.defineProperty(this, brand, { value: true });
  }
}

/** An error's message, with its cause's, for an error text; anything else as a string. */
export function describeError(error: unknown): string {
  try {
    if (!(error instanceof Error)) return String(error);
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
    return `${error.message}${cause}`;
  } catch {
    // A revoked proxy or a throwing toString: nothing to say but that.
    return "an error that cannot be described";
  }
}

/** At most this many characters of a body that is not a Twirp error are kept in `meta.body`. */
export const maxErrorBodyChars = 4096;

/**
 * Builds the error for a non-200 response. A JSON body with a valid code is the server's
 * Twirp error; any other body comes from something between client and server (proxy, load
 * balancer, auth layer) and is mapped from the HTTP status. `redact` is applied to every text
 * that reaches the error.
 */
export function errorFromResponse(status: number, headers: Headers, body: string, redact: (text: string) => string): TwirpError {
  const text = () => redact(body.length > maxErrorBodyChars ? `${body.slice(0, maxErrorBodyChars)}…` : body);
  if (status >= 300 && status < 400) {
    const location = redact(headers.get("location") ?? "");
    return intermediaryError(status, `unexpected redirect (HTTP ${status}) to "${location}"`, { location });
  }
  const parsed = isJsonMediaType(headers.get("content-type")) ? parseTwirpErrorJson(body) : undefined;
  if (parsed === undefined) {
    // A proxy's 429 or 503 may say when to come back (retries honour it).
    const retryAfter = headers.get("retry-after");
    const meta: Record<string, string> = { body: text() };
    if (retryAfter !== null) meta["retry_after"] = redact(retryAfter);
    return intermediaryError(status, `error from intermediary with HTTP status ${status}`, meta);
  }
  const code = readTwirpErrorCode(parsed.code);
  if (code === undefined) {
    const shown = parsed.code.length > 100 ? `${parsed.code.slice(0, 100)}…` : parsed.code;
    return new TwirpError(
      "internal",
      `invalid error code ${JSON.stringify(redact(shown))} in the server's error response`,
      { body: text() },
      status,
    );
  }
  // fromEntries defines own properties: a key "__proto__" stays a key.
  const meta = Object.fromEntries(Object.entries(parsed.meta).map(([key, value]) => [redact(key), redact(value)]));
  return new TwirpError(code, redact(parsed.msg), meta, status);
}

function intermediaryError(status: number, msg: string, meta: Record<string, string>): TwirpError {
  const all = { http_error_from_intermediary: "true", status_code: String(status), ...meta };
  return new TwirpError(codeForStatus(status), msg, all, status);
}

/** The code of an error that did not come from a Twirp server, from its HTTP status. */
function codeForStatus(status: number): TwirpErrorCode {
  if (status >= 300 && status < 400) return "internal";
  switch (status) {
    case 400:
      return "internal";
    case 401:
      return "unauthenticated";
    case 403:
      return "permission_denied";
    case 404:
      return "bad_route";
    case 429:
      return "resource_exhausted";
    case 502:
    case 503:
    case 504:
      return "unavailable";
    default:
      return "unknown";
  }
}

/** `application/json`, compared case-insensitively, parameters (`; charset=utf-8`) ignored. */
export function isJsonMediaType(contentType: string | null): boolean {
  if (contentType === null) return false;
  const semicolon = contentType.indexOf(";");
  const type = semicolon < 0 ? contentType : contentType.slice(0, semicolon);
  return type.trim().toLowerCase() === "application/json";
}

interface TwirpErrorJson {
  code: string;
  msg: string;
  meta: Record<string, string>;
}

/**
 * The error object of a body, or undefined when the body is not an object with a non-empty
 * string `code`, a string `msg` (if any) and string `meta` values (if any).
 */
function parseTwirpErrorJson(body: string): TwirpErrorJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const { code, msg = "", meta = {} } = value;
  if (typeof code !== "string" || code === "" || typeof msg !== "string") return undefined;
  if (meta !== null && !isRecord(meta)) return undefined;
  const entries = Object.entries(meta ?? {});
  if (!entries.every(([, v]) => typeof v === "string")) return undefined;
  return { code, msg, meta: Object.fromEntries(entries) as Record<string, string> };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

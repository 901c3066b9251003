// Twirp errors, following the Twirp v7 specification: the 17 codes with their HTTP statuses,
// and how a client turns any non-200 response into one. Copied verbatim into the generated package.

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
  dataloss: 500,
} as const;

export type TwirpErrorCode = keyof typeof twirpCodeStatus;

/** Whether a string is one of the 17 Twirp error codes. */
export function isTwirpErrorCode(code: unknown): code is TwirpErrorCode {
  return typeof code === "string" && Object.hasOwn(twirpCodeStatus, code);
}

/**
 * Every failure of a Twirp call: an error the server sent, an error built from a response
 * that was not a Twirp error (meta `http_error_from_intermediary`), a failed connection
 * (`unavailable`), a timeout (`deadline_exceeded`) or an abort by the caller (`canceled`).
 */
export class TwirpError extends Error {
  override name = "TwirpError";

  constructor(
    /** One of the 17 Twirp codes. */
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
  }
}

/**
 * Builds the error for a non-200 response. A JSON body with a valid code is the server's
 * Twirp error; any other body comes from something between client and server (proxy, load
 * balancer, auth layer) and is mapped from the HTTP status.
 */
export function errorFromResponse(
  status: number,
  headers: Headers,
  body: string,
  redact: (text: string) => string,
): TwirpError {
  const text = redact(body);
  if (status >= 300 && status < 400) {
    const location = redact(headers.get("location") ?? "");
    return intermediaryError(status, `unexpected redirect (HTTP ${status}) to "${location}"`, { location });
  }
  const parsed = isJsonMediaType(headers.get("content-type")) ? parseTwirpErrorJson(body) : undefined;
  if (parsed === undefined) {
    return intermediaryError(status, `error from intermediary with HTTP status ${status}`, { body: text });
  }
  if (!isTwirpErrorCode(parsed.code)) {
    return new TwirpError(
      "internal",
      `invalid error code ${JSON.stringify(redact(parsed.code))} in the server's error response`,
      { body: text },
      status,
    );
  }
  const meta: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed.meta)) meta[redact(key)] = redact(value);
  return new TwirpError(parsed.code, redact(parsed.msg), meta, status);
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

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
 * that was not a Twirp error (meta `http_error_from_intermediary`; its message gives the reason
 * the body states and says whether the server or an intermediary answered), a failed connection
 * (`unavailable`: `cannot reach <origin>` only when no connection was made), a timeout
 * (`deadline_exceeded`) or an abort by the caller (`canceled`). After retries (the client's
 * `retry` option) the message ends with `(after <n> attempts)` and meta `attempts` holds n.
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
    /**
     * The human-readable text: the server's for a Twirp error, else the client's account of the
     * failure; after retries, with ` (after <n> attempts)` appended.
     */
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

/**
 * The error of an exchange that got no HTTP response, `unavailable` either way (retried when
 * retries are on): `cannot reach <origin>` when no connection was made (refused, no such host,
 * a TLS failure...), `no HTTP response from <origin>` when one was and the server closed it
 * before answering or answered something that is not HTTP. A timeout and a body that breaks off
 * are neither.
 */
export function noResponse(origin: string, connected: boolean, error: unknown): TwirpError {
  const what = connected ? `no HTTP response from ${origin}` : `cannot reach ${origin}`;
  return new TwirpError("unavailable", `${what}: ${describeError(error)}`, {}, 0, { cause: error });
}

/** At most this many characters of a body that is not a Twirp error are kept in `meta.body`. */
export const maxErrorBodyChars = 4096;

/** At most this many characters of the server's or intermediary's reason reach the message. */
export const maxReasonChars = 200;

/**
 * The longest token or secret kept out of a long body's `meta.body` even in part: an API secret
 * is tens of characters, a LiveKit token a few hundred (and LiveKit's answer to a token signed
 * with the wrong secret quotes it whole).
 */
const maxSecretChars = 8 * 1024;

/**
 * Builds the error for a non-200 response. A JSON body with a valid code is the server's
 * Twirp error; any other body is mapped from the HTTP status, as the Twirp spec says (see
 * {@link notTwirpError} for what its message says). `redact` is applied to every text that
 * reaches the error.
 */
export function errorFromResponse(status: number, headers: Headers, body: string, redact: (text: string) => string): TwirpError {
  if (status >= 300 && status < 400) {
    const location = redact(headers.get("location") ?? "");
    return statusError(status, `unexpected redirect (HTTP ${status}) to "${location}"`, { location });
  }
  const parsed = isJsonMediaType(headers.get("content-type")) ? parseTwirpErrorJson(body) : undefined;
  if (parsed === undefined) return notTwirpError(status, headers, body, redact);
  const code = readTwirpErrorCode(parsed.code);
  if (code === undefined) {
    const shown = parsed.code.length > 100 ? `${parsed.code.slice(0, 100)}…` : parsed.code;
    return new TwirpError(
      "internal",
      `invalid error code ${JSON.stringify(redact(shown))} in the server's error response`,
      { body: shownBody(body, redact).meta },
      status,
    );
  }
  // fromEntries defines own properties: a key "__proto__" stays a key.
  const meta: Record<string, string> = Object.fromEntries(Object.entries(parsed.meta).map(([key, value]) => [redact(key), redact(value)]));
  // A Twirp server's 429 or 503 may say when to come back too (retries honour it).
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null && (status === 429 || status === 503) && !Object.hasOwn(meta, "retry_after"))
    meta["retry_after"] = redact(retryAfter);
  return new TwirpError(code, redact(parsed.msg), meta, status);
}

/**
 * The error of a response whose body is not a Twirp error. Its code comes from the HTTP status
 * and its meta is the spec's (`http_error_from_intermediary` is the spec's name for "not a
 * Twirp error", kept on all of them as every Twirp client sets it; `status_code`; `body`, at
 * most {@link maxErrorBodyChars} characters; `retry_after`). Its message says who answered and
 * why, by this rule:
 * - **an intermediary** (proxy, load balancer, gateway) when the body is markup (an HTML or XML
 *   media type, or a body starting with `<`: a page, which no LiveKit server sends) or the
 *   status is 502, 503 or 504 (502 and 504 are a gateway's by definition; LiveKit's services
 *   send their own `unavailable` as a Twirp error): `error from intermediary with HTTP status
 *   503`, followed by `: <reason>` when the page has a `<title>` or the body is text;
 * - **the server** otherwise, as LiveKit answers a missing or bad token (a plain-text 401) or
 *   with a JSON body that is not Twirp's: `<reason> (HTTP 401 from the server)`, the reason
 *   being the text, or the JSON's `msg`, `message`, `error` or `detail`; for an empty body,
 *   `empty response (HTTP 401 from the server)`.
 * A reason is redacted, made one line (whitespace runs become one space, control and format
 * characters are removed) and cut to {@link maxReasonChars} characters.
 */
function notTwirpError(status: number, headers: Headers, body: string, redact: (text: string) => string): TwirpError {
  const shown = shownBody(body, redact);
  const meta: Record<string, string> = { body: shown.meta };
  // A proxy's 429 or 503 may say when to come back (retries honour it).
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) meta["retry_after"] = redact(retryAfter);
  const markup = isMarkup(headers.get("content-type"), shown.text);
  const reason = oneLine(markup ? titleOf(shown.text) : reasonOf(body, shown.text), redact);
  if (markup || status === 502 || status === 503 || status === 504) {
    const detail = reason === "" ? "" : `: ${reason}`;
    return statusError(status, `error from intermediary with HTTP status ${status}${detail}`, meta);
  }
  const said = reason !== "" ? reason : body.trim() === "" ? "empty response" : "response without readable text";
  return statusError(status, `${said} (HTTP ${status} from the server)`, meta);
}

function statusError(status: number, msg: string, meta: Record<string, string>): TwirpError {
  const all = { http_error_from_intermediary: "true", status_code: String(status), ...meta };
  return new TwirpError(codeForStatus(status), msg, all, status);
}

/** The code of an error that did not come from a Twirp server, from its HTTP status (the spec's table). */
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

/**
 * The start of a body, redacted: `text` at most {@link maxErrorBodyChars} characters, `cut`
 * when the body was longer, `meta` the text with `…` when cut. A body may be megabytes, so only
 * a prefix is redacted, long enough that once redacted it still has {@link maxSecretChars} past
 * what is kept: a secret its end cuts, left in part, lies there. (Each secret redacted shortens
 * the text, so a body full of them takes a longer prefix.) What is kept is cut after redaction.
 */
function shownBody(body: string, redact: (text: string) => string): { text: string; cut: boolean; meta: string } {
  const needed = maxErrorBodyChars + maxSecretChars;
  let text: string;
  for (let end = 2 * needed; ; end *= 2) {
    text = redact(body.length > end ? body.slice(0, end) : body);
    if (body.length <= end || text.length >= needed) break;
  }
  const cut = text.length > maxErrorBodyChars;
  if (cut) text = text.slice(0, maxErrorBodyChars);
  return { text, cut, meta: cut ? `${text}…` : text };
}

/** An HTML or XML media type, or a body whose first character (after whitespace) is `<`. */
function isMarkup(contentType: string | null, body: string): boolean {
  const type = mediaType(contentType);
  if (type === "text/html" || type === "application/xhtml+xml" || type === "text/xml" || type === "application/xml") return true;
  return body.trimStart().startsWith("<");
}

/** The text of a page's `<title>`, entities decoded; "" when it has none. */
function titleOf(page: string): string {
  const title = /<title\b[^>]*>([^<]*)/i.exec(page)?.[1];
  return title === undefined ? "" : decodeEntities(title);
}

const namedEntities: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi, (entity, decimal?: string, hex?: string, name?: string) => {
    if (name !== undefined) return namedEntities[name.toLowerCase()] ?? entity;
    const codePoint = decimal !== undefined ? Number(decimal) : Number.parseInt(hex!, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity;
  });
}

/** Fields of a JSON error body that hold its human-readable reason, in the order they are looked at. */
const reasonFields = ["msg", "message", "error", "detail", "error_description"];

/** A JSON error body longer than this is not read for its reason (its start is shown instead). */
const maxJsonReasonBodyChars = 64 * 1024;

/**
 * The reason a body gives: for a JSON object, its first non-empty string among
 * {@link reasonFields} (or `error.message`), else what is shown of the body (`shown`, redacted).
 * A field read from the body is redacted with the rest of the reason (by {@link oneLine}).
 */
function reasonOf(body: string, shown: string): string {
  if (body.length > maxJsonReasonBodyChars || !body.trimStart().startsWith("{")) return shown;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return shown;
  }
  if (!isRecord(value)) return shown;
  for (const field of reasonFields) {
    const reason = value[field];
    if (typeof reason === "string" && reason.trim() !== "") return reason;
    if (isRecord(reason) && typeof reason["message"] === "string" && reason["message"].trim() !== "") return reason["message"];
  }
  return shown;
}

/**
 * A reason as one line of at most {@link maxReasonChars} characters: redacted, every run of
 * whitespace (line breaks included) one space, control and format characters and lone
 * surrogates removed, redacted again (removing characters may join a secret's parts), then cut.
 */
function oneLine(text: string, redact: (text: string) => string): string {
  const line = redact(
    redact(text)
      .replace(/\s+/gu, " ")
      .replace(/[\p{Cc}\p{Cf}\p{Cs}]/gu, "")
      .replace(/ {2,}/g, " ")
      .trim(),
  );
  if (line.length <= maxReasonChars) return line;
  const codePoints = Array.from(line);
  return codePoints.length <= maxReasonChars ? line : `${codePoints.slice(0, maxReasonChars - 1).join("")}…`;
}

/** `application/json`, compared case-insensitively, parameters (`; charset=utf-8`) ignored. */
export function isJsonMediaType(contentType: string | null): boolean {
  return mediaType(contentType) === "application/json";
}

/** A `Content-Type`'s media type, lowercase, without parameters; "" when there is none. */
function mediaType(contentType: string | null): string {
  if (contentType === null) return "";
  const semicolon = contentType.indexOf(";");
  const type = semicolon < 0 ? contentType : contentType.slice(0, semicolon);
  return type.trim().toLowerCase();
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

// Opt-in retries of a Twirp call: failed connections, `unavailable`, and 429/503 answers with a
// `Retry-After` the client may honour.
import { TwirpError } from "./errors.js";

export interface RetryOptions {
  /** Attempts in all, the first included (2 = one retry). */
  readonly attempts: number;
  /**
   * Exponential backoff with full jitter: before retry n, a random wait in
   * [0, min(maxMs, initialMs * 2^(n-1))]. Default `{ initialMs: 100, maxMs: 2000 }`.
   */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** The longest `Retry-After` honoured; a server asking for more is not retried. Default 10000 ms. */
  readonly maxRetryAfterMs?: number;
}

/** The options, checked when the client is made: a bad value is a TypeError then, not at a call. */
export function checkRetry(options: RetryOptions): RetryOptions {
  const { attempts, backoff, maxRetryAfterMs } = options;
  if (!Number.isInteger(attempts) || attempts < 1)
    throw new TypeError(`retry.attempts: expected a whole number >= 1, got ${String(attempts)}`);
  for (const [name, value] of [
    ["backoff.initialMs", backoff?.initialMs],
    ["backoff.maxMs", backoff?.maxMs],
    ["maxRetryAfterMs", maxRetryAfterMs],
  ] as const) {
    if (value !== undefined && !(typeof value === "number" && value >= 0))
      throw new TypeError(`retry.${name}: expected a number >= 0, got ${String(value)}`);
  }
  return options;
}

/** The attempts started so far by the call whose signal this is (only calls with retries on). */
const attemptsStarted = /*@__PURE__*/ new WeakMap<AbortSignal, number>();

/**
 * Runs `attempt` until it succeeds, fails in a way that is not retried, runs out of attempts,
 * or the signal (the call's timeout or the caller's abort) ends the wait. Counts the attempts
 * under the signal, for {@link withAttempts}.
 */
export async function retrying<T>(options: RetryOptions, signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  const attempts = options.attempts;
  const initialMs = options.backoff?.initialMs ?? 100;
  const maxMs = options.backoff?.maxMs ?? 2000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 10_000;
  for (let n = 1; ; n++) {
    attemptsStarted.set(signal, n);
    try {
      return await attempt();
    } catch (error) {
      const wait = n < attempts ? retryDelay(error, n, initialMs, maxMs, maxRetryAfterMs) : undefined;
      if (wait === undefined || signal.aborted) throw error;
      await sleep(wait, signal);
    }
  }
}

/**
 * The call's final error, saying how many attempts were made when there were more than one:
 * ` (after <n> attempts)` appended to its text and meta `attempts` (replacing a server's).
 */
export function withAttempts(error: TwirpError, signal: AbortSignal): TwirpError {
  const n = attemptsStarted.get(signal);
  if (n === undefined || n < 2) return error;
  const meta = { ...error.meta, attempts: String(n) };
  return new TwirpError(error.code, `${error.msg} (after ${n} attempts)`, meta, error.status, { cause: error.cause });
}

/** How long to wait before retrying after this failure, or undefined when it is not retried. */
function retryDelay(error: unknown, n: number, initialMs: number, maxMs: number, maxRetryAfterMs: number): number | undefined {
  if (!(error instanceof TwirpError)) return undefined;
  const retryAfter = error.meta["retry_after"];
  if (retryAfter !== undefined && (error.status === 429 || error.status === 503)) {
    const ms = retryAfterMs(retryAfter);
    return ms !== undefined && ms <= maxRetryAfterMs ? ms : undefined;
  }
  if (error.code !== "unavailable") return undefined;
  return Math.random() * Math.min(maxMs, initialMs * 2 ** (n - 1));
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
function retryAfterMs(value: string): number | undefined {
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

// The caller's deadline on the server: `X-Twirp-Timeout-Ms` read, and the implementation run
// under it.
import { TwirpError } from "../errors.js";
import type { IncomingCall } from "./core.js";

/** The caller's deadline in milliseconds from `X-Twirp-Timeout-Ms`, if it sent a valid one. */
export function deadlineOf(call: IncomingCall): number | undefined {
  const header = call.headers.get("x-twirp-timeout-ms");
  if (header === null || !/^\d{1,9}$/.test(header)) return undefined;
  return Number(header);
}

/**
 * Runs the implementation under the caller's deadline: its signal aborts when the deadline
 * passes, and the call then answers `deadline_exceeded` without waiting for it.
 */
export async function withDeadline<T>(caller: AbortSignal, ms: number, run: (signal: () => AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let expire: (error: TwirpError) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const timer = setTimeout(() => {
    const error = new TwirpError("deadline_exceeded", `deadline exceeded: the call took longer than its X-Twirp-Timeout-Ms of ${ms} ms`);
    controller.abort(error);
    expire(error);
  }, ms);
  const onAbort = () => controller.abort(caller.reason);
  if (caller.aborted) onAbort();
  else caller.addEventListener("abort", onAbort, { once: true });
  try {
    const pending = run(() => controller.signal);
    // A failure after the deadline has answered is not an unhandled rejection.
    pending.catch(() => undefined);
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onAbort);
  }
}

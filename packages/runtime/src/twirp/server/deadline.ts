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
 * passes, and the call then answers `deadline_exceeded` without waiting for it. The signal, and
 * the caller's that it follows, are made only if the implementation asks for them: most never
 * do, and each costs microseconds per call.
 */
export async function withDeadline<T>(caller: () => AbortSignal, ms: number, run: (signal: () => AbortSignal) => Promise<T>): Promise<T> {
  let controller: AbortController | undefined;
  let callerSignal: AbortSignal | undefined;
  let error: TwirpError | undefined;
  let expire: (error: TwirpError) => void = () => undefined;
  const expired = new Promise<never>((_, reject) => (expire = reject));
  const timer = setTimeout(() => {
    error = new TwirpError("deadline_exceeded", `deadline exceeded: the call took longer than its X-Twirp-Timeout-Ms of ${ms} ms`);
    controller?.abort(error);
    expire(error);
  }, ms);
  const onAbort = () => controller!.abort(callerSignal!.reason);
  const signal = () => {
    if (controller === undefined) {
      controller = new AbortController();
      callerSignal = caller();
      if (error !== undefined) controller.abort(error);
      else if (callerSignal.aborted) onAbort();
      else callerSignal.addEventListener("abort", onAbort, { once: true });
    }
    return controller.signal;
  };
  try {
    const pending = run(signal);
    pending.catch(() => undefined);
    return await Promise.race([pending, expired]);
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onAbort);
  }
}

// The retry policy itself (retry.ts), without a network: which failures are retried, how long
// each wait is (the backoff formula and its defaults, Retry-After in seconds or as a date, and
// its cap), the options checked, the last error keeping its cause, and the wait ended by the
// call's signal at once, leaving no timer and no listener behind. Waits are recorded, not
// waited: `setTimeout` is replaced for the test by one that records the delay and runs at once.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { checkRetry, retrying, withAttempts, type RetryOptions } from "../../../packages/runtime/src/twirp/retry.js";

/** How long a test waits for `retrying` to settle (it takes milliseconds). */
const bound = 2_000;

const realSetTimeout = globalThis.setTimeout;
/** The delays `retrying` asked for, in order. */
let delays: number[] = [];

beforeEach(() => {
  delays = [];
  vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms?: number) => {
    delays.push(ms ?? 0);
    return realSetTimeout(callback, 0);
  }) as typeof setTimeout);
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** `retrying` with an attempt that fails with `errors` in turn (the last one again and again), then its outcome and the attempts made. */
async function run(
  options: RetryOptions,
  errors: readonly unknown[],
  signal = new AbortController().signal,
): Promise<{ outcome: unknown; attempts: number }> {
  let attempts = 0;
  const attempt = async () => {
    const error = errors[Math.min(attempts, errors.length - 1)];
    attempts++;
    if (error === "ok") return "ok";
    throw error;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"no answer">((resolve) => {
    timer = realSetTimeout(() => resolve("no answer"), bound);
  });
  const outcome = await Promise.race([
    retrying(options, signal, attempt).then(
      (value) => value,
      (error: unknown) => error,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  if (outcome === "no answer") expect.fail(`retrying had not settled after ${bound} ms`);
  return { outcome, attempts };
}

const unavailable = new TwirpError("unavailable", "node is draining", {}, 503);

/** A proxy's answer with Retry-After (as errorFromResponse builds it). */
function retryAfter(value: string, status = 429): TwirpError {
  return new TwirpError(status === 429 ? "resource_exhausted" : "unavailable", "come back later", { retry_after: value }, status);
}

describe("checkRetry", () => {
  it("accepts one attempt (no retry) and waits of 0 ms", () => {
    const options = { attempts: 1, backoff: { initialMs: 0, maxMs: 0 }, maxRetryAfterMs: 0 };
    expect(checkRetry(options)).toBe(options);
  });

  it("accepts options without backoff or maxRetryAfterMs", () => {
    expect(checkRetry({ attempts: 2 })).toEqual({ attempts: 2 });
  });

  it.each([
    [{ attempts: 2, backoff: { initialMs: "5" } }, "retry.backoff.initialMs: expected a number >= 0, got 5"],
    [{ attempts: 2, backoff: { maxMs: -1 } }, "retry.backoff.maxMs: expected a number >= 0, got -1"],
    [{ attempts: 2, maxRetryAfterMs: Number.NaN }, "retry.maxRetryAfterMs: expected a number >= 0, got NaN"],
    [{ attempts: 1.5 }, "retry.attempts: expected a whole number >= 1, got 1.5"],
  ])("refuses %j", (options, message) => {
    expect(() => checkRetry(options as unknown as RetryOptions)).toThrow(new TypeError(message));
  });
});

describe("retrying", () => {
  it("with one attempt, tries once", async () => {
    expect(await run({ attempts: 1 }, [unavailable])).toEqual({ outcome: unavailable, attempts: 1 });
    expect(delays).toEqual([]);
  });

  it("returns the first success", async () => {
    expect(await run({ attempts: 5, backoff: { initialMs: 1 } }, [unavailable, unavailable, "ok"])).toEqual({ outcome: "ok", attempts: 3 });
  });

  it("does not retry an error that is not a TwirpError, and rejects with it as it is", async () => {
    const error = new Error("a bug in an interceptor");
    expect(await run({ attempts: 3 }, [error])).toEqual({ outcome: error, attempts: 1 });
  });

  it("does not retry a TwirpError other than unavailable without Retry-After", async () => {
    const error = new TwirpError("invalid_argument", "no", {}, 400);
    expect(await run({ attempts: 3 }, [error])).toEqual({ outcome: error, attempts: 1 });
  });

  it("backs off exponentially with full jitter, capped at maxMs", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    await run({ attempts: 6, backoff: { initialMs: 10, maxMs: 60 } }, [unavailable]);
    expect(delays).toEqual([5, 10, 20, 30, 30]);
  });

  it("backs off from 100 ms up to 2000 ms by default", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    await run({ attempts: 8 }, [unavailable]);
    expect(delays).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
  });

  it("the jitter is a random fraction of the backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.25);
    await run({ attempts: 3, backoff: { initialMs: 100, maxMs: 1000 } }, [unavailable]);
    expect(delays).toEqual([25, 50]);
  });

  it.each([429, 503])("honours Retry-After in seconds on a %i, whatever the backoff", async (status) => {
    const { attempts } = await run({ attempts: 2, backoff: { initialMs: 1, maxMs: 1 } }, [retryAfter("2", status), "ok"]);
    expect(attempts).toBe(2);
    expect(delays).toEqual([2000]);
  });

  it("reads Retry-After with spaces around the number", async () => {
    await run({ attempts: 2 }, [retryAfter(" 3 "), "ok"]);
    expect(delays).toEqual([3000]);
  });

  it("honours Retry-After up to maxRetryAfterMs inclusive, and does not retry past it", async () => {
    expect((await run({ attempts: 2, maxRetryAfterMs: 3000 }, [retryAfter("3"), "ok"])).attempts).toBe(2);
    expect(delays).toEqual([3000]);
    delays = [];
    const over = retryAfter("4");
    expect(await run({ attempts: 2, maxRetryAfterMs: 3000 }, [over, "ok"])).toEqual({ outcome: over, attempts: 1 });
    expect(delays).toEqual([]);
  });

  it("caps Retry-After at 10 s by default", async () => {
    expect((await run({ attempts: 2 }, [retryAfter("10"), "ok"])).attempts).toBe(2);
    expect((await run({ attempts: 2 }, [retryAfter("11"), "ok"])).attempts).toBe(1);
    expect(delays).toEqual([10_000]);
  });

  it("reads Retry-After as an HTTP date: a date in the past is no wait, one in the future the time until it", async () => {
    // Starts and ends with digits: read as a date, not as seconds.
    await run({ attempts: 2 }, [retryAfter("2015-10-21 07:28"), "ok"]);
    expect(delays).toEqual([0]);
    delays = [];
    const soon = new Date(Date.now() + 5_000).toUTCString();
    expect((await run({ attempts: 2 }, [retryAfter(soon), "ok"])).attempts).toBe(2);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(3_000);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
    delays = [];
    const late = new Date(Date.now() + 60_000).toUTCString();
    expect((await run({ attempts: 2 }, [retryAfter(late), "ok"])).attempts).toBe(1);
  });

  it("does not retry a Retry-After that is neither seconds nor a date", async () => {
    const error = retryAfter("soon");
    expect(await run({ attempts: 2 }, [error, "ok"])).toEqual({ outcome: error, attempts: 1 });
  });

  it("ignores Retry-After on a status other than 429 and 503: an unavailable is backed off, anything else not retried", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const gateway = new TwirpError("unavailable", "bad gateway", { retry_after: "5" }, 502);
    expect((await run({ attempts: 2, backoff: { initialMs: 10 } }, [gateway, "ok"])).attempts).toBe(2);
    expect(delays).toEqual([5]);
    const server = new TwirpError("internal", "oops", { retry_after: "0" }, 500);
    expect((await run({ attempts: 2 }, [server, "ok"])).attempts).toBe(1);
  });

  it("an abort during the wait ends it at once with the signal's reason, leaving no timer and no listener", async () => {
    vi.restoreAllMocks();
    vi.useFakeTimers();
    try {
      const controller = new AbortController();
      const added = vi.spyOn(controller.signal, "addEventListener");
      const removed = vi.spyOn(controller.signal, "removeEventListener");
      let attempts = 0;
      const outcome = retrying({ attempts: 3, backoff: { initialMs: 60_000, maxMs: 60_000 } }, controller.signal, async () => {
        attempts++;
        throw unavailable;
      }).then(
        () => "resolved",
        (error: unknown) => error,
      );
      // The first attempt fails; its wait starts.
      await vi.advanceTimersByTimeAsync(0);
      expect(attempts).toBe(1);
      expect(vi.getTimerCount()).toBe(1);
      controller.abort("the caller's reason");
      expect(await outcome).toBe("the caller's reason");
      expect(attempts).toBe(1);
      expect(vi.getTimerCount()).toBe(0);
      expect(added.mock.calls.map(([type, , options]) => [type, options])).toEqual([["abort", { once: true }]]);
      expect(removed).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a wait that ends removes its abort listener", async () => {
    const controller = new AbortController();
    const added = vi.spyOn(controller.signal, "addEventListener");
    const removed = vi.spyOn(controller.signal, "removeEventListener");
    await run({ attempts: 3, backoff: { initialMs: 1 } }, [unavailable, unavailable, "ok"], controller.signal);
    expect(added).toHaveBeenCalledTimes(2);
    expect(removed.mock.calls).toEqual(added.mock.calls.map(([type, listener]) => [type, listener]));
  });

  it("an already aborted signal ends the retries after the failed attempt", async () => {
    expect(await run({ attempts: 3 }, [unavailable], AbortSignal.abort())).toEqual({ outcome: unavailable, attempts: 1 });
  });
});

describe("withAttempts", () => {
  it("after more than one attempt, says how many, keeping code, status, meta and cause", async () => {
    const controller = new AbortController();
    const cause = new Error("ECONNRESET");
    const last = new TwirpError("unavailable", "node is draining", { node: "n1", attempts: "9" }, 503, { cause });
    await run({ attempts: 3, backoff: { initialMs: 1 } }, [last], controller.signal);
    const error = withAttempts(last, controller.signal);
    expect(error).toMatchObject({
      code: "unavailable",
      msg: "node is draining (after 3 attempts)",
      status: 503,
      meta: { node: "n1", attempts: "3" },
    });
    expect(error.cause).toBe(cause);
  });

  it("after one attempt, or without retries, is the error itself", async () => {
    const controller = new AbortController();
    await run({ attempts: 1 }, [unavailable], controller.signal);
    expect(withAttempts(unavailable, controller.signal)).toBe(unavailable);
    expect(withAttempts(unavailable, new AbortController().signal)).toBe(unavailable);
  });
});

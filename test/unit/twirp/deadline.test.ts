// The server's deadline (server/deadline.ts) on its own: which X-Twirp-Timeout-Ms values count,
// and the implementation run under it: the caller's abort passed on (before or during the call),
// the deadline answering deadline_exceeded without waiting, a late failure not left unhandled,
// and nothing left behind (timer, listener). Fake timers: no test waits on the clock.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import type { IncomingCall } from "../../../packages/runtime/src/twirp/server/core.js";
import { deadlineOf, withDeadline } from "../../../packages/runtime/src/twirp/server/deadline.js";

function callWith(header: string | undefined): IncomingCall {
  const headers = new Headers(header === undefined ? {} : { "x-twirp-timeout-ms": header });
  return { httpMethod: "POST", path: "/", headers, readBody: async () => new Uint8Array(0), signal: new AbortController().signal };
}

describe("deadlineOf", () => {
  it.each([
    ["0", 0],
    ["250", 250],
    ["999999999", 999_999_999],
  ])("reads %s", (header, ms) => {
    expect(deadlineOf(callWith(header))).toBe(ms);
  });

  it.each([[undefined], ["abc"], ["12abc"], ["abc12"], ["-5"], ["1.5"], ["1e3"], ["1234567890"], [""]])("ignores %s", (header) => {
    expect(deadlineOf(callWith(header))).toBeUndefined();
  });
});

describe("withDeadline", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("answers the implementation's result, leaving no timer and no listener on the caller's signal", async () => {
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const removed = vi.spyOn(caller.signal, "removeEventListener");
    expect(
      await withDeadline(
        () => caller.signal,
        1000,
        async (get) => {
          const first = get();
          return first === get() && !first.aborted ? "done" : "not one signal";
        },
      ),
    ).toBe("done");
    expect(vi.getTimerCount()).toBe(0);
    expect(added).toHaveBeenCalledTimes(1);
    expect(added.mock.calls[0]?.[0]).toBe("abort");
    expect(added.mock.calls[0]?.[2]).toEqual({ once: true });
    expect(removed.mock.calls).toEqual([["abort", added.mock.calls[0]?.[1]]]);
  });

  it("after the deadline answers deadline_exceeded without waiting, the implementation's signal aborted with that error", async () => {
    let signal: AbortSignal | undefined;
    const outcome = withDeadline(
      () => new AbortController().signal,
      50,
      async (get) => {
        signal = get();
        return new Promise(() => undefined);
      },
    ).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(50);
    const error = await outcome;
    expect(error).toBeInstanceOf(TwirpError);
    expect((error as TwirpError).code).toBe("deadline_exceeded");
    expect((error as TwirpError).msg).toBe("deadline exceeded: the call took longer than its X-Twirp-Timeout-Ms of 50 ms");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(error);
  });

  it("a failure of the implementation after the deadline is not an unhandled rejection", async () => {
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      let fail!: (error: Error) => void;
      const outcome = withDeadline(
        () => new AbortController().signal,
        10,
        () => new Promise((_resolve, reject) => (fail = reject)),
      ).catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(10);
      expect((await outcome) as TwirpError).toMatchObject({ code: "deadline_exceeded" });
      fail(new Error("too late"));
      vi.useRealTimers();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });

  it("the caller's abort during the call aborts the implementation's signal with the caller's reason", async () => {
    const caller = new AbortController();
    let signal: AbortSignal | undefined;
    const outcome = withDeadline(
      () => caller.signal,
      1000,
      async (get) => {
        signal = get();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return signal.aborted ? signal.reason : "not aborted";
      },
    );
    await vi.advanceTimersByTimeAsync(10);
    caller.abort("the client went away");
    await vi.advanceTimersByTimeAsync(100);
    expect(await outcome).toBe("the client went away");
  });

  it("an implementation that never reads its signal makes none, and leaves no listener on the caller's", async () => {
    const caller = new AbortController();
    const added = vi.spyOn(caller.signal, "addEventListener");
    const made = vi.fn(() => caller.signal);
    expect(await withDeadline(made, 1000, async () => "done")).toBe("done");
    expect(made).not.toHaveBeenCalled();
    expect(added).not.toHaveBeenCalled();
  });

  it("a signal first read after the deadline is aborted with deadline_exceeded", async () => {
    let late: AbortSignal | undefined;
    let read!: () => void;
    const outcome = withDeadline(
      () => new AbortController().signal,
      10,
      async (get) => {
        await new Promise<void>((resolve) => (read = resolve));
        late = get();
      },
    ).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10);
    const error = await outcome;
    read();
    await vi.waitFor(() => expect(late).toBeDefined());
    expect(late?.aborted).toBe(true);
    expect(late?.reason).toBe(error);
  });

  it("a caller already gone gives the implementation an aborted signal", async () => {
    const seen = await withDeadline(
      () => AbortSignal.abort("gone before"),
      1000,
      async (get) => ({
        aborted: get().aborted,
        reason: get().reason,
      }),
    );
    expect(seen).toEqual({ aborted: true, reason: "gone before" });
  });
});

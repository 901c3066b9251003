// The implementation's signal under X-Twirp-Timeout-Ms (server/deadline.ts): made only when the
// implementation reads it, and then as it would have been had it been made at once.
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { withDeadline } from "../../../packages/runtime/src/twirp/server/deadline.js";
import { describe, expect, it } from "vitest";

/** A caller's signal, counting how often the server asks for it. */
function callerSignal() {
  const controller = new AbortController();
  let asked = 0;
  return {
    controller,
    get asked() {
      return asked;
    },
    signal: () => {
      asked++;
      return controller.signal;
    },
  };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("withDeadline", () => {
  it("never asks for the caller's signal when the implementation does not read its own", async () => {
    const caller = callerSignal();
    await expect(withDeadline(caller.signal, 1_000, async () => "done")).resolves.toBe("done");
    expect(caller.asked).toBe(0);
  });

  it("gives a signal read after the deadline passed already aborted, with deadline_exceeded", async () => {
    const caller = callerSignal();
    let read: AbortSignal | undefined;
    const result = withDeadline(caller.signal, 5, async (signal) => {
      await tick(30);
      read = signal();
      return "late";
    });
    await expect(result).rejects.toMatchObject({ code: "deadline_exceeded" });
    await expect.poll(() => read).toBeDefined();
    expect(read!.aborted).toBe(true);
    expect(read!.reason).toBeInstanceOf(TwirpError);
    expect((read!.reason as TwirpError).code).toBe("deadline_exceeded");
  });

  it("follows the caller: aborted before the read, or after it, with the caller's reason", async () => {
    const before = callerSignal();
    before.controller.abort("gone before");
    let early: AbortSignal | undefined;
    await withDeadline(before.signal, 1_000, async (signal) => {
      early = signal();
      return 1;
    });
    expect(early!.reason).toBe("gone before");

    const after = callerSignal();
    let late: AbortSignal | undefined;
    await withDeadline(after.signal, 1_000, async (signal) => {
      late = signal();
      expect(late.aborted).toBe(false);
      after.controller.abort("gone after");
      return 1;
    });
    expect(late!.reason).toBe("gone after");
    expect(after.asked).toBe(1);
  });
});

// The signer's cache of tokens (TokenSigner), counted by the signatures it makes: a token is
// reused from its nbf second on, a failed signing is not kept, and past 512 grants the one
// signed longest ago goes (a renewed token counts as new).
import { TokenSigner } from "protoc-gen-livekit-runtime/livekit";
import { afterEach, describe, expect, it, vi } from "vitest";

const key = { apiKey: "APIcache", apiSecret: "cache-secret-0123456789-0123456789" };
const start = 1_800_000_000_000; // ms, a whole second

afterEach(() => {
  vi.restoreAllMocks();
});

function signerOnClock() {
  const clock = { now: start };
  return { signer: new TokenSigner({ ...key, clock: () => clock.now }), clock };
}

const room = (i: number) => ({ video: { room: `room-${i}`, roomAdmin: true } });

describe("the signer's cache", () => {
  it("reuses a token asked for again in its nbf second", async () => {
    const { signer } = signerOnClock();
    const sign = vi.spyOn(crypto.subtle, "sign");
    const first = await signer.token(room(0));
    expect(await signer.token(room(0))).toBe(first);
    expect(sign).toHaveBeenCalledTimes(1);
  });

  it("does not keep a failed signing: the next call signs again", async () => {
    const { signer } = signerOnClock();
    const sign = vi.spyOn(crypto.subtle, "sign").mockRejectedValueOnce(new Error("no crypto today"));
    await expect(signer.token(room(0))).rejects.toThrow("no crypto today");
    const token = await signer.token(room(0));
    expect(token.split(".")).toHaveLength(3);
    expect(sign).toHaveBeenCalledTimes(2);
    expect(await signer.token(room(0))).toBe(token);
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it("a failed signing does not drop the token that replaced it", async () => {
    const { signer, clock } = signerOnClock();
    let fail!: (error: Error) => void;
    const real = crypto.subtle.sign.bind(crypto.subtle);
    const sign = vi
      .spyOn(crypto.subtle, "sign")
      .mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)))
      .mockImplementation(real);
    const failing = signer.token(room(0)).catch((error: unknown) => error);
    // Past the renewal time of the pending token: a new one replaces it in the cache.
    clock.now += 600_000;
    const renewed = await signer.token(room(0));
    fail(new Error("late failure"));
    expect(await failing).toEqual(new Error("late failure"));
    expect(await signer.token(room(0))).toBe(renewed);
    expect(sign).toHaveBeenCalledTimes(2);
  });

  it("keeps 512 grants: a 513th drops the one signed longest ago, a renewed one counting as just signed", async () => {
    const { signer, clock } = signerOnClock();
    for (let i = 0; i < 512; i++) await signer.token(room(i));
    const sign = vi.spyOn(crypto.subtle, "sign");
    // All 512 are kept.
    await signer.token(room(0));
    await signer.token(room(511));
    expect(sign).toHaveBeenCalledTimes(0);
    // Renew room 0 (its token is past renewal): it becomes the newest.
    clock.now += 600_000;
    await signer.token(room(0));
    expect(sign).toHaveBeenCalledTimes(1);
    clock.now -= 600_000;
    // A 513th grant drops room 1 (the oldest now), not room 0.
    await signer.token(room(512));
    expect(sign).toHaveBeenCalledTimes(2);
    await signer.token(room(2));
    expect(sign).toHaveBeenCalledTimes(2);
    await signer.token(room(1));
    expect(sign).toHaveBeenCalledTimes(3);
  });
  it("a renewed token moves last: the next eviction drops the one signed longest ago, not it", async () => {
    const { signer, clock } = signerOnClock();
    await signer.token(room(0));
    await signer.token(room(1));
    clock.now += 600_000;
    await signer.token(room(0)); // renewed: now the newest
    for (let i = 2; i < 512; i++) await signer.token(room(i));
    await signer.token(room(512)); // the 513th: drops room 1
    const sign = vi.spyOn(crypto.subtle, "sign");
    await signer.token(room(0));
    expect(sign).toHaveBeenCalledTimes(0);
    await signer.token(room(1));
    expect(sign).toHaveBeenCalledTimes(1);
  });

  it("a signing that fails after its grant was dropped from the cache is handled", async () => {
    const { signer } = signerOnClock();
    let fail!: (error: Error) => void;
    const real = crypto.subtle.sign.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, "sign")
      .mockImplementationOnce(() => new Promise((_resolve, reject) => (fail = reject)))
      .mockImplementation(real);
    const unhandled = vi.fn();
    process.on("unhandledRejection", unhandled);
    try {
      const failing = signer.token(room(0)).catch((error: unknown) => error);
      for (let i = 1; i <= 512; i++) await signer.token(room(i));
      fail(new Error("late failure"));
      expect(await failing).toEqual(new Error("late failure"));
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off("unhandledRejection", unhandled);
    }
  });
});

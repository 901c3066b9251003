// The lifetime of signed tokens: which TTLs are accepted, exp = nbf + TTL for each, and renewal
// 60 s before expiry or at half the lifetime, whichever is sooner, at both sides of each edge.
import { TokenSigner, type KeyAuth } from "protoc-gen-livekit-runtime/livekit";
import { describe, expect, it } from "vitest";

const key = { apiKey: "APIttl", apiSecret: "ttl-secret-0123456789-0123456789-0123456789" };
const start = 1_800_000_000_000; // ms, a whole second
const grant = { video: { roomList: true } };

/** The claims of a JWT, read without verifying (the auth tests verify signatures). */
function claims(token: string): { nbf: number; exp: number } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as { nbf: number; exp: number };
}

function signerOnClock(ttlSeconds?: number) {
  const clock = { now: start };
  const auth: KeyAuth = { ...key, clock: () => clock.now, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) };
  return { signer: new TokenSigner(auth), clock };
}

describe("token TTL", () => {
  it.each([0, -1, -600, 0.5, 599.9, NaN, Infinity, -Infinity, "600"])("rejects %s", (ttlSeconds) => {
    expect(() => new TokenSigner({ ...key, ttlSeconds: ttlSeconds as number })).toThrow(
      /^auth\.ttlSeconds: expected a positive whole number of seconds, got /,
    );
  });

  it.each([1, 2, 59, 60, 119, 120, 121, 600, 86_400, 2 ** 31])("a TTL of %i s: exp = nbf + TTL", async (ttl) => {
    const { signer } = signerOnClock(ttl);
    const { nbf, exp } = claims(await signer.token(grant));
    expect(nbf).toBe(start / 1000);
    expect(exp - nbf).toBe(ttl);
  });

  it("defaults to 600 s, also when given as undefined", async () => {
    expect(claims(await signerOnClock().signer.token(grant))).toMatchObject({ nbf: start / 1000, exp: start / 1000 + 600 });
    const explicit = new TokenSigner({ ...key, clock: () => start, ttlSeconds: undefined as unknown as number });
    expect(claims(await explicit.token(grant)).exp).toBe(start / 1000 + 600);
  });

  it("nbf is the current second, rounded down", async () => {
    const { signer, clock } = signerOnClock(60);
    clock.now = start + 999;
    expect(claims(await signer.token(grant)).nbf).toBe(start / 1000);
  });

  // [TTL, seconds after signing when a new token is signed]: 60 s before expiry, or at half
  // the lifetime when that comes first. (Each renewal falls in a later second than the first
  // signing, so the renewed token differs.)
  it.each([
    [600, 540],
    [121, 61],
    [120, 60],
    [119, 59.5],
    [30, 15],
    [3, 1.5],
  ])("a TTL of %i s is renewed after %d s, not a millisecond before", async (ttl, renewAfter) => {
    const { signer, clock } = signerOnClock(ttl);
    const first = await signer.token(grant);
    clock.now = start + renewAfter * 1000 - 1;
    expect(await signer.token(grant)).toBe(first);
    clock.now = start + renewAfter * 1000;
    const renewed = await signer.token(grant);
    expect(renewed).not.toBe(first);
    expect(claims(renewed).exp - claims(renewed).nbf).toBe(ttl);
  });
});

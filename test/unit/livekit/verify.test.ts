// Token verification for servers (runtime/livekit/verify.ts): tokens made by livekit-server-sdk's
// AccessToken, or signed here with node:crypto's HMAC for the cases the SDK cannot make.
import { createHmac, randomBytes } from "node:crypto";
import { AccessToken } from "livekit-server-sdk";
import { decodeBase64url } from "../../../packages/runtime/src/livekit/jwt.js";
import { grantAllows, livekitAuth, TokenError, TokenVerifier, type VerifiedToken } from "protoc-gen-livekit-runtime/livekit";
import { TwirpError } from "protoc-gen-livekit-runtime/twirp";
import { PlainTextError } from "protoc-gen-livekit-runtime/twirp/server";
import { describe, expect, it } from "vitest";

const keys = { APIkey1: "secret-one-0123456789-0123456789", APIkey2: "secret-two-0123456789-0123456789" };
const call = { service: "livekit.RoomService", method: "ListParticipants" };

async function sdkToken(grant: Record<string, unknown>, apiKey = "APIkey1", secret = keys.APIkey1): Promise<string> {
  const token = new AccessToken(apiKey, secret, { ttl: 600 });
  token.addGrant(grant);
  return token.toJwt();
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A JWT signed with HMAC-SHA256 by node:crypto, with whatever header and claims a case needs. */
function signed(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: "HS256", typ: "JWT" },
  secret = keys.APIkey1,
): string {
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(createHmac("sha256", secret).update(input).digest())}`;
}

/** The time a token claims, in milliseconds. */
function claimMs(token: string, claim: "nbf" | "exp"): number {
  return (JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, number>)[claim]! * 1000;
}

async function refusal(verifier: TokenVerifier, token: string): Promise<string> {
  const error: unknown = await verifier.verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  return (error as TokenError).message;
}

describe("TokenVerifier", () => {
  it("accepts a token of livekit-server-sdk and returns its key and claims", async () => {
    const token = await sdkToken({ roomAdmin: true, room: "r1" }, "APIkey2", keys.APIkey2);
    const verified = await new TokenVerifier({ keys }).verify(token);
    expect(verified.apiKey).toBe("APIkey2");
    expect(verified.claims).toMatchObject({ iss: "APIkey2", video: { roomAdmin: true, room: "r1" } });
  });

  it("allows a minute of clock difference on nbf and exp, as LiveKit, and no more", async () => {
    const token = await sdkToken({ roomList: true });
    const [nbf, exp] = [claimMs(token, "nbf"), claimMs(token, "exp")];
    const at = (ms: number) => new TokenVerifier({ keys, clock: () => ms });
    await expect(at(exp + 59_000).verify(token)).resolves.toBeDefined();
    await expect(at(nbf - 59_000).verify(token)).resolves.toBeDefined();
    expect(await refusal(at(exp + 61_000), token)).toBe("invalid authorization token: token has invalid claims: token is expired");
    expect(await refusal(at(nbf - 61_000), token)).toBe("invalid authorization token: token has invalid claims: token is not valid yet");
    expect(await refusal(new TokenVerifier({ keys, leewaySeconds: 0, clock: () => exp + 1000 }), token)).toMatch(/token is expired$/);
  });

  it("checks the times again for a token it has verified before", async () => {
    const token = await sdkToken({ roomList: true });
    let now = Date.now();
    const verifier = new TokenVerifier({ keys, clock: () => now });
    await verifier.verify(token);
    now = claimMs(token, "exp") + 120_000;
    expect(await refusal(verifier, token)).toMatch(/token is expired$/);
  });

  it("refuses a token without exp, as LiveKit", async () => {
    const token = signed({ iss: "APIkey1", nbf: Math.floor(Date.now() / 1000), video: { roomList: true } });
    expect(await refusal(new TokenVerifier({ keys }), token)).toBe(
      "invalid authorization token: token has invalid claims: token is missing required claim: exp claim is required",
    );
  });

  it("refuses a token signed with another secret, an unknown key, or another algorithm", async () => {
    const verifier = new TokenVerifier({ keys });
    expect(await refusal(verifier, await sdkToken({ roomList: true }, "APIkey1", "not-the-secret"))).toBe(
      "invalid authorization token: token signature is invalid: signature is invalid",
    );
    expect(await refusal(verifier, await sdkToken({ roomList: true }, "APIother", "whatever"))).toBe("invalid API key");
    const exp = Math.floor(Date.now() / 1000) + 600;
    const unsigned = `${base64url(JSON.stringify({ alg: "none" }))}.${base64url(JSON.stringify({ iss: "APIkey1", exp }))}.`;
    expect(await refusal(verifier, unsigned)).toBe("invalid authorization token: token is unverifiable: signing method none is invalid");
    expect(await refusal(verifier, signed({ iss: "APIkey1", exp }, { alg: "HS512" }))).toMatch(/signing method HS512 is invalid$/);
  });

  it.each([
    ["not a JWT", "abc"],
    ["two parts", "a.b"],
    ["claims that are not JSON", `${base64url("{}")}.${base64url("nope")}.${base64url("sig")}`],
    ["no issuer", signed({ exp: 9_999_999_999 })],
    ["characters outside base64url", "a+b.c/d.e=f"],
  ])("refuses %s as an invalid authorization token", async (_name, token) => {
    expect(await refusal(new TokenVerifier({ keys }), token)).toBe("invalid authorization token");
  });

  it("reads the token from a Bearer header and refuses others with a plain-text 401", async () => {
    const verifier = new TokenVerifier({ keys });
    await expect(verifier.verifyHeader(`Bearer ${await sdkToken({ roomList: true })}`)).resolves.toMatchObject({ apiKey: "APIkey1" });
    for (const header of [null, "", "Basic abc", "bearer abc"]) {
      await expect(verifier.verifyHeader(header)).rejects.toEqual(
        new PlainTextError(401, "invalid authorization header. Must start with Bearer "),
      );
    }
    const error = await verifier.verifyHeader("Bearer abc").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlainTextError);
    expect(error).toMatchObject({ status: 401, message: "invalid authorization token" });
  });

  it("refuses empty keys and secrets", () => {
    expect(() => new TokenVerifier({ keys: { "": "s" } })).toThrow(TypeError);
    expect(() => new TokenVerifier({ keys: { k: "" } })).toThrow(TypeError);
  });
});

describe("grantAllows", () => {
  const claims = { video: { roomAdmin: true, room: "r1", destinationRoom: "r2", roomList: true } };
  it.each([
    [{ video: { roomAdmin: true, room: "r1" } }, true],
    [{ video: { roomAdmin: true, room: "r2" } }, false],
    [{ video: { roomList: true } }, true],
    [{ video: { roomCreate: true } }, false],
    [{ video: { roomAdmin: true, room: "r1", destinationRoom: "r2" } }, true],
    [{ video: { roomAdmin: true, room: "r1", destinationRoom: "r3" } }, false],
    [{ sip: { admin: true } }, false],
    [{}, true],
  ])("%j: %s", (grant, allowed) => {
    expect(grantAllows(claims, grant)).toBe(allowed);
  });

  it("reads a missing grant key as Go's zero value, as LiveKit compares them", () => {
    expect(grantAllows({ video: { roomAdmin: true } }, { video: { roomAdmin: true, room: "" } })).toBe(true);
    expect(grantAllows({ video: { roomAdmin: true } }, { video: { roomAdmin: true, room: "r1" } })).toBe(false);
    expect(grantAllows({}, { video: { roomCreate: false } })).toBe(true);
    expect(grantAllows({ video: "yes" }, { video: { roomList: true } })).toBe(false);
  });
});

describe("livekitAuth", () => {
  it("authenticates with the Authorization header and answers a missing grant with Twirp unauthenticated", async () => {
    const auth = livekitAuth({ keys });
    const token = await sdkToken({ roomAdmin: true, room: "r1" });
    const verified = (await auth.authenticate(
      { get: (name) => (name === "authorization" ? `Bearer ${token}` : null) },
      call,
    )) as VerifiedToken;
    expect(verified.apiKey).toBe("APIkey1");
    expect(() => auth.authorize!(verified, { video: { roomAdmin: true, room: "r1" } }, call)).not.toThrow();
    expect(() => auth.authorize!(verified, undefined, call)).not.toThrow();
    const error = (() => {
      try {
        auth.authorize!(verified, { video: { roomAdmin: true, room: "r2" } }, call);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TwirpError);
    expect(error).toMatchObject({ code: "unauthenticated", msg: "permissions denied" });
  });
});

describe("decodeBase64url", () => {
  it("reads unpadded base64url as node's Buffer does, and refuses anything else", () => {
    for (let length = 0; length < 70; length++) {
      const bytes = randomBytes(length);
      expect(decodeBase64url(bytes.toString("base64url"))).toEqual(new Uint8Array(bytes));
    }
    for (const bad of ["a", "ab+c", "ab/c", "ab=", "abc=", "ab c", "é"]) expect(decodeBase64url(bad), bad).toBeUndefined();
  });
});

// TokenVerifier and grantAllows at their edges: tokens of the wrong shape (each part alone), a
// header that is JSON but no object, exp and nbf that are not finite numbers, the leeway's
// boundaries to the millisecond, secrets that are not strings, the cache of verified tokens
// (a token reused is verified once; the oldest goes past 1024), and grants read against claims
// of any shape. Tokens are signed here with node:crypto's HMAC.
import { createHmac } from "node:crypto";
import { grantAllows, TokenError, TokenVerifier } from "protoc-gen-livekit-runtime/livekit";
import { afterEach, describe, expect, it, vi } from "vitest";

const apiKey = "APIedges";
const secret = "edges-secret-0123456789-0123456789";
const keys = { [apiKey]: secret };

const b64 = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** A JWT of these raw header and claims texts, signed with `secret`. */
function rawToken(header: string, claims: string): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${b64(createHmac("sha256", secret).update(input).digest())}`;
}

const header = '{"alg":"HS256","typ":"JWT"}';
/** A token with these claims (iss added), as JSON text written by hand so that 1e400 stays 1e400. */
const token = (claims: string) => rawToken(header, `{"iss":"${apiKey}",${claims}}`);

/** A verifier whose clock reads `seconds`. */
const at = (seconds: number) => new TokenVerifier({ keys, clock: () => seconds * 1000 });

async function refusal(verifier: TokenVerifier, jwt: string): Promise<string> {
  const error: unknown = await verifier.verify(jwt).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  expect((error as TokenError).name).toBe("TokenError");
  return (error as TokenError).message;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("tokens of the wrong shape", () => {
  const valid = token('"exp":2000');

  it.each([
    ["a fourth part", `${valid}.extra`],
    ["two parts", valid.split(".").slice(0, 2).join(".")],
    ["a header that is not base64url", `!!!.${valid.split(".").slice(1).join(".")}`],
    ["a signature that is not base64url", `${valid.split(".").slice(0, 2).join(".")}.!!!`],
    ["claims that are not JSON", rawToken(header, "not json")],
    ["an iss that is not a string", rawToken(header, '{"iss":5,"exp":2000}')],
  ])("%s is an invalid token", async (_what, jwt) => {
    expect(await refusal(at(1000), jwt)).toBe("invalid authorization token");
  });

  it.each([
    ["[1]", "undefined"],
    ["null", "undefined"],
    ['{"alg":"none"}', "none"],
  ])("a header %s names no valid signing method", async (text, alg) => {
    expect(await refusal(at(1000), rawToken(text, `{"iss":"${apiKey}","exp":2000}`))).toBe(
      `invalid authorization token: token is unverifiable: signing method ${alg} is invalid`,
    );
  });
});

describe("exp and nbf", () => {
  const malformed = "invalid authorization token: token is malformed: exp and nbf must be numbers";

  it.each([
    ["an exp that is a string", '"exp":"2000"'],
    ["an exp that is not finite", '"exp":1e400'],
    ["an nbf that is a string", '"exp":2000,"nbf":"0"'],
    ["an nbf that is not finite", '"exp":2000,"nbf":-1e400'],
  ])("%s is malformed", async (_what, claims) => {
    expect(await refusal(at(1000), token(claims))).toBe(malformed);
  });

  it("a token is valid up to exp + leeway inclusive, expired one millisecond later", async () => {
    const jwt = token('"exp":2000');
    await expect(at(2060).verify(jwt)).resolves.toMatchObject({ apiKey });
    expect(await refusal(new TokenVerifier({ keys, clock: () => 2060 * 1000 + 1 }), jwt)).toBe(
      "invalid authorization token: token has invalid claims: token is expired",
    );
  });

  it("a token is valid from nbf - leeway inclusive, not yet one millisecond before", async () => {
    const jwt = token('"exp":5000,"nbf":2000');
    await expect(at(1940).verify(jwt)).resolves.toMatchObject({ apiKey });
    expect(await refusal(new TokenVerifier({ keys, clock: () => 1940 * 1000 - 1 }), jwt)).toBe(
      "invalid authorization token: token has invalid claims: token is not valid yet",
    );
  });
});

describe("keys", () => {
  it.each([
    [{ [apiKey]: 5 }, apiKey],
    [{ [apiKey]: "" }, apiKey],
    [{ "": secret }, ""],
  ])("refuses %j", (given, name) => {
    expect(() => new TokenVerifier({ keys: given as unknown as Record<string, string> })).toThrow(
      new TypeError(`keys: expected non-empty API keys and secrets (key ${JSON.stringify(name)})`),
    );
  });
});

describe("the cache of verified tokens", () => {
  it("verifies a token once, then checks only its times", async () => {
    const verify = vi.spyOn(crypto.subtle, "verify");
    let now = 1000;
    const verifier = new TokenVerifier({ keys, clock: () => now * 1000 });
    const jwt = token('"exp":2000');
    const first = await verifier.verify(jwt);
    expect(await verifier.verify(jwt)).toBe(first);
    expect(verify).toHaveBeenCalledTimes(1);
    now = 2061;
    expect(await refusal(verifier, jwt)).toBe("invalid authorization token: token has invalid claims: token is expired");
  });

  it("keeps 1024 tokens: the first added is verified again once a 1025th came, the others not", async () => {
    const verifier = at(1000);
    const tokens = Array.from({ length: 1025 }, (_, i) => token(`"exp":2000,"n":${i}`));
    for (const jwt of tokens.slice(0, 1024)) await verifier.verify(jwt);
    const verify = vi.spyOn(crypto.subtle, "verify");
    await verifier.verify(tokens[0]!);
    expect(verify).toHaveBeenCalledTimes(0);
    await verifier.verify(tokens[1024]!);
    expect(verify).toHaveBeenCalledTimes(1);
    // Adding the 1025th dropped the first one added (reading it does not keep it), and only it.
    await verifier.verify(tokens[1]!);
    expect(verify).toHaveBeenCalledTimes(1);
    await verifier.verify(tokens[0]!);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});

describe("grantAllows", () => {
  it("reads a missing claim entry as the zero value of the wanted one", () => {
    expect(grantAllows({}, { video: { roomAdmin: false, room: "", count: 0 } })).toBe(true);
    expect(grantAllows({}, { video: { count: 1 } })).toBe(false);
    expect(grantAllows({}, { video: { nothing: null } as never })).toBe(false);
  });

  it.each([[null], ["admin"], [5], [undefined]])("reads a claim of %j as empty", (claim) => {
    expect(grantAllows({ video: claim }, { video: { roomAdmin: false } })).toBe(true);
    expect(grantAllows({ video: claim }, { video: { roomAdmin: true } })).toBe(false);
  });

  it("compares entries strictly", () => {
    expect(grantAllows({ video: { roomAdmin: "true" } }, { video: { roomAdmin: true } })).toBe(false);
    expect(grantAllows({ video: { roomAdmin: true, room: "a" } }, { video: { roomAdmin: true, room: "a" } })).toBe(true);
  });
});

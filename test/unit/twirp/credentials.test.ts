// The client's credentials (ClientCredentials) on their own: the token an attempt sends (signed
// for the RPC's grant, or the client's token or token function; an Authorization header given
// wins), and redaction: tokens of 8 characters or more, the 512 latest remembered, errors and
// their causes made free of them (a clean cause kept as it is).
import { describe, expect, it } from "vitest";
import { ClientCredentials } from "../../../packages/runtime/src/twirp/credentials.js";
import { TwirpError } from "../../../packages/runtime/src/twirp/errors.js";

const withGrant = {
  service: "s.S",
  name: "WithGrant",
  grant: (request: { room?: string }) => ({ video: { room: request.room ?? "" } }),
} as never;
const noGrant = { service: "s.S", name: "NoGrant" } as never;

/** A signer that signs `signed:<claims>` and redacts "SECRET". */
const signer = {
  token: async (claims: unknown) => `signed:${JSON.stringify(claims)}`,
  redact: (text: string) => text.replaceAll("SECRET", "[redacted]"),
};

describe("the token an attempt sends", () => {
  it("signs the RPC's grant with the key's signer", async () => {
    const credentials = new ClientCredentials({ apiKey: "k", apiSecret: "SECRET" }, () => signer);
    const headers = await credentials.authorized(new Headers(), withGrant, { room: "r" });
    expect(headers.get("authorization")).toBe('Bearer signed:{"video":{"room":"r"}}');
  });

  it("sends no token for an RPC without a grant under key auth", async () => {
    const credentials = new ClientCredentials({ apiKey: "k", apiSecret: "SECRET" }, () => signer);
    const headers = new Headers({ "x-a": "1" });
    expect(await credentials.authorized(headers, noGrant, {})).toBe(headers);
  });

  it("asks a token function with the call, and keeps an Authorization given", async () => {
    const credentials = new ClientCredentials<never>({ token: async ({ method }) => `token-for-${method}` }, undefined);
    expect((await credentials.authorized(new Headers(), noGrant, {})).get("authorization")).toBe("Bearer token-for-NoGrant");
    const given = new Headers({ authorization: "Bearer mine" });
    expect(await credentials.authorized(given, noGrant, {})).toBe(given);
  });
});

describe("redaction", () => {
  async function sent(tokens: readonly string[]): Promise<ClientCredentials<never>> {
    let next = 0;
    const credentials = new ClientCredentials<never>({ token: () => tokens[next++]! }, undefined);
    for (let i = 0; i < tokens.length; i++) await credentials.authorized(new Headers(), noGrant, {});
    return credentials;
  }

  it("redacts a token of 8 characters, not one of 7", async () => {
    const credentials = await sent(["12345678", "abcdefg"]);
    expect(credentials.redact("x 12345678 abcdefg")).toBe("x [redacted] abcdefg");
  });

  it("remembers the 512 latest tokens", async () => {
    const tokens = Array.from({ length: 513 }, (_, i) => `token-${String(i).padStart(4, "0")}`);
    const all = await sent(tokens);
    expect(all.redact("token-0000 token-0001 token-0512")).toBe("token-0000 [redacted] [redacted]");
    const full = await sent(tokens.slice(0, 512));
    expect(full.redact("token-0000 token-0511")).toBe("[redacted] [redacted]");
  });

  it("makes any failure a TwirpError free of tokens and the secret", async () => {
    const credentials = await sent(["a-long-token"]);
    const plain = credentials.redacted(new Error("boom with a-long-token"));
    expect(plain).toMatchObject({ code: "unknown", msg: "call failed: boom with [redacted]", status: 0 });
    expect((plain.cause as Error).message).toBe("boom with [redacted]");
  });

  it("keeps a cause with no secret as it is, and replaces one with a secret by its redacted text", async () => {
    const credentials = await sent(["a-long-token"]);
    const clean = new Error("refused");
    expect(credentials.redacted(new TwirpError("unavailable", "down", {}, 0, { cause: clean })).cause).toBe(clean);
    const leaky = new Error("refused a-long-token");
    const cause = credentials.redacted(new TwirpError("unavailable", "down", { k: "a-long-token" }, 503, { cause: leaky })).cause;
    expect(cause).not.toBe(leaky);
    expect((cause as Error).message).toBe("refused [redacted]");
    expect(credentials.redacted(new TwirpError("unavailable", "down")).cause).toBeUndefined();
  });

  it("redacts the signer's secret too", async () => {
    const credentials = new ClientCredentials({ apiKey: "k", apiSecret: "SECRET" }, () => signer);
    expect(credentials.redacted(new TwirpError("internal", "bad SECRET", { SECRET: "SECRET" }, 500)).meta).toEqual({
      "[redacted]": "[redacted]",
    });
  });
});

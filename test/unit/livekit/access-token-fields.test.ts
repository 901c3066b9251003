// AccessToken's fields read back and written into the claims only when set: every getter after
// the constructor's options and after setters, unset fields absent from the claims (not
// undefined-valued keys), attributes copied and frozen, and the key and secret refused with the
// field they name.
import { AccessToken, AccessTokenError } from "protoc-gen-livekit-runtime/livekit";
import { describe, expect, it } from "vitest";

const key = "APIfields";
const secret = "fields-secret-0123456789-0123456789";
const nowMs = 1_800_000_000_000;

describe("AccessToken fields", () => {
  it("reads back every option given to the constructor", () => {
    const token = new AccessToken(key, secret, {
      identity: "alice",
      name: "Alice",
      metadata: "{}",
      attributes: { team: "blue" },
      kind: "agent",
      roomConfig: { name: "standup" },
      roomPreset: "small",
      sha256: "abc",
      ttl: "2h",
    });
    expect({
      identity: token.identity,
      name: token.name,
      metadata: token.metadata,
      attributes: token.attributes,
      kind: token.kind,
      roomConfig: token.roomConfig,
      roomPreset: token.roomPreset,
      sha256: token.sha256,
      ttl: token.ttl,
    }).toEqual({
      identity: "alice",
      name: "Alice",
      metadata: "{}",
      attributes: { team: "blue" },
      kind: "agent",
      roomConfig: { name: "standup" },
      roomPreset: "small",
      sha256: "abc",
      ttl: "2h",
    });
    expect(token.claims(nowMs)).toMatchObject({
      sub: "alice",
      name: "Alice",
      metadata: "{}",
      attributes: { team: "blue" },
      kind: "agent",
      roomConfig: { name: "standup" },
      roomPreset: "small",
      sha256: "abc",
      exp: nowMs / 1000 + 7200,
    });
  });

  it("writes no key for a field not set, or set back to undefined", () => {
    const token = new AccessToken(key, secret, { kind: "standard", roomConfig: { name: "r" }, attributes: { a: "b" } });
    token.kind = undefined;
    token.roomConfig = undefined;
    token.attributes = undefined;
    expect({ kind: token.kind, roomConfig: token.roomConfig, attributes: token.attributes }).toEqual({
      kind: undefined,
      roomConfig: undefined,
      attributes: undefined,
    });
    expect(Object.keys(new AccessToken(key, secret).claims(nowMs)).sort()).toEqual(["exp", "iss", "nbf"]);
    expect(Object.keys(token.claims(nowMs)).sort()).toEqual(["exp", "iss", "nbf"]);
  });

  it("an option given as undefined keeps the default", () => {
    const token = new AccessToken(key, secret, { ttl: undefined, identity: undefined });
    expect(token.ttl).toBe("6h");
    expect(token.claims(nowMs)["exp"]).toBe(nowMs / 1000 + 6 * 3600);
    token.ttl = 60;
    token.ttl = undefined;
    expect(token.ttl).toBe("6h");
  });

  it("copies and freezes the attributes, keeping each as an own, enumerable, writable key of the copy", () => {
    const given = { team: "blue" };
    const token = new AccessToken(key, secret, { attributes: given });
    given.team = "red";
    expect(token.attributes).toEqual({ team: "blue" });
    expect(Object.isFrozen(token.attributes)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(token.attributes, "team")).toEqual({
      value: "blue",
      enumerable: true,
      writable: false,
      configurable: false,
    });
    // A key "__proto__" stays a key of the claims.
    const proto = new AccessToken(key, secret, { attributes: JSON.parse('{"__proto__":"x"}') as Record<string, string> });
    expect(Object.keys(proto.claims(nowMs)["attributes"] as object)).toEqual(["__proto__"]);
  });

  it.each([
    [["", secret], 'apiKey: expected a non-empty string, got ""'],
    [[5, secret], "apiKey: expected a non-empty string, got 5"],
    [[key, ""], "apiSecret: expected a non-empty string"],
    [[key, 5], "apiSecret: expected a non-empty string"],
  ])("refuses %j", (args, message) => {
    let error: unknown;
    try {
      new AccessToken(...(args as [string, string]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AccessTokenError);
    expect((error as AccessTokenError).name).toBe("AccessTokenError");
    expect((error as AccessTokenError).message).toBe(message);
  });
});

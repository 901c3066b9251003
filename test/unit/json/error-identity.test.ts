// `instanceof JsonDecodeError` / `JsonEncodeError`: true for the codec errors of any copy of the
// runtime (they carry a brand), false for everything else, and never a throw, whatever the value
// (null, primitives, functions, a Proxy whose traps throw).
import { JsonDecodeError, JsonEncodeError } from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { secondCopy } from "../../support/second-copy.js";

const otherRead = await secondCopy<typeof import("protoc-gen-livekit-runtime/json")>("json/read.ts");
const otherWrite = await secondCopy<typeof import("protoc-gen-livekit-runtime/json")>("json/write.ts");

const classes = [
  ["JsonDecodeError", JsonDecodeError, otherRead.JsonDecodeError, Symbol.for("protoc-gen-livekit.JsonDecodeError")],
  ["JsonEncodeError", JsonEncodeError, otherWrite.JsonEncodeError, Symbol.for("protoc-gen-livekit.JsonEncodeError")],
] as const;

describe.each(classes)("%s", (_name, ErrorClass, OtherClass, brand) => {
  it("recognises its errors, of this copy of the runtime and of another", () => {
    expect(new ErrorClass("a", "b", "c")).toBeInstanceOf(ErrorClass);
    expect(OtherClass).not.toBe(ErrorClass);
    expect(new OtherClass("a", "b", "c")).toBeInstanceOf(ErrorClass);
    expect(new ErrorClass("a", "b", "c")).toBeInstanceOf(OtherClass);
  });

  it("is false for null, undefined and primitives", () => {
    for (const value of [null, undefined, 0, 1, "", "JsonDecodeError", true, 1n, Symbol("s")]) {
      expect(value instanceof ErrorClass, String(value)).toBe(false);
      expect(ErrorClass[Symbol.hasInstance](value), String(value)).toBe(false);
    }
  });

  it("is false for a function or a plain error, even one whose brand is not true", () => {
    const branded = Object.assign(() => 0, { [brand]: true });
    expect(branded instanceof ErrorClass).toBe(false);
    expect(Object.assign(new Error("x"), { [brand]: 1 }) instanceof ErrorClass).toBe(false);
    expect({ [brand]: "true" } instanceof ErrorClass).toBe(false);
    expect(new Error("x") instanceof ErrorClass).toBe(false);
    // An object that carries the brand is taken for one (that is how a second copy is known).
    expect({ [brand]: true } instanceof ErrorClass).toBe(true);
  });

  it("answers false, not a throw, for a revoked Proxy and for one whose get trap throws", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const throwing = new Proxy(
      {},
      {
        get() {
          throw new Error("trap");
        },
      },
    );
    for (const value of [proxy, throwing]) {
      expect(value instanceof ErrorClass).toBe(false);
      expect(ErrorClass[Symbol.hasInstance](value)).toBe(false);
    }
  });
});

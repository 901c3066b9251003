// Request validation (validated) and the wire format (WireFormat) on their own, with validators
// and writers written here: a method without a validator, a validator that throws, issues with
// and without a path, a writer's error with and without a path, and unknown response fields
// skipped even with a registry.
import { createRegistry } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { TwirpError } from "../../../packages/runtime/src/twirp/errors.js";
import { validated, type ServiceValidators } from "../../../packages/runtime/src/twirp/validation.js";
import { WireFormat } from "../../../packages/runtime/src/twirp/wire-format.js";

const method = {
  service: "s.S",
  name: "Get",
  writer: {
    typeName: "s.GetRequest",
    stringify: (request: { fail?: unknown }) => {
      if (request.fail !== undefined) throw request.fail;
      return "{}";
    },
  },
  reader: { typeName: "s.GetResponse", decode: (json: unknown, options: unknown) => ({ json, options }) },
} as never;

function failure(run: () => unknown): TwirpError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TwirpError);
    return error as TwirpError;
  }
  return expect.fail("did not throw");
}

describe("validated", () => {
  const validators = (safeParse: (input: unknown) => unknown): ServiceValidators => ({
    service: "s.S",
    methods: { Get: { safeParse } } as never,
  });

  it("a method without a validator is internal, naming it", () => {
    const error = failure(() => validated({ service: "s.S", methods: {} }, method, {}));
    expect({ code: error.code, msg: error.msg }).toEqual({ code: "internal", msg: "validate: no validator for s.S.Get" });
    // Not even one inherited from Object.prototype.
    expect(failure(() => validated({ service: "s.S", methods: {} }, { ...(method as object), name: "toString" } as never, {})).code).toBe(
      "internal",
    );
  });

  it("a validator that throws makes the request invalid_argument", () => {
    const error = failure(() =>
      validated(
        validators(() => {
          throw new Error("a getter threw");
        }),
        method,
        {},
      ),
    );
    expect({ code: error.code, msg: error.msg }).toEqual({ code: "invalid_argument", msg: "invalid s.GetRequest: a getter threw" });
  });

  it("issues are summed up, the first one's path in argument; a request-level issue has an empty argument", () => {
    const issues = [
      { code: "custom", path: [], message: "empty" },
      { code: "too_big", path: ["names", 3], message: "too long" },
    ];
    const error = failure(() =>
      validated(
        validators(() => ({ success: false, error: { issues } })),
        method,
        {},
      ),
    );
    expect(error.msg).toBe("invalid s.GetRequest: (request): empty; names.3: too long");
    expect(error.meta).toEqual({ argument: "", issues: JSON.stringify([issues[0], { ...issues[1], path: ["names", "3"] }]) });
  });

  it("a failure without issues has an empty argument", () => {
    const error = failure(() =>
      validated(
        validators(() => ({ success: false, error: { issues: [] } })),
        method,
        {},
      ),
    );
    expect(error.meta).toEqual({ argument: "", issues: "[]" });
  });

  it("returns what the validator converted", () => {
    expect(
      validated(
        validators(() => ({ success: true, data: { converted: true } })),
        method,
        {},
      ),
    ).toEqual({ converted: true });
  });
});

describe("WireFormat", () => {
  it("a writer's error with a path names it in argument; one without a path, or a thrown non-object, has no meta", () => {
    const json = new WireFormat(undefined, false, undefined);
    const withPath = failure(() => json.encode(method, { fail: Object.assign(new Error("bad value"), { path: "tracks[0]" }) }));
    expect({ code: withPath.code, msg: withPath.msg, meta: withPath.meta }).toEqual({
      code: "invalid_argument",
      msg: "invalid s.GetRequest: bad value",
      meta: { argument: "tracks[0]" },
    });
    expect(failure(() => json.encode(method, { fail: new Error("bad") })).meta).toEqual({});
    expect(failure(() => json.encode(method, { fail: Object.assign(new Error("bad"), { path: 3 }) })).meta).toEqual({});
    expect(failure(() => json.encode(method, { fail: null })).msg).toBe("invalid s.GetRequest: null");
  });

  it("reads responses skipping unknown fields, with or without a registry", () => {
    const body = new TextEncoder().encode('{"a":1}');
    expect(new WireFormat(undefined, false, undefined).decode(method, body)).toEqual({
      json: { a: 1 },
      options: { ignoreUnknownFields: true },
    });
    const registry = createRegistry();
    expect(new WireFormat(undefined, false, registry).decode(method, body)).toEqual({
      json: { a: 1 },
      options: { ignoreUnknownFields: true, registry },
    });
  });
});

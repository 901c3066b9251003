// How the client reads a non-200 answer (errorFromResponse), without a network, at the edges
// the end-to-end tests do not reach: statuses next to the redirect range, error bodies that are
// almost Twirp errors, media types of markup, page titles and their entities, reasons in JSON
// bodies, and the bounds of what is shown. Also TwirpError's identity and describeError.
import { describe, expect, it } from "vitest";
import {
  describeError,
  errorFromResponse,
  isTwirpErrorCode,
  maxErrorBodyChars,
  maxReasonChars,
  TwirpError,
} from "../../../packages/runtime/src/twirp/errors.js";

const same = (text: string) => text;

/** The error for an answer with this status, content type and body; its fields as a test reads them. */
function read(status: number, contentType: string | null, body: string, more: Record<string, string> = {}) {
  const headers = new Headers(more);
  if (contentType !== null) headers.set("content-type", contentType);
  const error = errorFromResponse(status, headers, body, same);
  return { code: error.code, msg: error.msg, meta: error.meta, status: error.status };
}

describe("statuses next to the redirect range", () => {
  it("a 300 is a redirect (internal)", () => {
    expect(read(300, null, "", { location: "/x" })).toMatchObject({ code: "internal", msg: 'unexpected redirect (HTTP 300) to "/x"' });
  });

  it("a redirect without Location says so with an empty location", () => {
    expect(read(302, null, "")).toEqual({
      code: "internal",
      msg: 'unexpected redirect (HTTP 302) to ""',
      meta: { http_error_from_intermediary: "true", status_code: "302", location: "" },
      status: 302,
    });
  });

  it("a 201 or a 299 is no redirect: unknown, from the server", () => {
    expect(read(201, "text/plain", "created?")).toMatchObject({ code: "unknown", msg: "created? (HTTP 201 from the server)" });
    expect(read(299, "text/plain", "odd")).toMatchObject({ code: "unknown", msg: "odd (HTTP 299 from the server)" });
  });

  it("a 400 that is not a Twirp error is internal", () => {
    expect(read(400, "text/plain", "bad")).toMatchObject({ code: "internal", msg: "bad (HTTP 400 from the server)" });
  });
});

describe("JSON bodies that are almost Twirp errors", () => {
  it("a Twirp error without msg has an empty msg", () => {
    expect(read(404, "application/json", '{"code":"not_found"}')).toEqual({ code: "not_found", msg: "", meta: {}, status: 404 });
  });

  it("a Twirp error with meta null has no meta", () => {
    expect(read(404, "application/json", '{"code":"not_found","msg":"gone","meta":null}')).toEqual({
      code: "not_found",
      msg: "gone",
      meta: {},
      status: 404,
    });
  });

  it.each([
    ["a msg that is not a string", '{"code":"not_found","msg":5}'],
    ["meta that is a string", '{"code":"not_found","meta":"x"}'],
    ["meta that is an array", '{"code":"not_found","meta":["x"]}'],
    ["a meta value that is not a string", '{"code":"not_found","meta":{"n":1}}'],
    ["an empty code", '{"code":""}'],
    ["JSON null", "null"],
    ["a JSON string", '"not_found"'],
  ])("%s is not a Twirp error: mapped from the status", (_what, body) => {
    expect(read(404, "application/json", body)).toMatchObject({ code: "bad_route", meta: { http_error_from_intermediary: "true", body } });
  });

  it("an unknown code is internal, shown whole up to 100 characters, cut after", () => {
    const hundred = "c".repeat(100);
    expect(read(500, "application/json", JSON.stringify({ code: hundred })).msg).toBe(
      `invalid error code "${hundred}" in the server's error response`,
    );
    expect(read(500, "application/json", JSON.stringify({ code: `${hundred}d` })).msg).toBe(
      `invalid error code "${hundred}…" in the server's error response`,
    );
  });
});

describe("who answered: markup is an intermediary's", () => {
  it.each(["text/html", "application/xhtml+xml", "text/xml", "application/xml", "Application/XML; charset=utf-8"])(
    "a body of media type %s, even without a tag",
    (type) => {
      expect(read(401, type, "denied").msg).toBe("error from intermediary with HTTP status 401");
    },
  );

  it("a body starting with a tag after whitespace, whatever its media type", () => {
    expect(read(401, "text/plain", "  \n<p>denied</p>").msg).toBe("error from intermediary with HTTP status 401");
  });

  it("a page's title, with attributes on the tag, is the reason; its entities decoded", () => {
    const page = '<html><title lang="en">A &#x41;&#x1F600; &#65; &amp; &LT; &bogus; &#1114112; &#x10FFFF;</title></html>';
    expect(read(403, "text/html", page).msg).toBe(
      "error from intermediary with HTTP status 403: A A😀 A & < &bogus; &#1114112; \u{10FFFF}",
    );
  });
});

describe("the reason a server's body gives", () => {
  it.each([
    ["msg", '{"msg":"one"}', "one"],
    ["an empty msg is skipped", '{"msg":"  ","error":"two"}', "two"],
    ["an empty error.message is skipped", '{"error":{"message":" "},"detail":"three"}', "three"],
    ["error.message", '{"error":{"message":"four"}}', "four"],
    ["error_description", '{"error_description":"five"}', "five"],
    ["an error.message that is not a string is skipped", '{"error":{"message":5},"detail":"seven"}', "seven"],
    ["JSON after whitespace", ' \n{"message":"six"}', "six"],
  ])("%s", (_what, body, reason) => {
    expect(read(401, "application/json", body).msg).toBe(`${reason} (HTTP 401 from the server)`);
  });

  it("a JSON body of up to 64 KiB is read for its reason; a longer one is shown from its start", () => {
    const at = (size: number) => {
      const head = '{"msg":"why","pad":"';
      return `${head}${"p".repeat(size - head.length - 2)}"}`;
    };
    expect(at(64 * 1024)).toHaveLength(64 * 1024);
    expect(read(401, "application/json", at(64 * 1024)).msg).toBe("why (HTTP 401 from the server)");
    expect(read(401, "application/json", at(64 * 1024 + 1)).msg).toMatch(/^\{"msg":"why","pad":"p+… \(HTTP 401 from the server\)$/);
  });

  it("control characters removed leave one space, not two", () => {
    expect(read(401, "text/plain", "bad \u0007 key").msg).toBe("bad key (HTTP 401 from the server)");
  });

  it("a body of whitespace is an empty response; one of control characters has no readable text", () => {
    expect(read(401, "text/plain", " \n\t ").msg).toBe("empty response (HTTP 401 from the server)");
    expect(read(401, "text/plain", "\u0000\u0001").msg).toBe("response without readable text (HTTP 401 from the server)");
  });

  it("a reason of at most maxReasonChars code points is kept whole, however many UTF-16 units", () => {
    const emoji = "😀".repeat(maxReasonChars);
    expect(read(401, "text/plain", emoji).msg).toBe(`${emoji} (HTTP 401 from the server)`);
    expect(read(401, "text/plain", `${emoji}x`).msg).toBe(`${"😀".repeat(maxReasonChars - 1)}… (HTTP 401 from the server)`);
  });

  it("a body of exactly maxErrorBodyChars is shown whole in meta, one more is cut", () => {
    const body = "b".repeat(maxErrorBodyChars);
    expect(read(401, "text/plain", body).meta.body).toBe(body);
    expect(read(401, "text/plain", `${body}b`).meta.body).toBe(`${body}…`);
  });
});

describe("TwirpError's identity", () => {
  const brand = Symbol.for("protoc-gen-livekit.TwirpError");

  it("holds for an object of another copy (the brand), not for null, a primitive or a function with the brand", () => {
    expect({ [brand]: true } instanceof TwirpError).toBe(true);
    expect((null as unknown) instanceof TwirpError).toBe(false);
    expect((undefined as unknown) instanceof TwirpError).toBe(false);
    expect(("internal" as unknown) instanceof TwirpError).toBe(false);
    expect(Object.assign(() => undefined, { [brand]: true }) instanceof TwirpError).toBe(false);
  });

  it("isTwirpErrorCode takes strings only", () => {
    expect(isTwirpErrorCode("internal")).toBe(true);
    expect(isTwirpErrorCode({ toString: () => "internal" })).toBe(false);
    expect(isTwirpErrorCode(["internal"])).toBe(false);
  });
});

describe("describeError", () => {
  it("gives an error's message with its cause's, and anything else as a string", () => {
    expect(describeError(new Error("outer", { cause: new Error("inner") }))).toBe("outer (inner)");
    expect(describeError(new Error("alone", { cause: "not an error" }))).toBe("alone");
    expect(describeError(42)).toBe("42");
  });

  it("says so of an error that cannot be described", () => {
    const { proxy, revoke } = Proxy.revocable(new Error("x"), {});
    revoke();
    expect(describeError(proxy)).toBe("an error that cannot be described");
  });
});

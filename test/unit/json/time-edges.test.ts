// Duration and Timestamp at the edges of what their JSON form allows (the proto3 JSON mapping and
// google/protobuf/duration.proto, timestamp.proto: Duration seconds within ±315576000000 and nanos
// of the same sign with |nanos| < 1e9; Timestamp from 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z, nanos from 0 below 1e9), through the codecs and the runtime's functions,
// and what their errors say. Limits are written out from those files.
import {
  JsonDecodeError,
  JsonEncodeError,
  readDuration,
  readTimestamp,
  writeDuration,
  writeTimestamp,
} from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";
import { CasesJsonWriter } from "../../fixtures/golden/json_json.js";

/** The error `run` throws (it must throw). */
function thrown(run: () => unknown): JsonDecodeError | JsonEncodeError {
  let caught: unknown;
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    caught = error;
  }
  expect(result).toBeUndefined();
  expect(caught instanceof JsonDecodeError || caught instanceof JsonEncodeError).toBe(true);
  return caught as JsonDecodeError;
}

describe("Duration written", () => {
  it("refuses seconds beyond either end, and takes both ends", () => {
    expect(writeDuration({ seconds: 315_576_000_000n })).toBe('"315576000000s"');
    expect(writeDuration({ seconds: -315_576_000_000n })).toBe('"-315576000000s"');
    expect(writeDuration({ seconds: -315_576_000_000n, nanos: -999_999_999 })).toBe('"-315576000000.999999999s"');
    for (const seconds of [315_576_000_001n, -315_576_000_001n, -(2n ** 63n)]) {
      const error = thrown(() => writeDuration({ seconds }));
      expect(error.path).toBe("");
      expect(error.expected).toMatch(/google\.protobuf\.Duration .*315576000000/);
    }
  });

  it("refuses nanos of a whole second or more, either sign", () => {
    expect(writeDuration({ seconds: -1n, nanos: -999_999_999 })).toBe('"-1.999999999s"');
    expect(writeDuration({ nanos: -999_999_999 })).toBe('"-0.999999999s"');
    for (const init of [
      { seconds: -1n, nanos: -1_000_000_000 },
      { nanos: -1_000_000_000 },
      { seconds: 1n, nanos: 1_000_000_000 },
      { nanos: -1_500_000_000 },
    ]) {
      expect(
        () => writeDuration(init),
        JSON.stringify(init, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)),
      ).toThrow(JsonEncodeError);
    }
  });

  it("refuses nanos that are not integers, naming the field", () => {
    for (const nanos of [1.5, -0.5, "1", 2 ** 31, 1n, null]) {
      const error = thrown(() => writeDuration({ seconds: 1n, nanos }));
      expect(error.path).toBe("nanos");
      expect(error.expected).toMatch(/int32/);
    }
    expect(thrown(() => writeTimestamp({ nanos: 0.5 })).path).toBe("nanos");
  });

  it("refuses what is not an init object, naming the type", () => {
    for (const value of [[], [1n, 5], 5, "1s", null]) {
      expect(thrown(() => writeDuration(value)).expected).toBe("a google.protobuf.Duration init object");
      expect(thrown(() => writeTimestamp(value)).expected).toBe("a google.protobuf.Timestamp init object");
    }
    expect(thrown(() => CasesJsonWriter.stringify({ duration: [] as never })).path).toBe("duration");
  });

  it("names seconds that are not an int64", () => {
    for (const seconds of ["x", 1.5, true]) {
      const error = thrown(() => writeDuration({ seconds }));
      expect(error.path).toBe("seconds");
      expect(error.expected).toMatch(/int64/);
    }
  });
});

describe("Timestamp written", () => {
  it("refuses nanos of a whole second or more, and takes the largest below", () => {
    expect(writeTimestamp({ nanos: 999_999_999 })).toBe('"1970-01-01T00:00:00.999999999Z"');
    for (const nanos of [1_000_000_000, 1_000_000_001, 2 ** 31 - 1]) {
      const error = thrown(() => writeTimestamp({ nanos }));
      expect(error.path).toBe("");
      expect(error.expected).toMatch(/google\.protobuf\.Timestamp .*nanos/);
    }
  });
});

describe("Duration and Timestamp read", () => {
  it("say why a value is refused", () => {
    expect(thrown(() => readDuration("315576000001s")).expected).toMatch(/within ±315576000000/);
    expect(thrown(() => readTimestamp("1972-02-30T00:00:00Z")).expected).toMatch(/real date and time/);
    expect(thrown(() => readTimestamp("0000-12-31T23:59:59Z")).expected).toMatch(/0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z/);
    expect(thrown(() => readTimestamp("x")).expected).toMatch(/RFC 3339/);
  });

  it("take only strings, not values whose text would match", () => {
    const textual = { toString: () => "1972-01-01T10:00:20Z" };
    for (const json of [["1972-01-01T10:00:20Z"], textual, 1]) {
      expect(thrown(() => readTimestamp(json)).expected).toMatch(/RFC 3339/);
    }
    expect(() => readDuration({ toString: () => "1s" })).toThrow(JsonDecodeError);
    expect(readTimestamp("1972-01-01T10:00:20Z").seconds).toBe(63_108_020n);
  });
});

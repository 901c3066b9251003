// Duration and Timestamp, read and written by the runtime's own code (no reflection): the same
// JSON as @bufbuild/protobuf's toJson and the same messages as its fromJson over their whole
// ranges, and a clear error for what the proto3 JSON mapping does not allow.
import { create, fromJson, toJson } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import * as fc from "fast-check";
import {
  JsonDecodeError,
  JsonEncodeError,
  readDuration,
  readTimestamp,
  writeDuration,
  writeTimestamp,
} from "protoc-gen-livekit-runtime/json";
import { describe, expect, it } from "vitest";

const maxDuration = 315_576_000_000n;
const nanosOf = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 999 }).map((n) => n * 1_000_000),
  fc.integer({ min: 0, max: 999_999_999 }),
);

const durations = fc
  .tuple(fc.bigInt({ min: -maxDuration, max: maxDuration }), nanosOf)
  .map(([seconds, nanos]) => ({ seconds, nanos: seconds < 0n ? -nanos : seconds === 0n && nanos % 2 === 1 ? -nanos : nanos }));
const timestamps = fc
  .tuple(fc.bigInt({ min: -62_135_596_800n, max: 253_402_300_799n }), nanosOf)
  .map(([seconds, nanos]) => ({ seconds, nanos }));

describe("google.protobuf.Duration", () => {
  it("writes what toJson writes and reads back what fromJson reads, over the whole range", () => {
    fc.assert(
      fc.property(durations, (init) => {
        const expected = toJson(DurationSchema, create(DurationSchema, init)) as string;
        expect(writeDuration(init)).toBe(JSON.stringify(expected));
        expect(readDuration(expected)).toEqual(fromJson(DurationSchema, expected));
      }),
      { seed: 20261205, numRuns: 2000 },
    );
  });

  it("writes 0, 3, 6 or 9 decimals and the sign of a negative fraction", () => {
    expect(writeDuration({ seconds: 1n, nanos: 500_000_000 })).toBe('"1.500s"');
    expect(writeDuration({ seconds: 0n, nanos: -1000 })).toBe('"-0.000001s"');
    expect(writeDuration({ seconds: -5n })).toBe('"-5s"');
    expect(writeDuration({})).toBe('"0s"');
    expect(readDuration("-0.5s")).toEqual({ $typeName: "google.protobuf.Duration", seconds: 0n, nanos: -500_000_000 });
  });

  it.each(["1.5", "1s ", " 1s", "1.s", "1.0000000001s", "+1s", "1e3s", "315576000001s", "-315576000001s", "", "s"])(
    "refuses %j with a JsonDecodeError",
    (text) => expect(() => readDuration(text)).toThrow(JsonDecodeError),
  );

  it("refuses what is not a string", () => {
    for (const json of [1.5, null, {}, ["1s"]]) expect(() => readDuration(json)).toThrow(/google\.protobuf\.Duration/);
  });

  it.each([
    [{ seconds: 1n, nanos: -1 }, ""],
    [{ seconds: 315_576_000_001n }, ""],
    [{ nanos: 1_000_000_000 }, ""],
    [{ seconds: 1.5 }, "seconds"],
    [{ nanos: "1" }, "nanos"],
  ])("refuses to write %o, naming the path", (init, path) => {
    let caught: unknown;
    try {
      writeDuration(init);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(JsonEncodeError);
    expect((caught as JsonEncodeError).path).toBe(path);
  });
});

describe("google.protobuf.Timestamp", () => {
  it("writes what toJson writes and reads back what fromJson reads, from year 1 to 9999", () => {
    fc.assert(
      fc.property(timestamps, (init) => {
        const expected = toJson(TimestampSchema, create(TimestampSchema, init)) as string;
        expect(writeTimestamp(init)).toBe(JSON.stringify(expected));
        expect(readTimestamp(expected)).toEqual(fromJson(TimestampSchema, expected));
      }),
      { seed: 20261205, numRuns: 2000 },
    );
  });

  it("reads offsets as fromJson does", () => {
    for (const text of [
      "1972-01-01T11:00:20.021+01:00",
      "1971-12-31T23:30:20-10:30",
      "0001-01-01T01:00:00+01:00",
      "9999-12-31T22:59:59-01:00",
    ]) {
      expect(readTimestamp(text)).toEqual(fromJson(TimestampSchema, text));
    }
  });

  it.each([
    "1972-01-01T10:00:20.021",
    "1972-01-01t10:00:20Z",
    "1972-01-01T10:00:20z",
    "1972-02-30T00:00:00Z",
    "1972-13-01T00:00:00Z",
    "1972-01-01T24:00:00Z",
    "1972-01-01T23:60:00Z",
    "1972-01-01T23:59:60Z",
    "1972-01-01T00:00:00+24:00",
    "1972-01-01T00:00:00+01:60",
    "1972-01-01T00:00:00.0000000001Z",
    "0000-12-31T23:59:59Z",
    "0001-01-01T00:00:00+00:01",
    "9999-12-31T23:59:59-00:01",
    "72-01-01T00:00:00Z",
  ])("refuses %j with a JsonDecodeError", (text) => expect(() => readTimestamp(text)).toThrow(JsonDecodeError));

  it.each([
    [{ seconds: -62_135_596_801n }, ""],
    [{ seconds: 253_402_300_800n }, ""],
    [{ nanos: -1 }, ""],
    [{ seconds: "x" }, "seconds"],
  ])("refuses to write %o, naming the path", (init, path) => {
    expect(() => writeTimestamp(init)).toThrow(JsonEncodeError);
    try {
      writeTimestamp(init);
    } catch (error) {
      expect((error as JsonEncodeError).path).toBe(path);
    }
  });
});

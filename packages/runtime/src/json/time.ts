// google.protobuf.Duration and google.protobuf.Timestamp in their proto3 JSON form, without
// @bufbuild/protobuf's reflection (which the other well-known types go through, and which would
// put its registry and JSON machinery into every client whose messages hold a time):
//   Duration  "-1.500s": seconds within ±315576000000, nanos of the same sign, 0/3/6/9 digits
//   Timestamp "1972-01-01T10:00:20.021Z": 0001-01-01 to 9999-12-31, offsets on input, Z on output
import type { Duration, Timestamp } from "@bufbuild/protobuf/wkt";
import { describe } from "./common.js";
import { invalidJson } from "./read.js";
import { bigIntOf, invalidValue, JsonEncodeError } from "./write.js";

const maxDurationSeconds = 315_576_000_000n;
/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, in seconds since the epoch. */
const minTimestampSeconds = -62_135_596_800n;
const maxTimestampSeconds = 253_402_300_799n;

const durationText = /^(-)?(\d+)(?:\.(\d{1,9}))?s$/;
const timestampText = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|([+-])(\d{2}):(\d{2}))$/;

// ---- read ----

export function readDuration(json: unknown): Duration {
  const match = typeof json === "string" ? durationText.exec(json) : null;
  if (match === null) return invalidJson('a google.protobuf.Duration ("1.5s": seconds with up to 9 decimals, then s)', json);
  const seconds = BigInt(match[2]!);
  if (seconds > maxDurationSeconds) return invalidJson("a google.protobuf.Duration within ±315576000000 s", json);
  const negative = match[1] === "-";
  const nanos = fractionNanos(match[3]);
  return { $typeName: "google.protobuf.Duration", seconds: negative ? -seconds : seconds, nanos: negative && nanos !== 0 ? -nanos : nanos };
}

export function readTimestamp(json: unknown): Timestamp {
  const match = typeof json === "string" ? timestampText.exec(json) : null;
  if (match === null) return invalidJson('a google.protobuf.Timestamp (RFC 3339: "1972-01-01T10:00:20.021Z")', json);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === "-" ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const valid =
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    Number(match[9] ?? 0) < 24 &&
    Number(match[10] ?? 0) < 60;
  if (!valid) return invalidJson("a google.protobuf.Timestamp with a real date and time", json);
  const seconds = BigInt(Math.floor(date.getTime() / 1000) + hour * 3600 + minute * 60 + second - offsetMinutes * 60);
  if (seconds < minTimestampSeconds || seconds > maxTimestampSeconds) {
    return invalidJson("a google.protobuf.Timestamp from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z", json);
  }
  return { $typeName: "google.protobuf.Timestamp", seconds, nanos: fractionNanos(match[7]) };
}

/** `"5"` -> 500000000: up to nine decimals of a second. */
function fractionNanos(digits: string | undefined): number {
  return digits === undefined ? 0 : Number(digits.padEnd(9, "0"));
}

// ---- write ----

export function writeDuration(value: unknown): string {
  const { seconds, nanos } = secondsAndNanos(value, "google.protobuf.Duration");
  const sameSign = seconds === 0n || nanos === 0 || seconds < 0n === nanos < 0;
  if (seconds > maxDurationSeconds || seconds < -maxDurationSeconds || nanos <= -1e9 || nanos >= 1e9 || !sameSign) {
    return invalidValue("a google.protobuf.Duration (seconds within ±315576000000, nanos of the same sign below 1e9)", value);
  }
  const negative = seconds < 0n || nanos < 0;
  const whole = seconds < 0n ? -seconds : seconds;
  return `"${negative ? "-" : ""}${whole}${fractionText(Math.abs(nanos))}s"`;
}

export function writeTimestamp(value: unknown): string {
  const { seconds, nanos } = secondsAndNanos(value, "google.protobuf.Timestamp");
  if (seconds < minTimestampSeconds || seconds > maxTimestampSeconds || nanos < 0 || nanos >= 1e9) {
    return invalidValue("a google.protobuf.Timestamp (0001-01-01 to 9999-12-31, nanos from 0 below 1e9)", value);
  }
  // toISOString writes years 1 to 9999 as four digits; its milliseconds give way to our nanos.
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `"${iso.slice(0, 19)}${fractionText(nanos)}Z"`;
}

/** No decimals for whole seconds, else 3, 6 or 9 digits, as protobuf's JSON mapping writes them. */
function fractionText(nanos: number): string {
  if (nanos === 0) return "";
  const digits = String(nanos).padStart(9, "0");
  if (nanos % 1_000_000 === 0) return `.${digits.slice(0, 3)}`;
  if (nanos % 1000 === 0) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

/** The two fields of a Duration or Timestamp init object (a message, or `{ seconds?, nanos? }`). */
function secondsAndNanos(value: unknown, typeName: string): { seconds: bigint; nanos: number } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return invalidValue(`a ${typeName} init object`, value);
  const { seconds = 0n, nanos = 0 } = value as { seconds?: unknown; nanos?: unknown };
  const whole = bigIntOf(seconds);
  if (whole === undefined)
    throw new JsonEncodeError("seconds", "an int64 (a bigint, a safe integer or a decimal string)", describe(seconds));
  if (typeof nanos !== "number" || (nanos | 0) !== nanos)
    throw new JsonEncodeError("nanos", "an int32 (an integer number)", describe(nanos));
  return { seconds: whole, nanos };
}

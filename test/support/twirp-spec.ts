// The Twirp spec's table of error codes and the HTTP status a server answers each with
// (../shared/reference/twirp.md, "Errors"), written out here: tests compare the runtime with
// it, so it must never be read from the runtime's own table.
import type { TwirpErrorCode } from "protoc-gen-livekit-runtime/twirp";

export const specStatuses: readonly (readonly [code: TwirpErrorCode, status: number])[] = [
  ["canceled", 408],
  ["unknown", 500],
  ["invalid_argument", 400],
  ["malformed", 400],
  ["deadline_exceeded", 408],
  ["not_found", 404],
  ["bad_route", 404],
  ["already_exists", 409],
  ["permission_denied", 403],
  ["unauthenticated", 401],
  ["resource_exhausted", 429],
  ["failed_precondition", 412],
  ["aborted", 409],
  ["out_of_range", 400],
  ["unimplemented", 501],
  ["internal", 500],
  ["unavailable", 503],
  ["data_loss", 500],
];

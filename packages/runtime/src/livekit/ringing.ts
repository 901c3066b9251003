// RPCs that wait while a phone rings (CreateSIPParticipant with waitUntilAnswered,
// TransferSIPParticipant) answer only once the callee picks up or the ringing times out: their
// calls need a longer timeout than the client's default. livekit-server-sdk gives them the
// ringing timeout plus two seconds, at least; so do the generated clients, through the
// `ringing` section of the service's sidecar.

/** LiveKit's ringing timeout when the request sets none. */
const defaultRingingSeconds = 30;
/** Time for LiveKit to answer once the ringing ends. */
const marginSeconds = 2;
/** setTimeout's largest delay (a longer one fires at once). */
const maxTimerMs = 2 ** 31 - 1;

/**
 * The least timeout of a call that rings, in milliseconds: the request's `ringing` Duration
 * (30 s when unset or zero) plus 2 s; 0 (no minimum) when `when` names a bool field of the
 * request that is not true. Never throws: the request is not checked yet (its writer reports
 * what is wrong with it).
 */
export function ringingTimeoutMs(request: unknown, ringing: string, when?: string): number {
  try {
    if (typeof request !== "object" || request === null) return 0;
    const fields = request as Record<string, unknown>;
    if (when !== undefined && fields[when] !== true) return 0;
    const seconds = durationSeconds(fields[ringing]) ?? defaultRingingSeconds;
    return Math.min(Math.ceil((seconds + marginSeconds) * 1000), maxTimerMs);
  } catch {
    return 0;
  }
}

/** The length of a Duration init (`{ seconds, nanos }`) in seconds, if positive. */
function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { seconds, nanos } = value as { seconds?: unknown; nanos?: unknown };
  let whole: number;
  if (typeof seconds === "bigint" || typeof seconds === "number") whole = Number(seconds);
  else if (typeof seconds === "string" && /^\d{1,12}$/.test(seconds)) whole = Number(seconds);
  else whole = 0;
  const total = (Number.isFinite(whole) ? whole : 0) + (typeof nanos === "number" && nanos > 0 && nanos < 1e9 ? nanos / 1e9 : 0);
  return total > 0 ? total : undefined;
}

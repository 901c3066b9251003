// LiveKit's server moves on by itself: empty rooms close, egresses become active and end with
// their room, an ingress whose participant is gone turns inactive. This one applies such changes
// when its state is read; `settle` reads it all, so that they (and their webhooks) happen on time
// without an RPC: every `settleIntervalMs` on the system clock, and after each AdvanceClock.
import { egressOf } from "./egress-service.js";
import { ingressOf } from "./ingress-service.js";
import type { LocalRooms } from "./rooms.js";

/** How often the server settles its state on the system clock. */
export const settleIntervalMs = 250;

/** Applies every change due by now: rooms past their timeouts close, then egresses and ingresses follow. */
export function settle(rooms: LocalRooms): void {
  rooms.closeIdleRooms();
  egressOf(rooms).settle();
  ingressOf(rooms).settle();
}

/**
 * Settles `rooms` every {@link settleIntervalMs} until stopped; the timer keeps no process alive.
 * A failure is reported once per distinct message, never thrown from the timer (which would end
 * the process).
 */
export function settleEvery(rooms: LocalRooms, report: (error: unknown) => void): () => void {
  let last = "";
  const timer = setInterval(() => {
    try {
      settle(rooms);
      last = "";
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== last) report(error);
      last = message;
    }
  }, settleIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

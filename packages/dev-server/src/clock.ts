// The local room service's time: the system clock, or (with --manual-clock) one that stands
// still until the Simulator's AdvanceClock moves it, so that room timeouts can be tested
// without waiting.

export class Clock {
  readonly #start = Date.now();
  #advancedMs = 0;

  constructor(readonly manual: boolean) {}

  /** Milliseconds since the Unix epoch. */
  now(): number {
    return this.manual ? this.#start + this.#advancedMs : Date.now();
  }

  /** Moves a manual clock forward; returns the new time. */
  advance(seconds: number): number {
    if (!this.manual) throw new Error("only a manual clock can be moved");
    this.#advancedMs += seconds * 1000;
    return this.now();
  }
}

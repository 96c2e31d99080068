// Exponential back-off with full jitter, for restarting watches, requeueing reconciles and retrying writes.
// The random source is injected so tests are deterministic.

export interface BackoffOptions {
  /** First delay, default 200 ms. */
  readonly initialMs?: number;
  /** Upper bound, default 30 s. */
  readonly maxMs?: number;
  /** Growth per failure, default 2. */
  readonly factor?: number;
  /** Returns a number in [0, 1); default Math.random. */
  readonly random?: () => number;
}

export interface Backoff {
  /** The delay before the next attempt; each call counts as one more failure. */
  next(): number;
  /** Forget past failures after a success. */
  reset(): void;
  readonly failures: number;
}

/** Delays grow as initial × factor^n up to max; each delay is drawn from [ceiling/2, ceiling]. */
export function createBackoff(opts: BackoffOptions = {}): Backoff {
  const initial = opts.initialMs ?? 200;
  const max = opts.maxMs ?? 30_000;
  const factor = opts.factor ?? 2;
  const random = opts.random ?? Math.random;
  let failures = 0;
  return {
    next() {
      const ceiling = Math.min(max, initial * factor ** failures);
      failures++;
      return Math.round(ceiling / 2 + (random() * ceiling) / 2);
    },
    reset() {
      failures = 0;
    },
    get failures() {
      return failures;
    },
  };
}

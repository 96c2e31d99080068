// The request-rate window of SPEC §5: a ring of ceil(window / granularity) buckets. The scaler records the
// RequestCount deltas it sees per route; rate() is the average requests per second over the elapsed buckets.
// Time is passed in (milliseconds on any clock that only moves forward); this module reads no clock.
//
// Definitions used throughout (b(t) = floor(t / granularity) is the absolute bucket number of time t):
// - A record at time t adds its delta to bucket b(t). Recording a delta of 0 is an observation too: it says
//   "nothing happened", and it advances the window exactly like a non-zero delta.
// - The window at time t covers the buckets b(t) − n + 1 … b(t), n = bucketCount. The current bucket counts as
//   a whole bucket even while it is still filling (so right after a bucket boundary the rate dips a little;
//   that bias is at most one bucket's worth spread over the window).
// - "Elapsed buckets" at time t = min(n, b(t) − b(first) + 1), where `first` is the earliest observation since
//   the window last (re)started. At start-up, before a whole window has passed, the average is therefore over
//   the buckets from the first observation up to and including the current one, not over the whole window:
//   10 requests recorded in the first bucket of a 60-bucket window read as 10 / 1 s, not 10 / 60 s.
// - Silence between observations counts as zeros while it is shorter than the window.
// - Once a whole window passes with no observation, every bucket is stale and the window holds no data at all;
//   that is exactly the start-up state, so rate() is 0 and the next record restarts the window as at start-up.
// - Buckets of data older than the window are dropped; a record that is older than the window is ignored.
//   A record for an earlier bucket still inside the window (a late delta) is added to that bucket.
// - rate(t) for a t before the newest observation is answered as of the newest observation.
// - Rates are rounded to 3 decimals (Math.round on thousandths, i.e. half up for the non-negative rates here).
//
// Unlike upstream, which divides by the number of buckets (requests per bucket), this divides by the elapsed
// seconds, so a granularity other than 1s still yields requests per second. With the default 1s they agree.
import { QueueError } from './errors.js';

export interface RateWindowOptions {
  /** The window length in milliseconds (requestRate.window, default 1m). */
  windowMs: number;
  /** The bucket length in milliseconds (requestRate.granularity, default 1s). */
  granularityMs: number;
}

export interface RateWindow {
  /** Adds `delta` (≥ 0) requests observed at `nowMs`. */
  record(delta: number, nowMs: number): void;
  /** Average requests per second over the elapsed buckets at `nowMs`, rounded to 3 decimals. */
  rate(nowMs: number): number;
  /** Applies a new window/granularity. When either changed, the ring is reset and true is returned. */
  reconfigure(windowMs: number, granularityMs: number): boolean;
  readonly windowMs: number;
  readonly granularityMs: number;
  /** ceil(windowMs / granularityMs) */
  readonly bucketCount: number;
}

export function createRateWindow(options: RateWindowOptions): RateWindow {
  let windowMs = 0;
  let granularityMs = 1;
  let n = 1;
  let slots = new Float64Array(1);
  let total = 0;
  let first: number | undefined; // bucket of the earliest observation since the (re)start; undefined = no data
  let last = 0; // bucket of the newest observation

  const slot = (bucket: number): number => ((bucket % n) + n) % n;

  const configure = (w: number, g: number): void => {
    for (const [name, v] of [
      ['window', w],
      ['granularity', g],
    ] as const) {
      if (!Number.isFinite(v) || v <= 0) {
        throw new QueueError(
          'QUEUE_BAD_WINDOW',
          `rate window: ${name} must be a positive duration, got ${v} ms`,
        );
      }
    }
    windowMs = w;
    granularityMs = g;
    n = Math.ceil(w / g);
    slots = new Float64Array(n);
    total = 0;
    first = undefined;
  };

  const restartAt = (bucket: number): void => {
    slots.fill(0);
    total = 0;
    first = bucket;
    last = bucket;
  };

  configure(options.windowMs, options.granularityMs);

  return {
    record(delta, nowMs) {
      if (!Number.isFinite(delta) || delta < 0) {
        throw new QueueError(
          'QUEUE_BAD_DELTA',
          `rate window: delta must be a non-negative number, got ${delta}`,
        );
      }
      const b = Math.floor(nowMs / granularityMs);
      if (first === undefined || b - last >= n) {
        restartAt(b);
      } else if (b > last) {
        // Zero the buckets that the window moved past since the newest observation (at most n − 1).
        for (let i = last + 1; i <= b; i++) {
          const s = slot(i);
          total -= slots[s] as number;
          slots[s] = 0;
        }
        last = b;
      } else if (b <= last - n) {
        return; // older than the window
      } else if (b < first) {
        first = b;
      }
      const s = slot(b);
      slots[s] = (slots[s] as number) + delta;
      total += delta;
    },

    rate(nowMs) {
      if (first === undefined) return 0;
      const current = Math.max(Math.floor(nowMs / granularityMs), last);
      if (current - last >= n) return 0;
      let sum = total;
      for (let i = last + 1; i <= current; i++) sum -= slots[slot(i)] as number; // fell out of the window
      const elapsedBuckets = Math.min(n, current - first + 1);
      const perSecond = sum / ((elapsedBuckets * granularityMs) / 1000);
      return Math.round(perSecond * 1000) / 1000;
    },

    reconfigure(w, g) {
      if (w === windowMs && g === granularityMs) return false;
      configure(w, g);
      return true;
    },

    get windowMs() {
      return windowMs;
    },
    get granularityMs() {
      return granularityMs;
    },
    get bucketCount() {
      return n;
    },
  };
}

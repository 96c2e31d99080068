import { describe, expect, it } from 'vitest';
import { isQueueError } from './errors.js';
import { createRateWindow } from './rate-window.js';

// Worked examples. Notation: b(t) = floor(t / granularity) is the bucket of time t; the window at t covers the
// buckets b(t)-n+1 … b(t); elapsed(t) = min(n, b(t) - b(first observation) + 1);
// rate = (sum of the deltas in the window) / (elapsed × granularity in seconds), rounded to 3 decimals.

const oneSecond = (windowSeconds: number) =>
  createRateWindow({ windowMs: windowSeconds * 1000, granularityMs: 1000 });

describe('rate window: sizing', () => {
  it.each([
    ['1m / 1s', 60_000, 1000, 60],
    ['1m / 7s (rounded up)', 60_000, 7000, 9],
    ['10s / 2s', 10_000, 2000, 5],
    ['500ms / 1s (one bucket)', 500, 1000, 1],
  ])('has ceil(window / granularity) buckets for %s', (_name, windowMs, granularityMs, buckets) => {
    expect(createRateWindow({ windowMs, granularityMs }).bucketCount).toBe(buckets);
  });
});

describe('rate window: worked examples', () => {
  it('reads 0 before anything is recorded', () => {
    expect(oneSecond(60).rate(123_456)).toBe(0);
  });

  it('averages over the elapsed buckets only while the first window is still partial', () => {
    const w = oneSecond(60);
    w.record(10, 0); // bucket 0
    expect(w.rate(0)).toBe(10); // 10 / (1 bucket × 1 s)
    expect(w.rate(999)).toBe(10); // still bucket 0: 10 / 1
    expect(w.rate(1000)).toBe(5); // buckets 0..1: 10 / 2
    w.record(20, 2500); // bucket 2
    expect(w.rate(2999)).toBe(10); // buckets 0..2: (10 + 20) / 3
  });

  it('drops buckets that fall out of the window', () => {
    const w = oneSecond(5); // n = 5
    [1, 2, 3, 4, 5].forEach((delta, i) => w.record(delta, i * 1000)); // buckets 0..4
    expect(w.rate(4000)).toBe(3); // buckets 0..4: 15 / 5
    expect(w.rate(5000)).toBe(2.8); // buckets 1..5: (2 + 3 + 4 + 5 + 0) / 5 = 14 / 5
    expect(w.rate(6500)).toBe(2.4); // buckets 2..6: (3 + 4 + 5 + 0 + 0) / 5 = 12 / 5
    w.record(10, 7000); // bucket 7 reuses the slots of buckets 0..2 (5 % 5 .. 7 % 5), which are cleared
    expect(w.rate(7000)).toBe(3.8); // buckets 3..7: (4 + 5 + 0 + 0 + 10) / 5 = 19 / 5
  });

  it('counts silence shorter than the window as zeros', () => {
    const w = oneSecond(5);
    w.record(10, 0); // bucket 0
    w.record(10, 4000); // bucket 4: the gap of buckets 1..3 holds zeros
    expect(w.rate(4000)).toBe(4); // buckets 0..4: (10 + 0 + 0 + 0 + 10) / 5 = 20 / 5
  });

  it('reads 0 after a gap as long as the window, and then restarts as at start-up', () => {
    const w = oneSecond(5);
    w.record(100, 0); // bucket 0
    expect(w.rate(4999)).toBe(20); // buckets 0..4: 100 / 5
    expect(w.rate(5000)).toBe(0); // buckets 1..5 hold nothing: 5 - 0 >= n, every bucket is stale
    w.record(3, 12_000); // bucket 12: 12 - 0 >= 5, so the window restarts with first = 12
    expect(w.rate(12_000)).toBe(3); // partial window again: 3 / 1
    expect(w.rate(13_000)).toBe(1.5); // buckets 12..13: 3 / 2
  });

  it('treats a recorded 0 as an observation that moves the window on', () => {
    const w = oneSecond(5);
    w.record(10, 0);
    for (const t of [1000, 2000, 3000, 4000]) w.record(0, t);
    expect(w.rate(4000)).toBe(2); // buckets 0..4: 10 / 5
    w.record(0, 5000);
    expect(w.rate(5000)).toBe(0); // buckets 1..5: 0 / 5
  });

  it.each([
    ['10 requests over 3 s', 10, 2000, 3.333], // 10 / 3 = 3.3333…
    ['2 requests over 3 s', 2, 2000, 0.667], // 2 / 3 = 0.6666…
    ['1 request over 7 s', 1, 6000, 0.143], // 1 / 7 = 0.142857…
    ['1 request over 8 s', 1, 7000, 0.125], // 1 / 8 = 0.125 exactly
    ['1 request over 60 s', 1, 59_000, 0.017], // 1 / 60 = 0.01666…
  ])('rounds to 3 decimals: %s', (_name, delta, at, expected) => {
    const w = oneSecond(60);
    w.record(delta, 0);
    expect(w.rate(at)).toBe(expected);
  });

  it('reports requests per second when a bucket is longer than a second', () => {
    const w = createRateWindow({ windowMs: 10_000, granularityMs: 2000 }); // n = 5
    w.record(8, 0); // bucket 0
    expect(w.rate(1999)).toBe(4); // 8 / (1 bucket × 2 s)
    expect(w.rate(2000)).toBe(2); // 8 / (2 buckets × 2 s)
    expect(w.rate(9999)).toBe(0.8); // buckets 0..4: 8 / (5 × 2 s)
    expect(w.rate(10_000)).toBe(0); // buckets 1..5: bucket 0 is out
  });

  it('adds a late delta for a bucket still inside the window, and ignores one older than the window', () => {
    const w = oneSecond(5);
    w.record(1, 4000); // bucket 4
    w.record(2, 1000); // bucket 1 is inside the window 0..4: it becomes the first observation
    expect(w.rate(4000)).toBe(0.75); // buckets 1..4: (2 + 0 + 0 + 1) / 4 = 3 / 4
    const v = oneSecond(5);
    v.record(4, 10_000); // bucket 10
    v.record(50, 5000); // bucket 5 <= 10 - 5: older than the window, ignored
    expect(v.rate(10_000)).toBe(4); // 4 / 1
  });

  it('answers a query for an earlier time as of the newest observation', () => {
    const w = oneSecond(5);
    w.record(6, 0);
    w.record(6, 2000); // buckets 0..2: 12 / 3 = 4
    expect(w.rate(500)).toBe(4);
  });
});

describe('rate window: reconfigure', () => {
  it('keeps the data when neither window nor granularity changes', () => {
    const w = oneSecond(60);
    w.record(10, 0);
    expect(w.reconfigure(60_000, 1000)).toBe(false);
    expect(w.rate(0)).toBe(10);
  });

  it.each([
    ['the window changes', 30_000, 1000, 30],
    ['the granularity changes', 60_000, 2000, 30],
    ['both change', 10_000, 500, 20],
  ])('resets the ring when %s', (_name, windowMs, granularityMs, buckets) => {
    const w = oneSecond(60);
    w.record(10, 0);
    expect(w.reconfigure(windowMs, granularityMs)).toBe(true);
    expect(w.rate(0)).toBe(0);
    expect(w.bucketCount).toBe(buckets);
    expect([w.windowMs, w.granularityMs]).toEqual([windowMs, granularityMs]);
    w.record(3, 0);
    expect(w.rate(0)).toBe(3 / (granularityMs / 1000)); // a fresh start-up window: 3 / 1 bucket
  });
});

describe('rate window: bad input', () => {
  it.each([
    ['a zero granularity', 60_000, 0],
    ['a negative window', -1, 1000],
    ['a NaN window', Number.NaN, 1000],
    ['an infinite granularity', 60_000, Number.POSITIVE_INFINITY],
  ])('rejects %s with QUEUE_BAD_WINDOW', (_name, windowMs, granularityMs) => {
    const err = catchError(() => createRateWindow({ windowMs, granularityMs }));
    expect(isQueueError(err, 'QUEUE_BAD_WINDOW')).toBe(true);
  });

  it('rejects a bad reconfigure and keeps the previous settings and data', () => {
    const w = oneSecond(60);
    w.record(10, 0);
    expect(
      isQueueError(
        catchError(() => w.reconfigure(0, 1000)),
        'QUEUE_BAD_WINDOW',
      ),
    ).toBe(true);
    expect(w.bucketCount).toBe(60);
    expect(w.rate(0)).toBe(10);
  });

  it.each([
    ['negative', -1],
    ['NaN', Number.NaN],
  ])('rejects a %s delta with QUEUE_BAD_DELTA', (_name, delta) => {
    expect(
      isQueueError(
        catchError(() => oneSecond(5).record(delta, 0)),
        'QUEUE_BAD_DELTA',
      ),
    ).toBe(true);
  });
});

describe('rate window: agrees with a list of every observation', () => {
  // A deliberately naive model of the same definitions: it keeps every observation and sums the ones
  // inside the window. The ring must give the same answer for any sequence.
  function naive(n: number, g: number) {
    let events: { b: number; delta: number }[] = [];
    let first: number | undefined;
    let last = 0;
    return {
      record(delta: number, t: number) {
        const b = Math.floor(t / g);
        if (first === undefined || b - last >= n) [events, first, last] = [[], b, b];
        else if (b > last) last = b;
        else if (b <= last - n) return;
        else if (b < first) first = b;
        events.push({ b, delta });
      },
      rate(t: number) {
        if (first === undefined) return 0;
        const c = Math.max(Math.floor(t / g), last);
        if (c - last >= n) return 0;
        const sum = events.filter((e) => e.b > c - n).reduce((s, e) => s + e.delta, 0);
        return Math.round((sum / ((Math.min(n, c - first + 1) * g) / 1000)) * 1000) / 1000;
      },
    };
  }

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('for random sequence #%i', (seed) => {
    const random = mulberry32(seed);
    const n = 1 + Math.floor(random() * 8);
    const g = [250, 1000, 3000][Math.floor(random() * 3)] as number;
    const ring = createRateWindow({ windowMs: n * g, granularityMs: g });
    const model = naive(n, g);
    let t = 0;
    for (let step = 0; step < 500; step++) {
      t += Math.floor(random() * g * (random() < 0.1 ? 3 * n : 1.5)) - (random() < 0.1 ? g * n : 0);
      if (random() < 0.6) {
        const delta = Math.floor(random() * 20);
        ring.record(delta, t);
        model.record(delta, t);
      }
      expect(ring.rate(t)).toBe(model.rate(t));
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

import { describe, expect, it } from 'vitest';
import { createCounter, track } from './counter.js';

describe('counter', () => {
  it('starts with no keys', () => {
    expect(createCounter().snapshot()).toEqual({});
  });

  it('creates a key with zeros on ensureKey and keeps existing counts on a second ensureKey', () => {
    const c = createCounter();
    c.ensureKey('ns/a');
    expect(c.get('ns/a')).toEqual({ Concurrency: 0, RequestCount: 0 });
    c.increase('ns/a');
    c.ensureKey('ns/a');
    expect(c.get('ns/a')).toEqual({ Concurrency: 1, RequestCount: 1 });
  });

  it('counts every increase in both Concurrency and RequestCount, and a decrease only in Concurrency', () => {
    const c = createCounter();
    c.increase('ns/a');
    c.increase('ns/a');
    c.increase('ns/a');
    c.decrease('ns/a');
    expect(c.get('ns/a')).toEqual({ Concurrency: 2, RequestCount: 3 });
  });

  it('never lets Concurrency go below 0', () => {
    const c = createCounter();
    c.ensureKey('ns/a');
    c.decrease('ns/a');
    c.increase('ns/a');
    c.decrease('ns/a');
    c.decrease('ns/a');
    expect(c.get('ns/a')).toEqual({ Concurrency: 0, RequestCount: 1 });
  });

  it('leaves a removed key removed when a request that started before the removal ends', () => {
    const c = createCounter();
    c.increase('ns/a');
    expect(c.removeKey('ns/a')).toBe(true);
    c.decrease('ns/a');
    expect(c.get('ns/a')).toBeUndefined();
    expect(c.removeKey('ns/a')).toBe(false);
  });

  it('keeps RequestCount monotonic across any mix of increases and decreases', () => {
    const c = createCounter();
    let previous = 0;
    for (let i = 0; i < 200; i++) {
      if (i % 3 === 0) c.decrease('ns/a');
      else c.increase('ns/a');
      const now = c.get('ns/a')?.RequestCount ?? 0;
      expect(now).toBeGreaterThanOrEqual(previous);
      previous = now;
    }
  });

  it('makes the key set exactly the given keys on syncKeys, keeping the counts of keys that stay', () => {
    const c = createCounter();
    c.increase('ns/keep');
    c.increase('ns/gone');
    c.syncKeys(['ns/keep', 'ns/new']);
    expect(c.snapshot()).toEqual({
      'ns/keep': { Concurrency: 1, RequestCount: 1 },
      'ns/new': { Concurrency: 0, RequestCount: 0 },
    });
  });

  it('hands out copies, so a snapshot does not change when the counter does', () => {
    const c = createCounter();
    c.increase('ns/a');
    const snap = c.snapshot();
    const one = c.get('ns/a');
    c.increase('ns/a');
    expect(snap['ns/a']).toEqual({ Concurrency: 1, RequestCount: 1 });
    expect(one).toEqual({ Concurrency: 1, RequestCount: 1 });
  });

  it('serialises to the /queue JSON shape', () => {
    const c = createCounter();
    c.increase('default/app');
    expect(JSON.parse(JSON.stringify(c.snapshot()))).toEqual({
      'default/app': { Concurrency: 1, RequestCount: 1 },
    });
  });
});

describe('track', () => {
  it('holds one unit of concurrency while the callback runs and returns its value', async () => {
    const c = createCounter();
    let during: unknown;
    const result = await track(c, 'ns/a', () => {
      during = c.get('ns/a');
      return 42;
    });
    expect(result).toBe(42);
    expect(during).toEqual({ Concurrency: 1, RequestCount: 1 });
    expect(c.get('ns/a')).toEqual({ Concurrency: 0, RequestCount: 1 });
  });

  it('counts the request before the first await, so a concurrent reader sees it at once', async () => {
    const c = createCounter();
    let release!: () => void;
    const held = track(c, 'ns/a', () => new Promise<void>((resolve) => (release = resolve)));
    expect(c.get('ns/a')?.Concurrency).toBe(1);
    release();
    await held;
    expect(c.get('ns/a')?.Concurrency).toBe(0);
  });

  it.each([
    [
      'throws synchronously',
      () => {
        throw new Error('boom');
      },
    ],
    ['rejects', () => Promise.reject(new Error('boom'))],
  ])('decrements and rethrows when the callback %s', async (_name, fn) => {
    const c = createCounter();
    await expect(track(c, 'ns/a', fn)).rejects.toThrow('boom');
    expect(c.get('ns/a')).toEqual({ Concurrency: 0, RequestCount: 1 });
  });

  it('counts overlapping requests on the same key', async () => {
    const c = createCounter();
    const releases: (() => void)[] = [];
    const all = Array.from({ length: 5 }, () =>
      track(c, 'ns/a', () => new Promise<void>((resolve) => releases.push(resolve))),
    );
    expect(c.get('ns/a')).toEqual({ Concurrency: 5, RequestCount: 5 });
    releases.slice(0, 2).forEach((r) => r());
    await Promise.all(all.slice(0, 2));
    expect(c.get('ns/a')?.Concurrency).toBe(3);
    releases.slice(2).forEach((r) => r());
    await Promise.all(all);
    expect(c.get('ns/a')).toEqual({ Concurrency: 0, RequestCount: 5 });
  });
});

import { describe, expect, it } from 'vitest';
import { createBackoff } from './backoff.js';

describe('createBackoff', () => {
  it('doubles the ceiling per failure and draws each delay from its upper half', () => {
    const lowest = createBackoff({ initialMs: 100, maxMs: 10_000, random: () => 0 });
    const highest = createBackoff({ initialMs: 100, maxMs: 10_000, random: () => 0.999999 });
    expect([1, 2, 3, 4].map(() => lowest.next())).toEqual([50, 100, 200, 400]);
    expect([1, 2, 3, 4].map(() => highest.next())).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the maximum', () => {
    const b = createBackoff({ initialMs: 1000, maxMs: 3000, random: () => 0.999999 });
    const delays = Array.from({ length: 10 }, () => b.next());
    expect(Math.max(...delays)).toBe(3000);
  });

  it('starts over after a reset', () => {
    const b = createBackoff({ initialMs: 100, random: () => 0 });
    b.next();
    b.next();
    expect(b.failures).toBe(2);
    b.reset();
    expect(b.failures).toBe(0);
    expect(b.next()).toBe(50);
  });
});

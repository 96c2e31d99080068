import { describe, expect, it } from 'vitest';
import { createLeastOutstandingBalancer } from './balancer.js';
import type { UpstreamPool } from './upstream-pool.js';

const pool = (origin: string, outstanding: number): UpstreamPool =>
  ({ origin, outstanding }) as unknown as UpstreamPool;

describe('least-outstanding balancer', () => {
  it('picks the endpoint with the fewest requests in flight', () => {
    const b = createLeastOutstandingBalancer();
    const pools = [pool('a', 3), pool('b', 1), pool('c', 2)];
    for (let i = 0; i < 5; i++) expect(b.pick(pools).origin).toBe('b');
  });

  it('spreads requests evenly over equally loaded endpoints', () => {
    const b = createLeastOutstandingBalancer();
    const pools = [pool('a', 0), pool('b', 0), pool('c', 0)];
    const seen = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const p = b.pick(pools);
      seen.set(p.origin, (seen.get(p.origin) ?? 0) + 1);
    }
    expect([...seen.values()]).toEqual([100, 100, 100]);
  });

  it('sends every request to a single endpoint when there is only one', () => {
    const b = createLeastOutstandingBalancer();
    const only = pool('a', 50);
    expect(b.pick([only])).toBe(only);
  });

  it('keeps requests flowing to the least loaded endpoints as load builds up', () => {
    const b = createLeastOutstandingBalancer();
    const pools = [pool('a', 0), pool('b', 0), pool('c', 0), pool('d', 0)];
    for (let i = 0; i < 40; i++) b.pick(pools).outstanding++;
    expect(pools.map((p) => p.outstanding)).toEqual([10, 10, 10, 10]);
  });

  it('takes the better of two random choices above 16 endpoints', () => {
    const draws = [0.1, 0.5];
    const b = createLeastOutstandingBalancer(() => draws.shift() ?? 0);
    const pools = Array.from({ length: 20 }, (_, i) => pool(`p${i}`, 5));
    (pools[10] as { outstanding: number }).outstanding = 1;
    expect(b.pick(pools).origin).toBe('p10');
  });
});

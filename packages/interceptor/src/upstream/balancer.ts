// Least outstanding requests: each request goes to the endpoint with the fewest requests in flight from this
// interceptor. Ties are broken by a rotating start, so equally loaded endpoints take turns instead of the
// first one getting every request. Above 16 endpoints, two random choices (the better of two) keep the pick
// O(1) with nearly the same spread.
import type { UpstreamPool } from './upstream-pool.js';

const FULL_SCAN_LIMIT = 16;

export interface Balancer {
  pick(pools: readonly UpstreamPool[]): UpstreamPool;
}

export function createLeastOutstandingBalancer(random: () => number = Math.random): Balancer {
  let turn = 0;
  return {
    pick(pools) {
      const n = pools.length;
      if (n === 1) return pools[0] as UpstreamPool;
      if (n > FULL_SCAN_LIMIT) {
        const a = pools[Math.floor(random() * n)] as UpstreamPool;
        const b = pools[Math.floor(random() * n)] as UpstreamPool;
        return b.outstanding < a.outstanding ? b : a;
      }
      turn = turn + 1 >= n ? 0 : turn + 1;
      let best = pools[turn % n] as UpstreamPool;
      for (let i = 1; i < n; i++) {
        const candidate = pools[(turn + i) % n] as UpstreamPool;
        if (candidate.outstanding < best.outstanding) best = candidate;
      }
      return best;
    },
  };
}

// An immutable snapshot of the per-route totals, taken after each poll and each activation merge: what the gRPC
// service answers KEDA from (DESIGN habit 4: readers take the current reference, writers replace it) and what
// the admin server's /queue shows as `{"ns/name": {"Concurrency": n, "RPS": x}}`.
import type { ScalerQueueCounts } from '@keda-http/queue';
import type { RouteTotals, TotalsReader } from '../metrics/metric-specs.js';
import type { QueueState } from './queue-state.js';
import type { RequestRates } from './request-rates.js';

export interface QueueTotals extends TotalsReader {
  readonly routes: ReadonlyMap<string, RouteTotals>;
  /** When the snapshot was taken (the scaler's monotonic clock, ms). */
  readonly takenAtMs: number;
  /** The admin /queue body. */
  toJSON(): ScalerQueueCounts;
}

export const EMPTY_TOTALS: QueueTotals = totalsOf(new Map(), 0, 0);

export function snapshotTotals(state: QueueState, rates: RequestRates, nowMs: number): QueueTotals {
  const routes = new Map<string, RouteTotals>();
  for (const key of state.keys()) {
    routes.set(
      key,
      Object.freeze({ concurrency: state.concurrency(key) ?? 0, rate: rates.rate(key, nowMs) ?? 0 }),
    );
  }
  for (const key of rates.keys()) {
    if (!routes.has(key))
      routes.set(key, Object.freeze({ concurrency: 0, rate: rates.rate(key, nowMs) ?? 0 }));
  }
  return totalsOf(routes, state.totalConcurrency, nowMs);
}

function totalsOf(
  routes: Map<string, RouteTotals>,
  totalConcurrency: number,
  takenAtMs: number,
): QueueTotals {
  return Object.freeze({
    routes,
    takenAtMs,
    totalConcurrency,
    route: (key: string) => routes.get(key),
    toJSON() {
      const out = Object.create(null) as ScalerQueueCounts;
      for (const key of [...routes.keys()].sort()) {
        const t = routes.get(key) as RouteTotals;
        out[key] = { Concurrency: t.concurrency, RPS: t.rate };
      }
      return out;
    },
  });
}

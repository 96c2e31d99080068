// One request-rate window per route that scales on requestRate (SPEC §5), fed with the RequestCount deltas the
// pinger sees. Windows follow the routing table: a route that gains requestRate gets a new window, one that
// loses it (or leaves the table) drops its window, and a change of window or granularity resets the ring.
// Every poll records into every window, a 0 where nothing happened, so silence counts as zeros.
import { createRateWindow, type RateWindow } from '@keda-http/queue';
import type { Route } from '@keda-http/routing';

export interface RequestRates {
  /** Applies the routes' requestRate settings; returns the keys whose window was created or reset. */
  configure(routes: readonly Route[]): string[];
  /** Records each window's delta at `nowMs` (0 for keys without one). */
  record(deltas: ReadonlyMap<string, number>, nowMs: number): void;
  /** Requests per second of the route at `nowMs`; undefined when the route has no window. */
  rate(key: string, nowMs: number): number | undefined;
  keys(): IterableIterator<string>;
}

export function createRequestRates(): RequestRates {
  const windows = new Map<string, RateWindow>();
  return {
    configure(routes) {
      const changed: string[] = [];
      const seen = new Set<string>();
      for (const route of routes) {
        const rr = route.scaling.requestRate;
        if (rr === undefined) continue;
        seen.add(route.key);
        // The CRD accepts 0s; a window needs a positive length, so 0 reads as one millisecond.
        const windowMs = Math.max(rr.windowMs, 1);
        const granularityMs = Math.max(rr.granularityMs, 1);
        const existing = windows.get(route.key);
        if (existing === undefined) {
          windows.set(route.key, createRateWindow({ windowMs, granularityMs }));
          changed.push(route.key);
        } else if (existing.reconfigure(windowMs, granularityMs)) {
          changed.push(route.key);
        }
      }
      for (const key of windows.keys()) if (!seen.has(key)) windows.delete(key);
      return changed;
    },
    record(deltas, nowMs) {
      for (const [key, window] of windows) window.record(deltas.get(key) ?? 0, nowMs);
    },
    rate: (key, nowMs) => windows.get(key)?.rate(nowMs),
    keys: () => windows.keys(),
  };
}

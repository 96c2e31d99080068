// Keeps the served routing table in step with the informers: every HTTPScaledObject and InterceptorRoute
// event updates the route cache, and a change schedules one rebuild `debounceMs` later, so a burst of events
// (an apply of 1,000 objects, a re-list) costs a few rebuilds instead of one per event, while a single change
// is published a few milliseconds after its watch event. A rebuild blocks the event loop (a few ms for 1,000
// routes), so during a burst the gap between rebuilds also grows to twice the last rebuild's duration:
// at most a third of the time goes to rebuilding, and reconciles keep most of it. The first table is built
// once both informers have synced; before that the publisher holds none.
import { HTTP_SCALED_OBJECT, INTERCEPTOR_ROUTE } from '@keda-http/api';
import type { ChangeEvent, Informer, KubeObject } from '@keda-http/k8s';
import { createRouteCache } from './route-cache.js';
import type { ReconciledKind } from './resources.js';
import type { TablePublisher } from './table-publisher.js';
import { tableSnapshot, type TableSnapshot } from './table-snapshot.js';

export interface TableSourceOptions {
  readonly httpScaledObjects: Informer<KubeObject>;
  readonly interceptorRoutes: Informer<KubeObject>;
  readonly publisher: TablePublisher;
  /** Delay between the first change of a burst and the rebuild; default 2 ms. */
  readonly debounceMs?: number;
  /** After each rebuild, with the snapshot when the version changed. */
  readonly onBuilt?: (result: {
    snapshot: TableSnapshot | undefined;
    routes: number;
    durationMs: number;
    /** From the watch event of the oldest change this rebuild includes to the publish; 0 for buildNow(). */
    sinceChangeMs: number;
  }) => void;
}

export interface TableSource {
  /** Subscribes to the informers (call before starting them). */
  attach(): void;
  /** Builds the first table; call once both informers have synced. Later changes rebuild by themselves. */
  buildNow(): TableSnapshot | undefined;
  stop(): void;
}

export function createTableSource(opts: TableSourceOptions): TableSource {
  const debounceMs = opts.debounceMs ?? 2;
  const cache = createRouteCache();
  const unsubscribe: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;
  let lastEnd = 0;
  let lastDuration = 0;
  let firstChangeAt: number | undefined;
  let ready = false;
  let stopped = false;

  function rebuild(): TableSnapshot | undefined {
    timer = undefined;
    const started = performance.now();
    const routes = cache.routes();
    const snapshot = opts.publisher.publish(tableSnapshot(routes));
    lastEnd = performance.now();
    lastDuration = lastEnd - started;
    const sinceChangeMs = firstChangeAt === undefined ? 0 : lastEnd - firstChangeAt;
    firstChangeAt = undefined;
    opts.onBuilt?.({ snapshot, routes: routes.length, durationMs: lastDuration, sinceChangeMs });
    return snapshot;
  }

  function schedule(): void {
    if (!ready || stopped || timer !== undefined) return;
    const gap = 2 * lastDuration - (performance.now() - lastEnd);
    timer = setTimeout(rebuild, Math.max(debounceMs, gap));
  }

  const handler =
    (kind: ReconciledKind) =>
    (event: ChangeEvent<KubeObject>): void => {
      const changed =
        event.type === 'deleted' ? cache.remove(kind, event.object) : cache.upsert(kind, event.object);
      if (!changed) return;
      firstChangeAt ??= performance.now();
      schedule();
    };

  return {
    attach() {
      unsubscribe.push(opts.httpScaledObjects.onChange(handler(HTTP_SCALED_OBJECT.kind)));
      unsubscribe.push(opts.interceptorRoutes.onChange(handler(INTERCEPTOR_ROUTE.kind)));
    },
    buildNow() {
      ready = true;
      clearTimeout(timer);
      return rebuild();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      for (const u of unsubscribe.splice(0)) u();
    },
  };
}

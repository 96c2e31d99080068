// The controller half of the operator: turns watch events into work-queue keys (see watch-keys.ts) and runs
// one reconcile per key at a time, only while this replica leads. Failed keys are retried with back-off;
// every object is queued again when leadership starts and every resync period.
import { HTTP_SCALED_OBJECT, INTERCEPTOR_ROUTE } from '@keda-http/api';
import { createWorkQueue, type Informer, type KubeObject } from '@keda-http/k8s';
import type { Logger } from '@keda-http/runtime';
import type { ScaledObject } from './desired-scaled-object.js';
import type { OperatorMetrics } from './operator-metrics.js';
import type { ReconcileContext } from './reconcile-context.js';
import { reconcileHttpScaledObject } from './reconcile-http-scaled-object.js';
import { reconcileInterceptorRoute } from './reconcile-interceptor-route.js';
import { parseWorkKey, workKeyOf } from './resources.js';
import type { Service } from './spec-checks.js';
import { keyForScaledObject, keysForService } from './watch-keys.js';

export interface ReconcileControllerOptions {
  readonly ctx: ReconcileContext;
  readonly informers: {
    readonly httpScaledObjects: Informer<KubeObject>;
    readonly interceptorRoutes: Informer<KubeObject>;
    readonly scaledObjects: Informer<ScaledObject>;
    readonly services: Informer<Service>;
  };
  readonly leading: () => boolean;
  readonly metrics: OperatorMetrics;
  readonly logger: Logger;
  readonly concurrency: number;
  readonly resyncPeriodMs: number;
}

export interface ReconcileController {
  /** Queues every HTTPScaledObject and InterceptorRoute (when leading). */
  resyncAll(): void;
  idle(): Promise<void>;
  /** Stops taking work; resolves when the reconciles in progress are done. */
  shutdown(): Promise<void>;
}

export function createReconcileController(opts: ReconcileControllerOptions): ReconcileController {
  const { ctx, informers, leading, metrics, logger } = opts;
  const queue = createWorkQueue({
    concurrency: opts.concurrency,
    handler: async (key) => {
      if (!leading()) return;
      const { kind, namespace, name } = parseWorkKey(key);
      if (kind === HTTP_SCALED_OBJECT.kind) await reconcileHttpScaledObject(ctx, namespace, name);
      else await reconcileInterceptorRoute(ctx, namespace, name);
    },
    onEvent: (e) => {
      const controller = e.key.slice(0, e.key.indexOf('/')).toLowerCase();
      metrics.reconciled(controller, e.durationMs, e.type === 'done');
      if (e.type === 'failed')
        logger.warn({ key: e.key, err: e.error, retryInMs: e.retryInMs }, 'reconcile failed');
    },
  });
  const enqueue = (key: string): void => {
    if (leading()) queue.add(key);
  };
  const resyncAll = (): void => {
    for (const o of informers.httpScaledObjects.list()) enqueue(workKeyOf(HTTP_SCALED_OBJECT.kind, o));
    for (const o of informers.interceptorRoutes.list()) enqueue(workKeyOf(INTERCEPTOR_ROUTE.kind, o));
  };

  informers.httpScaledObjects.onChange((e) => enqueue(workKeyOf(HTTP_SCALED_OBJECT.kind, e.object)));
  informers.interceptorRoutes.onChange((e) => enqueue(workKeyOf(INTERCEPTOR_ROUTE.kind, e.object)));
  informers.scaledObjects.onChange((e) => {
    // The informer has caught up with this object: our own record of it is no longer needed.
    ctx.writtenScaledObjects.delete(`${e.object.metadata?.namespace ?? ''}/${e.object.metadata?.name ?? ''}`);
    enqueue(keyForScaledObject(e.object));
  });
  informers.services.onChange((e) => {
    const keys = keysForService(
      e.object,
      informers.httpScaledObjects.list(),
      informers.interceptorRoutes.list(),
    );
    for (const key of keys) enqueue(key);
  });

  const resync = setInterval(resyncAll, opts.resyncPeriodMs);
  resync.unref();

  return {
    resyncAll,
    idle: () => queue.idle(),
    async shutdown() {
      clearInterval(resync);
      await queue.shutdown();
    },
  };
}

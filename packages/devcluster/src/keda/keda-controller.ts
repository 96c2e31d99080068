// KEDA and the HPA, emulated: one runtime per ScaledObject (restarted when its spec or pause annotations
// change), KEDA's finalizer and `scaledobject.keda.sh/name` label on every ScaledObject, the restore to
// status.originalReplicaCount on deletion when advanced.restoreToOriginalReplicaCount is set, and the HPA
// controller's loop, which asks every active ScaledObject for its metrics once per sync period.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Controller } from '../controllers/garbage-collector.js';
import { tolerant } from '../controllers/object-refs.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { finalizersOf } from '../store/finalizers.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import type { Timeline } from '../timeline/event-timeline.js';
import { findScalerProto, loadScalerService } from './external-scaler-client.js';
import { startScaledObjectRuntime, type ScaledObjectRuntime } from './scaled-object-runtime.js';
import { PAUSED_ANNOTATION, PAUSED_REPLICAS_ANNOTATION } from './scaled-object-spec.js';

export const KEDA_FINALIZER = 'finalizer.keda.sh';
export const KEDA_NAME_LABEL = 'scaledobject.keda.sh/name';
const SCALED_OBJECTS = { apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' } as const;

export interface KedaOptions {
  readonly store: Store;
  readonly timeline: Timeline;
  /** The HPA controller's sync period (Kubernetes: 15 s). */
  readonly hpaSyncPeriodMs: number;
  /** Deadline of each unary gRPC call. */
  readonly callTimeoutMs: number;
  /** Back-off of re-checks, failed polls and stream reconnects. */
  readonly retry: { readonly initialMs: number; readonly maxMs: number };
  readonly protoPath?: string;
  readonly onError: (err: unknown) => void;
}

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});

/** What a runtime depends on: a change restarts it (status changes do not). */
function fingerprint(so: KubeObject): string {
  const annotations = so.metadata.annotations ?? {};
  return JSON.stringify([
    so['spec'],
    annotations[PAUSED_ANNOTATION],
    annotations[PAUSED_REPLICAS_ANNOTATION],
  ]);
}

export function startKedaEmulation(o: KedaOptions): Controller {
  const scalerService = loadScalerService(o.protoPath ?? findScalerProto());
  const runtimes = new Map<string, { runtime: ScaledObjectRuntime; fingerprint: string }>();
  const scaledObjects = () => o.store.resource(SCALED_OBJECTS);

  function stopRuntime(uid: string): void {
    runtimes.get(uid)?.runtime.stop();
    runtimes.delete(uid);
  }

  function restore(so: KubeObject): void {
    const spec = obj(so['spec']);
    const original = obj(so['status'])['originalReplicaCount'];
    if (obj(spec['advanced'])['restoreToOriginalReplicaCount'] !== true || typeof original !== 'number')
      return;
    const ref = obj(spec['scaleTargetRef']);
    const kind = typeof ref['kind'] === 'string' && ref['kind'] !== '' ? ref['kind'] : 'Deployment';
    const apiVersion =
      typeof ref['apiVersion'] === 'string' && ref['apiVersion'] !== '' ? ref['apiVersion'] : 'apps/v1';
    const ns = so.metadata.namespace ?? 'default';
    const name = typeof ref['name'] === 'string' ? ref['name'] : '';
    try {
      const target = o.store.resource({ apiVersion, kind });
      const from = obj(target.getScale(ns, name)['spec'])['replicas'];
      target.scale(ns, name, original);
      o.timeline.record({
        kind: 'scale',
        scaledObject: `${ns}/${so.metadata.name ?? ''}`,
        target: `${kind} ${ns}/${name}`,
        reason: 'restore',
        from: typeof from === 'number' ? from : 0,
        to: original,
      });
    } catch {
      // The target is gone or not scalable: nothing to restore.
    }
  }

  function reconcile(key: string): void {
    const [ns = '', name = ''] = key.split('/');
    const so = scaledObjects().get(ns, name);
    if (so === undefined) return;
    const uid = so.metadata.uid ?? '';
    if (so.metadata.deletionTimestamp !== undefined) {
      stopRuntime(uid);
      if (!finalizersOf(so).includes(KEDA_FINALIZER)) return;
      restore(so);
      tolerant(() =>
        scaledObjects().mutate(ns, name, (d) => {
          d.metadata.finalizers = finalizersOf(d).filter((f) => f !== KEDA_FINALIZER);
        }),
      );
      return;
    }
    if (!finalizersOf(so).includes(KEDA_FINALIZER) || so.metadata.labels?.[KEDA_NAME_LABEL] !== name) {
      tolerant(() =>
        scaledObjects().mutate(ns, name, (d) => {
          if (!finalizersOf(d).includes(KEDA_FINALIZER))
            d.metadata.finalizers = [...finalizersOf(d), KEDA_FINALIZER];
          d.metadata.labels = { ...d.metadata.labels, [KEDA_NAME_LABEL]: name };
        }),
      );
    }
    const current = scaledObjects().get(ns, name) ?? so;
    const fp = fingerprint(current);
    if (runtimes.get(uid)?.fingerprint === fp) return;
    stopRuntime(uid);
    const runtime = startScaledObjectRuntime(current, {
      store: o.store,
      timeline: o.timeline,
      scalerService,
      callTimeoutMs: o.callTimeoutMs,
      retry: o.retry,
      onError: o.onError,
    });
    runtimes.set(uid, { runtime, fingerprint: fp });
  }

  const queue = createWorkQueue(reconcile, o.onError);
  function observe(event: StoreEvent): void {
    if (event.storageKey !== 'keda.sh/scaledobjects') return;
    const so = event.object;
    if (event.type === 'DELETED') stopRuntime(so.metadata.uid ?? '');
    else queue.add(`${so.metadata.namespace ?? ''}/${so.metadata.name ?? ''}`);
  }

  const unsubscribe = o.store.subscribe(observe);
  try {
    for (const so of scaledObjects().list().items)
      queue.add(`${so.metadata.namespace ?? ''}/${so.metadata.name ?? ''}`);
  } catch {
    // The ScaledObject CRD is not installed (yet): its creation brings the events.
  }
  const hpa = setInterval(() => {
    for (const { runtime } of runtimes.values()) void runtime.hpaSync();
  }, o.hpaSyncPeriodMs);

  return {
    idle: () => queue.idle(),
    busy: () => queue.busy(),
    stop() {
      clearInterval(hpa);
      unsubscribe();
      queue.stop();
      for (const uid of [...runtimes.keys()]) stopRuntime(uid);
    },
  };
}

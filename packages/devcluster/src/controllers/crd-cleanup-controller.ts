// When a CRD is deleted it keeps its `customresourcecleanup.apiextensions.k8s.io` finalizer until all its
// custom resources are gone: this controller deletes them (honouring their own finalizers) and then removes
// the finalizer, which lets the store remove the CRD and stop serving its resources.
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import { finalizersOf } from '../store/finalizers.js';
import type { Controller } from './garbage-collector.js';
import { tolerant } from './object-refs.js';
import { createWorkQueue } from './work-queue.js';

export const CRD_CLEANUP_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';
const CRDS = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' } as const;

export function startCrdCleanupController(store: Store, onError: (err: unknown) => void): Controller {
  const crds = () => store.resource(CRDS);

  function reconcile(name: string): void {
    const crd = crds().get(undefined, name);
    if (crd === undefined || crd.metadata.deletionTimestamp === undefined) return;
    if (!finalizersOf(crd).includes(CRD_CLEANUP_FINALIZER)) return;
    const type =
      store.registry.all().find((t) => t.crdName === name && t.version === t.storageVersion) ??
      store.registry.all().find((t) => t.crdName === name);
    let remaining = 0;
    if (type !== undefined) {
      const client = store.resource({ group: type.group, version: type.version, resource: type.resource });
      for (const cr of client.list().items) {
        remaining++;
        if (cr.metadata.deletionTimestamp === undefined) {
          tolerant(() =>
            client.delete(cr.metadata.namespace, cr.metadata.name ?? '', { propagationPolicy: 'Background' }),
          );
        }
      }
    }
    if (remaining > 0) return;
    tolerant(() =>
      crds().mutate(undefined, name, (draft) => {
        draft.metadata.finalizers = finalizersOf(draft).filter((f) => f !== CRD_CLEANUP_FINALIZER);
      }),
    );
  }

  const queue = createWorkQueue(reconcile, onError);

  function observe(event: StoreEvent): void {
    if (event.storageKey === 'apiextensions.k8s.io/customresourcedefinitions') {
      if (event.type !== 'DELETED' && event.object.metadata.deletionTimestamp !== undefined)
        queue.add(event.object.metadata.name ?? '');
      return;
    }
    if (event.type !== 'DELETED') return;
    const type = store.registry.all().find((t) => `${t.group}/${t.resource}` === event.storageKey);
    if (type?.crdName !== undefined) queue.add(type.crdName);
  }

  const unsubscribe = store.subscribe(observe);
  for (const crd of crds().list().items) {
    if (crd.metadata.deletionTimestamp !== undefined) queue.add(crd.metadata.name ?? '');
  }
  return {
    idle: () => queue.idle(),
    busy: () => queue.busy(),
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}

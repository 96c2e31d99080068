// The namespace controller: gives every new namespace its `default` ServiceAccount, and empties a namespace
// that is being deleted (deleting everything in it, waiting for finalizers) before removing its `kubernetes`
// finalizer, at which point the namespace itself goes.
import { isJsonObject } from '../api/types.js';
import { storageKeyOf } from '../registry/resource-type.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import type { Controller } from './garbage-collector.js';
import { tolerant } from './object-refs.js';
import { createWorkQueue } from './work-queue.js';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' } as const;
const SERVICE_ACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts' } as const;

export function startNamespaceController(store: Store, onError: (err: unknown) => void): Controller {
  const namespaces = () => store.resource(NAMESPACES);
  const terminating = new Set<string>();

  function ensureServiceAccount(ns: string): void {
    const namespace = namespaces().get(undefined, ns);
    if (namespace === undefined || namespace.metadata.deletionTimestamp !== undefined) return;
    const accounts = store.resource(SERVICE_ACCOUNTS);
    if (accounts.get(ns, 'default') !== undefined) return;
    tolerant(() =>
      accounts.create({
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'default', namespace: ns },
      }),
    );
  }

  function sweep(ns: string): void {
    const namespace = namespaces().get(undefined, ns);
    if (namespace === undefined) {
      terminating.delete(ns);
      return;
    }
    if (namespace.metadata.deletionTimestamp === undefined) return;
    terminating.add(ns);
    let remaining = 0;
    const seen = new Set<string>();
    for (const type of store.registry.all()) {
      if (!type.namespaced || type.version !== type.storageVersion || seen.has(storageKeyOf(type))) continue;
      seen.add(storageKeyOf(type));
      const client = store.resource({ group: type.group, version: type.version, resource: type.resource });
      for (const obj of client.list({ namespace: ns }).items) {
        remaining++;
        if (obj.metadata.deletionTimestamp === undefined) {
          tolerant(() => client.delete(ns, obj.metadata.name ?? '', { propagationPolicy: 'Background' }));
        }
      }
    }
    if (remaining > 0) return;
    // Empty: drop the `kubernetes` finalizer through /finalize, as a real namespace controller does.
    tolerant(() =>
      namespaces().mutate(
        undefined,
        ns,
        (draft) => {
          const spec = isJsonObject(draft['spec']) ? draft['spec'] : {};
          const finalizers = Array.isArray(spec['finalizers'])
            ? spec['finalizers'].filter((f) => f !== 'kubernetes')
            : [];
          draft['spec'] = { ...spec, finalizers };
        },
        { subresource: 'finalize' },
      ),
    );
  }

  const queue = createWorkQueue((key) => {
    const [action, ns = ''] = key.split(':');
    if (action === 'sa') ensureServiceAccount(ns);
    else sweep(ns);
  }, onError);

  function observe(event: StoreEvent): void {
    const obj = event.object;
    if (event.storageKey === '/namespaces') {
      const ns = obj.metadata.name ?? '';
      if (event.type === 'ADDED') queue.add(`sa:${ns}`);
      if (event.type === 'DELETED') terminating.delete(ns);
      else if (obj.metadata.deletionTimestamp !== undefined) queue.add(`sweep:${ns}`);
      return;
    }
    const ns = obj.metadata.namespace;
    if (
      ns !== undefined &&
      terminating.has(ns) &&
      (event.type === 'DELETED' || obj.metadata.deletionTimestamp !== undefined)
    ) {
      queue.add(`sweep:${ns}`);
    }
  }

  const unsubscribe = store.subscribe(observe);
  for (const ns of namespaces().list().items) {
    if (ns.metadata.deletionTimestamp !== undefined) queue.add(`sweep:${ns.metadata.name ?? ''}`);
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

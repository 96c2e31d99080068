// The garbage collector: deletes objects whose owners (metadata.ownerReferences) are all gone, drops
// references to owners that are gone while others remain, and carries out Foreground and Orphan deletion
// of owners (the `foregroundDeletion` and `orphan` finalizers the store adds for those policies).
import type { KubeObject, OwnerReference } from '../api/types.js';
import { FOREGROUND_FINALIZER, finalizersOf, ORPHAN_FINALIZER } from '../store/finalizers.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import { clientFor, parseRefKey, refKey, refOf, tolerant, type ObjectRef } from './object-refs.js';
import { createWorkQueue } from './work-queue.js';

export interface Controller {
  /** Resolves when the controller has no pending work. */
  idle(): Promise<void>;
  busy(): boolean;
  stop(): void;
}

const ownersOf = (obj: KubeObject): OwnerReference[] =>
  Array.isArray(obj.metadata.ownerReferences)
    ? obj.metadata.ownerReferences.filter((r) => typeof r?.uid === 'string')
    : [];

export function startGarbageCollector(store: Store, onError: (err: unknown) => void): Controller {
  const byUid = new Map<string, string>(); // uid → ref key
  const dependents = new Map<string, Set<string>>(); // owner uid → dependent ref keys
  const ownersByRef = new Map<string, string[]>(); // dependent ref key → owner uids

  const dependentQueue = createWorkQueue((key) => attemptToDelete(parseRefKey(key)), onError);
  const ownerQueue = createWorkQueue((key) => processOwner(parseRefKey(key)), onError);

  function load(ref: ObjectRef): KubeObject | undefined {
    return clientFor(store, ref.storageKey)?.get(ref.namespace, ref.name);
  }

  function track(storageKey: string, obj: KubeObject): void {
    const key = refKey(refOf(storageKey, obj));
    const uid = obj.metadata.uid;
    if (uid !== undefined) byUid.set(uid, key);
    for (const old of ownersByRef.get(key) ?? []) dependents.get(old)?.delete(key);
    const owners = ownersOf(obj).map((r) => r.uid);
    ownersByRef.set(key, owners);
    for (const o of owners) {
      const set = dependents.get(o) ?? new Set<string>();
      set.add(key);
      dependents.set(o, set);
    }
  }

  function forget(storageKey: string, obj: KubeObject): void {
    const key = refKey(refOf(storageKey, obj));
    if (obj.metadata.uid !== undefined && byUid.get(obj.metadata.uid) === key) byUid.delete(obj.metadata.uid);
    for (const o of ownersByRef.get(key) ?? []) dependents.get(o)?.delete(key);
    ownersByRef.delete(key);
  }

  function observe(event: Pick<StoreEvent, 'type' | 'storageKey' | 'object'>): void {
    const obj = event.object;
    const key = refKey(refOf(event.storageKey, obj));
    if (event.type === 'DELETED') {
      forget(event.storageKey, obj);
      const uid = obj.metadata.uid;
      if (uid !== undefined) for (const dep of dependents.get(uid) ?? []) dependentQueue.add(dep);
      if (uid !== undefined) dependents.delete(uid);
      for (const owner of ownersOf(obj)) {
        const ownerKey = byUid.get(owner.uid);
        if (ownerKey !== undefined) ownerQueue.add(ownerKey);
      }
      return;
    }
    track(event.storageKey, obj);
    if (ownersOf(obj).some((r) => !byUid.has(r.uid))) dependentQueue.add(key);
    const finalizers = finalizersOf(obj);
    if (
      obj.metadata.deletionTimestamp !== undefined &&
      (finalizers.includes(ORPHAN_FINALIZER) || finalizers.includes(FOREGROUND_FINALIZER))
    ) {
      ownerQueue.add(key);
    }
  }

  function attemptToDelete(ref: ObjectRef): void {
    const obj = load(ref);
    if (obj === undefined) return;
    const owners = ownersOf(obj);
    const gone = owners.filter((r) => !byUid.has(r.uid));
    if (gone.length === 0) return;
    const client = clientFor(store, ref.storageKey);
    if (gone.length === owners.length) {
      if (obj.metadata.deletionTimestamp === undefined) {
        tolerant(() =>
          client?.delete(ref.namespace, ref.name, {
            propagationPolicy: 'Background',
            preconditions: { uid: obj.metadata.uid ?? '' },
          }),
        );
      }
      return;
    }
    const keep = new Set(owners.filter((r) => byUid.has(r.uid)).map((r) => r.uid));
    tolerant(() =>
      client?.mutate(ref.namespace, ref.name, (draft) => {
        draft.metadata.ownerReferences = ownersOf(draft).filter((r) => keep.has(r.uid));
      }),
    );
  }

  function processOwner(ref: ObjectRef): void {
    const owner = load(ref);
    if (owner === undefined || owner.metadata.deletionTimestamp === undefined) return;
    const uid = owner.metadata.uid ?? '';
    const client = clientFor(store, ref.storageKey);
    const deps = [...(dependents.get(uid) ?? [])].map(parseRefKey);
    const finalizers = finalizersOf(owner);
    const removeFinalizer = (name: string): void => {
      tolerant(() =>
        client?.mutate(ref.namespace, ref.name, (draft) => {
          draft.metadata.finalizers = finalizersOf(draft).filter((f) => f !== name);
        }),
      );
    };
    if (finalizers.includes(ORPHAN_FINALIZER)) {
      for (const dep of deps) {
        tolerant(() =>
          clientFor(store, dep.storageKey)?.mutate(dep.namespace, dep.name, (draft) => {
            draft.metadata.ownerReferences = ownersOf(draft).filter((r) => r.uid !== uid);
          }),
        );
      }
      removeFinalizer(ORPHAN_FINALIZER);
      return;
    }
    if (finalizers.includes(FOREGROUND_FINALIZER)) {
      const remaining = deps.filter((dep) => load(dep) !== undefined);
      for (const dep of remaining) {
        const obj = load(dep);
        if (obj?.metadata.deletionTimestamp === undefined) {
          tolerant(() =>
            clientFor(store, dep.storageKey)?.delete(dep.namespace, dep.name, {
              propagationPolicy: 'Foreground',
            }),
          );
        }
      }
      if (remaining.every((dep) => load(dep) === undefined)) removeFinalizer(FOREGROUND_FINALIZER);
    }
  }

  store.forEachObject((type, obj) => track(`${type.group}/${type.resource}`, obj));
  const unsubscribe = store.subscribe(observe);
  store.forEachObject((type, obj) =>
    observe({ type: 'MODIFIED', storageKey: `${type.group}/${type.resource}`, object: obj }),
  );

  return {
    async idle() {
      await dependentQueue.idle();
      await ownerQueue.idle();
    },
    busy: () => dependentQueue.busy() || ownerQueue.busy(),
    stop() {
      unsubscribe();
      dependentQueue.stop();
      ownerQueue.stop();
    },
  };
}

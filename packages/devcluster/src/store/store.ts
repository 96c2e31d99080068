// The store: every object of the cluster, one global resourceVersion, a bounded event history and the
// watch hub. `Store` is the in-process API (see resource-client.ts); the HTTP layer drives the same
// operations through `StoreInternals`.
import { fail, statuses } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import { createCrdRegistrar } from '../registry/crd-registrar.js';
import type { Registry } from '../registry/registry.js';
import { storageKeyOf, type ResourceType } from '../registry/resource-type.js';
import { createServiceAllocator } from '../defaults/service-defaults.js';
import { createEventHistory } from './event-history.js';
import { createObjectTable } from './object-table.js';
import { createResourceClient, type ResourceClient } from './resource-client.js';
import type { StoreEvent } from './store-event.js';
import type { StoreState } from './store-state.js';
import { createWatchHub } from './watch-hub.js';

export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
}

export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
}

export interface Store {
  /** The current global resourceVersion. */
  readonly resourceVersion: string;
  readonly registry: Registry;
  /** The client of a served resource; throws a 404 ApiStatusError if nothing serves it (yet). */
  resource(ref: KindRef | ResourceRef): ResourceClient;
  /** Every change to every resource, in order, synchronously after each write. Returns the unsubscribe. */
  subscribe(listener: (event: StoreEvent) => void): () => void;
  /** Ends every open watch with a 410 Expired ERROR and compacts the history (a test hook). */
  expireWatches(): number;
  /** Visits every stored object once (each resource at its storage version). */
  forEachObject(visit: (type: ResourceType, object: KubeObject) => void): void;
}

export interface StoreInternals {
  readonly state: StoreState;
}

export interface StoreOptions {
  readonly registry: Registry;
  /** How many events watches can resume from (default 10,000). */
  readonly historySize?: number;
  readonly now?: () => Date;
  /** Called when an in-process watcher throws; the store carries on. */
  readonly onListenerError?: (err: unknown) => void;
}

export function createStore(options: StoreOptions): { store: Store; internals: StoreInternals } {
  const registry = options.registry;
  const state: StoreState = {
    registry,
    crds: createCrdRegistrar(registry),
    table: createObjectTable(),
    history: createEventHistory(options.historySize ?? 10_000, 0),
    hub: createWatchHub(options.onListenerError ?? (() => undefined)),
    allocator: createServiceAllocator(),
    now: options.now ?? (() => new Date()),
    watches: new Set(),
    rv: 0,
  };

  function resolve(ref: KindRef | ResourceRef): ResourceType {
    const type =
      'kind' in ref
        ? registry.byKind(ref.apiVersion, ref.kind)
        : registry.lookup(ref.group, ref.version, ref.resource);
    if (type === undefined) fail(statuses.pathNotFound());
    return type;
  }

  const store: Store = {
    get resourceVersion() {
      return String(state.rv);
    },
    registry,
    resource: (ref) => createResourceClient(state, resolve(ref)),
    subscribe(listener) {
      return state.hub.add({
        storageKey: undefined,
        matches: undefined,
        startRv: state.rv,
        deliver: (_t, ev) => listener(ev),
      });
    },
    expireWatches() {
      state.history.compactTo(state.rv);
      const watches = [...state.watches];
      const status = statuses.expired(state.rv, state.rv + 1);
      for (const w of watches) w.expire(status);
      return watches.length;
    },
    forEachObject(visit) {
      const seen = new Set<string>();
      for (const type of registry.all()) {
        const key = storageKeyOf(type);
        if (type.version !== type.storageVersion || seen.has(key)) continue;
        seen.add(key);
        for (const entry of state.table.bucket(key).list()) visit(type, entry.object);
      }
    },
  };
  return { store, internals: { state } };
}

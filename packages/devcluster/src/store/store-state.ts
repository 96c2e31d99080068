// The shared state behind the store's operations: the registry, the objects, the global resourceVersion,
// the event history and the watch hub, plus the one function through which every committed change passes.
import { deepFreeze } from '../api/deep-values.js';
import { fail, statuses, type Status } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { CrdRegistrar } from '../registry/crd-registrar.js';
import type { Registry } from '../registry/registry.js';
import { apiVersionOf, storageKeyOf, type ResourceType } from '../registry/resource-type.js';
import type { ServiceAllocator } from '../defaults/service-defaults.js';
import type { EventHistory } from './event-history.js';
import { entryOf, type Entry, type ObjectTable } from './object-table.js';
import type { ChangeType, StoreEvent } from './store-event.js';
import type { WatchHub } from './watch-hub.js';

export interface StoreState {
  readonly registry: Registry;
  /** Open watches (HTTP and in-process), so that they can all be expired at once. */
  readonly watches: Set<{ expire(status: Status): void }>;
  readonly crds: CrdRegistrar;
  readonly table: ObjectTable;
  readonly history: EventHistory;
  readonly hub: WatchHub;
  readonly allocator: ServiceAllocator & { reserve(service: KubeObject): void };
  readonly now: () => Date;
  rv: number;
}

/** RFC 3339 with second precision, as Kubernetes writes metav1.Time. */
export function timestamp(state: StoreState): string {
  return `${state.now().toISOString().slice(0, 19)}Z`;
}

export function namespaceKey(type: ResourceType, namespace: string | undefined): string {
  return type.namespaced ? (namespace ?? '') : '';
}

export function bucketOf(state: StoreState, type: ResourceType) {
  return state.table.bucket(storageKeyOf(type));
}

export function storageApiVersion(type: ResourceType): string {
  return apiVersionOf({ group: type.group, version: type.storageVersion });
}

/** The entry as served at `type.version` (custom resources stored at another version get their apiVersion rewritten). */
export function served(type: ResourceType, entry: Entry): Entry {
  const apiVersion = apiVersionOf(type);
  if (entry.object.apiVersion === apiVersion) return entry;
  const object = deepFreeze({ ...entry.object, apiVersion });
  return entryOf(object);
}

export function servedObject(type: ResourceType, object: KubeObject): KubeObject {
  const apiVersion = apiVersionOf(type);
  return object.apiVersion === apiVersion ? object : deepFreeze({ ...object, apiVersion });
}

/** Where a write goes: a resource, and for namespaced resources a namespace. */
export interface CollectionAddress {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
}

/** One object of a resource. */
export interface ObjectAddress extends CollectionAddress {
  readonly name: string;
}

export function requireExisting(state: StoreState, at: ObjectAddress): Entry {
  const entry = bucketOf(state, at.type).get(namespaceKey(at.type, at.namespace), at.name);
  if (entry === undefined) fail(statuses.notFound(at.type, at.name));
  return entry;
}

/**
 * Records a change: bumps the global resourceVersion, stores (or removes) the object, appends to the history
 * and notifies watchers. `next` must be a fresh mutable object; it is frozen here.
 */
export function commit(
  state: StoreState,
  type: ResourceType,
  next: KubeObject,
  change: { readonly type: ChangeType; readonly previous: KubeObject | undefined },
): KubeObject {
  const previous = change.previous;
  const rv = ++state.rv;
  next.apiVersion = storageApiVersion(type);
  next.metadata.resourceVersion = String(rv);
  const object = deepFreeze(next);
  const entry = entryOf(object);
  const json = entry.json;
  const bucket = bucketOf(state, type);
  const ns = namespaceKey(type, object.metadata.namespace);
  const name = object.metadata.name as string;
  if (change.type === 'DELETED') bucket.delete(ns, name);
  else bucket.set(ns, name, entry);
  const event: StoreEvent = {
    type: change.type,
    rv,
    storageKey: storageKeyOf(type),
    object,
    json,
    bytes: entry.bytes,
    previous,
  };
  state.history.push(event);
  state.hub.publish(event);
  return object;
}

// Small helpers the built-in controllers share: finding the client of a stored object's resource, and
// ignoring the API errors that only mean "someone else got there first".
import { ApiStatusError } from '../errors.js';
import type { KubeObject } from '../api/types.js';
import { storageKeyOf, type ResourceType } from '../registry/resource-type.js';
import type { ResourceClient } from '../store/resource-client.js';
import type { Store } from '../store/store.js';

export interface ObjectRef {
  readonly storageKey: string;
  readonly namespace: string | undefined;
  readonly name: string;
}

export function refOf(storageKey: string, obj: KubeObject): ObjectRef {
  return { storageKey, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' };
}

export function refKey(ref: ObjectRef): string {
  return `${ref.storageKey}|${ref.namespace ?? ''}|${ref.name}`;
}

export function parseRefKey(key: string): ObjectRef {
  const [storageKey = '', namespace = '', name = ''] = key.split('|');
  return { storageKey, namespace: namespace === '' ? undefined : namespace, name };
}

/** The storage-version type of a resource, if it is still served. */
export function storageType(store: Store, storageKey: string): ResourceType | undefined {
  return store.registry.all().find((t) => storageKeyOf(t) === storageKey && t.version === t.storageVersion);
}

export function clientFor(store: Store, storageKey: string): ResourceClient | undefined {
  const type = storageType(store, storageKey);
  return type === undefined
    ? undefined
    : store.resource({ group: type.group, version: type.version, resource: type.resource });
}

/** Runs a controller write, ignoring NotFound and Conflict (the object changed or went meanwhile). */
export function tolerant<T>(write: () => T): T | undefined {
  try {
    return write();
  } catch (err) {
    if (err instanceof ApiStatusError && (err.httpCode === 404 || err.httpCode === 409)) return undefined;
    throw err;
  }
}

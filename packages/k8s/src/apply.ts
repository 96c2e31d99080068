// "Make it so" for one object: create it when missing, otherwise merge the desired state into the live
// object and replace it, retrying from a fresh read when someone else wrote in between (409 Conflict).
// Nothing is written when the merge changes nothing, so a steady-state reconcile costs one GET.
import { isDeepStrictEqual } from 'node:util';
import { isAlreadyExists, isConflict } from './errors.js';
import type { ResourceType } from './resources.js';
import type { KubeClient, KubeObject } from './rest-client.js';

export interface CreateOrUpdateOptions<T extends KubeObject> {
  readonly client: KubeClient;
  readonly resource: ResourceType;
  readonly desired: T;
  /** Returns the live object with the desired state applied; must not mutate its inputs. */
  readonly merge: (live: T, desired: T) => T;
  /** Attempts before giving up on conflicts; default 5. */
  readonly attempts?: number;
}

export interface CreateOrUpdateResult<T> {
  readonly object: T;
  readonly action: 'created' | 'updated' | 'unchanged';
}

export async function createOrUpdate<T extends KubeObject>(
  opts: CreateOrUpdateOptions<T>,
): Promise<CreateOrUpdateResult<T>> {
  const { client, resource, desired } = opts;
  const name = desired.metadata?.name ?? '';
  const namespace = desired.metadata?.namespace;
  const attempts = opts.attempts ?? 5;
  let lastError: unknown;
  for (let i = 0; i < attempts; i++) {
    const live = await client.get<T>(resource, name, namespace);
    if (!live) {
      try {
        return { object: await client.create(resource, desired), action: 'created' };
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        lastError = err;
        continue;
      }
    }
    const next = opts.merge(live, desired);
    if (isDeepStrictEqual(next, live)) return { object: live, action: 'unchanged' };
    try {
      return { object: await client.replace(resource, next), action: 'updated' };
    } catch (err) {
      if (!isConflict(err)) throw err;
      lastError = err;
    }
  }
  throw lastError;
}

// "Make it so" for an HTTPScaledObject's ScaledObject: create or update it to the desired state, delete it
// when the skip annotation asks and we own it, and drop our ownerReference when the orphan annotation asks.
// The informer's copy is checked first, so a steady-state reconcile costs no request at all; when it looks
// out of date the object is read fresh and written with optimistic concurrency (createOrUpdate). An object we
// just wrote stands in for the informer's copy until the informer has seen it (ctx.writtenScaledObjects), so
// the reconciles that the HTTPScaledObject's own watch events cause meanwhile do not try to create it again.
import { isDeepStrictEqual } from 'node:util';
import type { HTTPScaledObject } from '@keda-http/api';
import { createOrUpdate, isAlreadyExists, isConflict, isNotFound } from '@keda-http/k8s';
import {
  desiredScaledObject,
  foreignController,
  isOwnedBy,
  mergeScaledObject,
  type ScaledObject,
} from './desired-scaled-object.js';
import { ScaledObjectWriteError, reasonOf } from './errors.js';
import type { ReconcileContext } from './reconcile-context.js';
import { scaledObjects } from './resources.js';

export type ScaledObjectAction = 'created' | 'updated' | 'unchanged' | 'deleted' | 'absent';

const keyOf = (hso: HTTPScaledObject): string => `${hso.metadata.namespace}/${hso.metadata.name}`;

function refuseForeign(hso: HTTPScaledObject, live: ScaledObject): void {
  const foreign = foreignController(live, hso.metadata.uid ?? '');
  if (foreign === undefined) return;
  throw new ScaledObjectWriteError({
    key: keyOf(hso),
    action: 'update',
    reason: `it is controlled by ${foreign.kind} ${foreign.name}, not by this HTTPScaledObject`,
  });
}

/** Creates or updates the ScaledObject; throws ScaledObjectWriteError. */
export async function applyScaledObject(
  ctx: ReconcileContext,
  hso: HTTPScaledObject,
): Promise<ScaledObjectAction> {
  const uid = hso.metadata.uid ?? '';
  const desired = desiredScaledObject(hso, { scalerAddress: ctx.scalerAddress });
  const key = keyOf(hso);
  const cached =
    ctx.scaledObject(hso.metadata.namespace, hso.metadata.name) ?? ctx.writtenScaledObjects.get(key);
  if (cached !== undefined) {
    refuseForeign(hso, cached);
    if (isDeepStrictEqual(mergeScaledObject(cached, desired, uid), cached)) return 'unchanged';
  }
  try {
    // Not in the cache: most likely new, so create it without reading first; createOrUpdate handles the rest.
    if (cached === undefined) {
      try {
        ctx.writtenScaledObjects.set(key, await ctx.client.create(scaledObjects, desired));
        return 'created';
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
    const result = await createOrUpdate<ScaledObject>({
      client: ctx.client,
      resource: scaledObjects,
      desired,
      merge: (live, d) => {
        refuseForeign(hso, live);
        return mergeScaledObject(live, d, uid);
      },
    });
    if (result.action !== 'unchanged') ctx.writtenScaledObjects.set(key, result.object);
    return result.action;
  } catch (cause) {
    if (ScaledObjectWriteError.is(cause)) throw cause;
    throw new ScaledObjectWriteError({ key, action: 'apply', reason: reasonOf(cause) }, { cause });
  }
}

/** Deletes the ScaledObject of the same name only when this HTTPScaledObject owns it. */
export async function deleteOwnedScaledObject(
  ctx: ReconcileContext,
  hso: HTTPScaledObject,
): Promise<ScaledObjectAction> {
  const { namespace, name } = hso.metadata;
  const cached = ctx.scaledObject(namespace, name);
  if (cached === undefined || !isOwnedBy(cached, hso.metadata.uid ?? '')) return 'absent';
  try {
    const uid = cached.metadata?.uid;
    const deleted = await ctx.client.delete(scaledObjects, name, namespace, {
      ...(uid !== undefined ? { preconditions: { uid } } : {}),
    });
    return deleted ? 'deleted' : 'absent';
  } catch (cause) {
    throw new ScaledObjectWriteError(
      { key: keyOf(hso), action: 'delete', reason: reasonOf(cause) },
      { cause },
    );
  }
}

/**
 * Removes this HTTPScaledObject's ownerReference from its ScaledObject, read fresh (the garbage collector
 * must not find it once the finalizer is gone). Retries on conflicts; throws ScaledObjectWriteError.
 */
export async function orphanScaledObject(
  ctx: ReconcileContext,
  hso: HTTPScaledObject,
): Promise<ScaledObjectAction> {
  const { namespace, name } = hso.metadata;
  const uid = hso.metadata.uid ?? '';
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const live = await ctx.client.get<ScaledObject>(scaledObjects, name, namespace);
      if (live === undefined || !isOwnedBy(live, uid)) return 'absent';
      const next: ScaledObject = {
        ...live,
        metadata: {
          ...live.metadata,
          ownerReferences: (live.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid),
        },
      };
      try {
        await ctx.client.replace(scaledObjects, next);
        return 'updated';
      } catch (err) {
        if (isNotFound(err)) return 'absent';
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error('the ScaledObject kept changing (409 Conflict five times)');
  } catch (cause) {
    throw new ScaledObjectWriteError(
      { key: keyOf(hso), action: 'orphan', reason: reasonOf(cause) },
      { cause },
    );
  }
}

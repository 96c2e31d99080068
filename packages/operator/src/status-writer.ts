// "Make it so" for status: writes the desired status through the status subresource only when it differs
// from what the object carries (so the watch event our own write causes leads to no second write), and
// records a Warning Event when the Ready condition turns into a new failure.
//
// The informer may still hold a version of the object from before our last status write (the write's own
// watch event has not arrived, but an earlier one, such as the finalizer being added, has). Comparing with
// that stale copy would write the same status again, so the last status written is remembered with the
// resourceVersions that preceded it: for those versions, the remembered status stands in for the stale one.
import { isNotFound, type KubeObject, type ResourceType } from '@keda-http/k8s';
import { isNewFailure, statusPatch, type ObjectStatus } from './desired-status.js';
import { ObjectWriteError, reasonOf } from './errors.js';
import type { ReconcileContext } from './reconcile-context.js';

interface Written {
  readonly status: ObjectStatus;
  /** resourceVersions of the object seen before the write: copies that do not show it yet. */
  readonly before: readonly string[];
}

/** The last status written per object (`kind/namespace/name`). */
export type StatusMemo = Map<string, Written>;

export interface WriteStatusOptions {
  readonly resource: ResourceType;
  /** The object as last read; its apiVersion and kind are filled in for the Event when missing. */
  readonly object: KubeObject;
  /** Other resourceVersions of this object read during this reconcile (e.g. before adding a finalizer). */
  readonly seenVersions?: readonly string[];
  /** The desired status given the object (its current status decides lastTransitionTime). */
  readonly desired: (object: KubeObject) => ObjectStatus;
}

/** Returns true when a write happened. Throws ObjectWriteError when the write fails (the caller requeues). */
export async function writeStatus(ctx: ReconcileContext, opts: WriteStatusOptions): Promise<boolean> {
  const { resource } = opts;
  const name = opts.object.metadata?.name ?? '';
  const namespace = opts.object.metadata?.namespace;
  const key = `${resource.kind} ${namespace ?? ''}/${name}`;
  const rv = opts.object.metadata?.resourceVersion ?? '';
  const memo = ctx.statusMemo.get(key);
  const stale = memo !== undefined && memo.before.includes(rv);
  if (!stale) ctx.statusMemo.delete(key);
  const object = stale ? { ...opts.object, status: memo.status } : opts.object;
  const desired = opts.desired(object);
  const patch = statusPatch(object, desired);
  if (patch === undefined) return false;
  try {
    await ctx.client.patch(resource, { name, namespace }, 'merge', patch, { subresource: 'status' });
  } catch (cause) {
    if (isNotFound(cause)) return false;
    throw new ObjectWriteError({ what: 'status', key, reason: reasonOf(cause) }, { cause });
  }
  ctx.statusMemo.set(key, {
    status: desired,
    before: [rv, ...(opts.seenVersions ?? []), ...(stale ? memo.before : [])],
  });
  const failure = isNewFailure(object, desired);
  if (failure !== undefined) {
    const involved = {
      ...object,
      apiVersion: object.apiVersion ?? `${resource.group}/${resource.version}`,
      kind: object.kind ?? resource.kind,
    };
    const err = await ctx.recordEvent(involved, {
      type: 'Warning',
      reason: failure.reason,
      message: failure.message,
    });
    if (err !== undefined) ctx.log.warn({ err, key }, 'could not record an Event');
  }
  return true;
}

/** Forgets what was written for an object that is gone. */
export function forgetStatus(
  ctx: ReconcileContext,
  resource: ResourceType,
  namespace: string,
  name: string,
): void {
  ctx.statusMemo.delete(`${resource.kind} ${namespace}/${name}`);
}

// "Make it so" for status: writes the desired status through the status subresource only when it differs
// from what the object carries (so the watch event our own write causes leads to no second write), and
// records a Warning Event when the Ready condition turns into a new failure.
import { isNotFound, type KubeObject, type ResourceType } from '@keda-http/k8s';
import { isNewFailure, statusPatch, type ObjectStatus } from './desired-status.js';
import { ObjectWriteError, reasonOf } from './errors.js';
import type { ReconcileContext } from './reconcile-context.js';

export interface WriteStatusOptions {
  readonly resource: ResourceType;
  /** The object as last read; its apiVersion and kind are filled in for the Event when missing. */
  readonly object: KubeObject;
  readonly desired: ObjectStatus;
}

/** Returns true when a write happened. Throws ObjectWriteError when the write fails (the caller requeues). */
export async function writeStatus(ctx: ReconcileContext, opts: WriteStatusOptions): Promise<boolean> {
  const { resource, object, desired } = opts;
  const patch = statusPatch(object, desired);
  if (patch === undefined) return false;
  const name = object.metadata?.name ?? '';
  const namespace = object.metadata?.namespace;
  const key = `${resource.kind} ${namespace ?? ''}/${name}`;
  try {
    await ctx.client.patch(resource, { name, namespace }, 'merge', patch, { subresource: 'status' });
  } catch (cause) {
    if (isNotFound(cause)) return false;
    throw new ObjectWriteError({ what: 'status', key, reason: reasonOf(cause) }, { cause });
  }
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

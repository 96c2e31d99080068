// Deleting an object: preconditions, propagation policy (Orphan and Foreground become finalizers the garbage
// collector honours), finalizers (the object stays with a deletionTimestamp until the last one is removed),
// graceful deletion of scheduled pods, and immediate removal otherwise.
import { cloneJson } from '../api/deep-values.js';
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { afterRemoval } from './create.js';
import {
  FOREGROUND_FINALIZER,
  finalizersOf,
  hasPendingFinalizers,
  isNamespaceType,
  ORPHAN_FINALIZER,
} from './finalizers.js';
import {
  commit,
  requireExisting,
  servedObject,
  timestamp,
  type ObjectAddress,
  type StoreState,
} from './store-state.js';

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

export interface DeleteOptions {
  readonly preconditions?: { readonly uid?: string; readonly resourceVersion?: string };
  readonly propagationPolicy?: PropagationPolicy;
  /** For pods bound to a node: how long the kubelet has; 0 removes the pod at once. */
  readonly gracePeriodSeconds?: number;
  readonly dryRun?: boolean;
}

export interface DeleteResult {
  /** The object as it is now: with a deletionTimestamp if it waits for finalizers, else its last state. */
  readonly object: KubeObject;
  /** True when the object is gone. */
  readonly deleted: boolean;
}

function checkPreconditions(type: ResourceType, obj: KubeObject, pre: DeleteOptions['preconditions']): void {
  const name = obj.metadata.name ?? '';
  if (pre?.uid !== undefined && pre.uid !== obj.metadata.uid) {
    fail(
      statuses.conflict(
        type,
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
      ),
    );
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== obj.metadata.resourceVersion) {
    fail(
      statuses.conflict(
        type,
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
      ),
    );
  }
}

function gracePeriodFor(type: ResourceType, obj: KubeObject, options: DeleteOptions): number {
  if (type.group !== '' || type.resource !== 'pods') return 0;
  const spec = isJsonObject(obj['spec']) ? obj['spec'] : {};
  if (typeof spec['nodeName'] !== 'string' || spec['nodeName'] === '') return 0;
  if (options.gracePeriodSeconds !== undefined) return Math.max(0, options.gracePeriodSeconds);
  const fromSpec = spec['terminationGracePeriodSeconds'];
  return typeof fromSpec === 'number' ? fromSpec : 30;
}

export function deleteObject(
  state: StoreState,
  at: ObjectAddress,
  options: DeleteOptions = {},
): DeleteResult {
  const type = at.type;
  const existing = requireExisting(state, at).object;
  checkPreconditions(type, existing, options.preconditions);
  const grace = gracePeriodFor(type, existing, options);
  if (existing.metadata.deletionTimestamp !== undefined) {
    // A second delete changes nothing, except the final (grace 0) delete of a gracefully terminating pod.
    const graceful = (existing.metadata.deletionGracePeriodSeconds ?? 0) > 0;
    if (!graceful || grace > 0 || hasPendingFinalizers(type, existing))
      return { object: servedObject(type, existing), deleted: false };
  }
  const finalizers = finalizersOf(existing);
  const policy = options.propagationPolicy;
  const extra =
    policy === 'Orphan' ? ORPHAN_FINALIZER : policy === 'Foreground' ? FOREGROUND_FINALIZER : undefined;
  if (extra !== undefined && !finalizers.includes(extra)) finalizers.push(extra);
  const next = cloneJson(existing);
  if (finalizers.length > 0) next.metadata.finalizers = finalizers;
  const waits = hasPendingFinalizers(type, next) || grace > 0;
  if (waits) {
    if (next.metadata.deletionTimestamp === undefined) {
      next.metadata.deletionTimestamp =
        grace > 0
          ? new Date(state.now().getTime() + grace * 1000).toISOString().slice(0, 19) + 'Z'
          : timestamp(state);
      next.metadata.deletionGracePeriodSeconds = grace;
    }
    if (isNamespaceType(type))
      next['status'] = { ...(isJsonObject(next['status']) ? next['status'] : {}), phase: 'Terminating' };
    if (options.dryRun === true) return { object: servedObject(type, next), deleted: false };
    return {
      object: servedObject(type, commit(state, type, next, { type: 'MODIFIED', previous: existing })),
      deleted: false,
    };
  }
  if (options.dryRun === true) return { object: servedObject(type, existing), deleted: true };
  const removed = commit(state, type, next, { type: 'DELETED', previous: existing });
  afterRemoval(state, type, removed);
  return { object: servedObject(type, removed), deleted: true };
}

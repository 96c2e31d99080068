// One reconcile of one HTTPScaledObject (SPEC §1.1, §3), run by the work queue with at most one reconcile
// per key at a time:
//   1. gone from the cache → nothing to do (its ScaledObject is garbage-collected through the ownerReference);
//   2. being deleted → orphan the ScaledObject if annotated, then remove the finalizer;
//   3. add the finalizer, and at the same time:
//   4. validate (schema rules, then Services, ports and the workload name) → InvalidSpec, no ScaledObject write;
//   5. skip annotation → delete a ScaledObject we own; else create or update ours → Reconciled or CreateError;
//   6. write the status when it changed. A CreateError is thrown after the status is written, so the key is
//      retried with back-off.
// Steps 3 and 4–5 run concurrently (one round trip less per new object): the ScaledObject does not depend
// on the finalizer, since its ownerReference already gets it collected if the HTTPScaledObject goes first.
import {
  ANNOTATION_ORPHAN_SCALEDOBJECT,
  ANNOTATION_SKIP_SCALEDOBJECT_CREATION,
  ConditionMessage,
  validateHTTPScaledObject,
  type HTTPScaledObject,
} from '@keda-http/api';
import type { KubeObject } from '@keda-http/k8s';
import { isAnnotationTrue } from './desired-scaled-object.js';
import {
  SCALED_OBJECT_SKIPPED,
  desiredHttpScaledObjectStatus,
  type ReconcileOutcome,
} from './desired-status.js';
import { ScaledObjectWriteError, reasonOf } from './errors.js';
import { ensureFinalizer, removeFinalizer } from './finalizer.js';
import type { ReconcileContext } from './reconcile-context.js';
import { httpScaledObjects } from './resources.js';
import { applyScaledObject, deleteOwnedScaledObject, orphanScaledObject } from './scaled-object-writer.js';
import { httpScaledObjectServiceRefs, scaleTargetIssues, serviceIssues } from './spec-checks.js';
import { forgetStatus, writeStatus } from './status-writer.js';

export async function reconcileHttpScaledObject(
  ctx: ReconcileContext,
  namespace: string,
  name: string,
): Promise<void> {
  const cached = ctx.httpScaledObject(namespace, name);
  if (cached === undefined) return forgetStatus(ctx, httpScaledObjects, namespace, name);
  if (cached.metadata?.deletionTimestamp) return finalize(ctx, cached);

  const [finalized, reconciled] = await Promise.allSettled([
    ensureFinalizer(ctx.client, httpScaledObjects, cached),
    reconcileScaledObject(ctx, cached),
  ]);
  if (finalized.status === 'rejected') throw finalized.reason;
  if (reconciled.status === 'rejected') throw reconciled.reason;
  const object = finalized.value;
  if (object === undefined) return;
  const { outcome, error } = reconciled.value;
  await writeStatus(ctx, {
    resource: httpScaledObjects,
    object,
    seenVersions: [cached.metadata?.resourceVersion ?? ''],
    desired: (current) => desiredHttpScaledObjectStatus(current, outcome, ctx.now()),
  });
  if (outcome.type === 'invalid') {
    ctx.log.info(
      { namespace, name, issues: outcome.issues.map((i) => i.message) },
      'HTTPScaledObject is invalid',
    );
  }
  if (error !== undefined) throw error;
}

async function reconcileScaledObject(
  ctx: ReconcileContext,
  object: KubeObject,
): Promise<{ outcome: ReconcileOutcome; error?: Error }> {
  const validated = validateHTTPScaledObject(object);
  if (!validated.ok) return { outcome: { type: 'invalid', issues: validated.issues } };
  const hso = validated.value;
  const skip = isAnnotationTrue(object, ANNOTATION_SKIP_SCALEDOBJECT_CREATION);
  const issues = [
    ...scaleTargetIssues(hso, skip),
    ...serviceIssues(hso.metadata.namespace, httpScaledObjectServiceRefs(hso), ctx.service),
  ];
  if (issues.length > 0) return { outcome: { type: 'invalid', issues } };
  try {
    if (skip) {
      const action = await deleteOwnedScaledObject(ctx, hso);
      logAction(ctx, hso, action);
      return { outcome: { type: 'reconciled', message: SCALED_OBJECT_SKIPPED } };
    }
    const action = await applyScaledObject(ctx, hso);
    logAction(ctx, hso, action);
    return { outcome: { type: 'reconciled', message: ConditionMessage.Reconciled } };
  } catch (error) {
    const detail = ScaledObjectWriteError.is(error) ? error.detail.reason : reasonOf(error);
    return {
      outcome: { type: 'create-error', detail },
      error: error instanceof Error ? error : new Error(detail),
    };
  }
}

function logAction(ctx: ReconcileContext, hso: HTTPScaledObject, action: string): void {
  if (action === 'unchanged' || action === 'absent') return;
  ctx.log.info(
    { namespace: hso.metadata.namespace, name: hso.metadata.name, action },
    'ScaledObject written',
  );
}

async function finalize(ctx: ReconcileContext, object: KubeObject): Promise<void> {
  if (isAnnotationTrue(object, ANNOTATION_ORPHAN_SCALEDOBJECT)) {
    const validated = validateHTTPScaledObject(object);
    // Only the identity is needed to orphan; an object that no longer validates is orphaned all the same.
    const identity = validated.ok
      ? validated.value
      : ({ metadata: object.metadata, spec: {} } as HTTPScaledObject);
    const action = await orphanScaledObject(ctx, identity);
    logAction(ctx, identity, action);
  }
  await removeFinalizer(ctx.client, httpScaledObjects, object);
}

// The status the Deployment and StatefulSet controllers write, computed from the pods they own: replica
// counts, observedGeneration, and a Deployment's Available and Progressing conditions (each keeping its
// lastTransitionTime while its status holds). There are no ReplicaSets: a Deployment owns its pods, and the
// messages name the ReplicaSet a real cluster would have (`<deployment>-<template hash>`).
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';

export interface OwnedPod {
  readonly object: KubeObject;
  readonly name: string;
  readonly revision: string;
  readonly ready: boolean;
  readonly terminating: boolean;
}

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});

export function podIsReady(pod: KubeObject): boolean {
  const conditions = obj(pod['status'])['conditions'];
  return (
    Array.isArray(conditions) &&
    conditions.some((c) => isJsonObject(c) && c['type'] === 'Ready' && c['status'] === 'True')
  );
}

/** `25%` of `total` rounded down (maxUnavailable), or an absolute number. */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+%$/.test(value)) {
    const exact = (Number(value.slice(0, -1)) * total) / 100;
    return roundUp ? Math.ceil(exact) : Math.floor(exact);
  }
  return 0;
}

function condition(
  previous: JsonObject[],
  now: string,
  c: { type: string; ok: boolean; reason: string; message: string },
): JsonObject {
  const status = c.ok ? 'True' : 'False';
  const before = previous.find((p) => p['type'] === c.type);
  const kept = before?.['status'] === status ? before : undefined;
  const transition = typeof kept?.['lastTransitionTime'] === 'string' ? kept['lastTransitionTime'] : now;
  const updated =
    kept?.['reason'] === c.reason && typeof kept['lastUpdateTime'] === 'string'
      ? kept['lastUpdateTime']
      : now;
  return {
    type: c.type,
    status,
    lastUpdateTime: updated,
    lastTransitionTime: transition,
    reason: c.reason,
    message: c.message,
  };
}

export function deploymentStatus(
  deployment: KubeObject,
  pods: readonly OwnedPod[],
  hash: string,
  now: string,
): JsonObject {
  const spec = obj(deployment['spec']);
  const previous = obj(deployment['status']);
  const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const active = pods.filter((p) => !p.terminating);
  const updated = active.filter((p) => p.revision === hash);
  const ready = active.filter((p) => p.ready);
  const maxUnavailable = scaledValue(
    obj(obj(spec['strategy'])['rollingUpdate'])['maxUnavailable'],
    desired,
    false,
  );
  const available = ready.length >= desired - maxUnavailable;
  const complete = updated.length === desired && active.length === desired && ready.length === desired;
  const name = deployment.metadata.name ?? '';
  const rs = `${name}-${hash}`;
  const previousConditions = Array.isArray(previous['conditions'])
    ? previous['conditions'].filter(isJsonObject)
    : [];
  const status: JsonObject = {
    observedGeneration: deployment.metadata.generation ?? 1,
    replicas: active.length,
    updatedReplicas: updated.length,
    readyReplicas: ready.length,
    availableReplicas: ready.length,
    conditions: [
      condition(previousConditions, now, {
        type: 'Available',
        ok: available,
        reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available
          ? 'Deployment has minimum availability.'
          : 'Deployment does not have minimum availability.',
      }),
      condition(previousConditions, now, {
        type: 'Progressing',
        ok: true,
        reason: complete ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
        message: complete
          ? `ReplicaSet "${rs}" has successfully progressed.`
          : `ReplicaSet "${rs}" is progressing.`,
      }),
    ],
  };
  const unavailable = Math.max(0, desired - ready.length);
  if (unavailable > 0) status['unavailableReplicas'] = unavailable;
  // Zero counts are omitted, as the API server's JSON omits them.
  for (const key of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'])
    if (status[key] === 0) delete status[key];
  return status;
}

export function statefulSetStatus(sts: KubeObject, pods: readonly OwnedPod[], revision: string): JsonObject {
  const name = sts.metadata.name ?? '';
  const active = pods.filter((p) => !p.terminating);
  const updated = active.filter((p) => p.revision === revision).length;
  const ready = active.filter((p) => p.ready).length;
  const revisions = new Set(active.map((p) => p.revision));
  const current = revisions.size <= 1 ? revision : ([...revisions].find((r) => r !== revision) ?? revision);
  return {
    observedGeneration: sts.metadata.generation ?? 1,
    replicas: active.length,
    readyReplicas: ready,
    currentReplicas: active.filter((p) => p.revision === current).length,
    updatedReplicas: updated,
    availableReplicas: ready,
    currentRevision: `${name}-${current}`,
    updateRevision: `${name}-${revision}`,
    collisionCount: 0,
  };
}

// "What should exist" for an HTTPScaledObject (DESIGN habit 10): the KEDA ScaledObject SPEC §3 describes,
// and how to lay it over the live object so that a hand edit is reverted while fields other writers own
// (KEDA's finalizer and labels, other ownerReferences) survive. Pure: no I/O, no clock.
import { ANNOTATION_ORPHAN_SCALEDOBJECT, HTTP_SCALED_OBJECT, type HTTPScaledObject } from '@keda-http/api';
import type { KubeObject, OwnerReference } from '@keda-http/k8s';
import { scaledObjects } from './resources.js';

/** The trigger type of KEDA's external push scaler. */
export const EXTERNAL_PUSH_TRIGGER = 'external-push';
/** SPEC §3: KEDA polls the scaler every 15 s; activation is pushed through StreamIsActive meanwhile. */
export const POLLING_INTERVAL_SECONDS = 15;
/** kubectl's own bookkeeping; copying it would make `kubectl apply` of the ScaledObject diff against it. */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ScaledObjectSpec {
  scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
  pollingInterval?: number;
  cooldownPeriod?: number;
  initialCooldownPeriod?: number;
  minReplicaCount?: number;
  maxReplicaCount?: number;
  advanced?: { restoreToOriginalReplicaCount?: boolean; [key: string]: unknown };
  triggers: Array<{ type: string; metadata: Record<string, string>; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface ScaledObject extends KubeObject {
  spec?: ScaledObjectSpec;
}

export interface DesiredScaledObjectOptions {
  /** `<scaler service>.<operator namespace>:<port>`, see scalerAddress(). */
  readonly scalerAddress: string;
}

export const scalerAddress = (service: string, namespace: string, port: number): string =>
  `${service}.${namespace}:${port}`;

export const isAnnotationTrue = (obj: KubeObject, annotation: string): boolean =>
  obj.metadata?.annotations?.[annotation] === 'true';

/** The controller ownerReference an HTTPScaledObject puts on its ScaledObject. */
export function controllerRef(hso: HTTPScaledObject): OwnerReference {
  return {
    apiVersion: HTTP_SCALED_OBJECT.apiVersion,
    kind: HTTP_SCALED_OBJECT.kind,
    name: hso.metadata.name,
    uid: hso.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/**
 * The ScaledObject for a validated HTTPScaledObject whose scaleTargetRef has a name. With the orphan
 * annotation it carries no ownerReference of ours.
 */
export function desiredScaledObject(hso: HTTPScaledObject, opts: DesiredScaledObjectOptions): ScaledObject {
  const { metadata, spec } = hso;
  const ref = spec.scaleTargetRef;
  const annotations = { ...(metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const orphan = metadata.annotations?.[ANNOTATION_ORPHAN_SCALEDOBJECT] === 'true';
  return {
    apiVersion: `${scaledObjects.group}/${scaledObjects.version}`,
    kind: scaledObjects.kind,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      ...(metadata.labels && Object.keys(metadata.labels).length > 0
        ? { labels: { ...metadata.labels } }
        : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ...(orphan ? {} : { ownerReferences: [controllerRef(hso)] }),
    },
    spec: {
      scaleTargetRef: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name ?? '' },
      pollingInterval: POLLING_INTERVAL_SECONDS,
      cooldownPeriod: spec.scaledownPeriod,
      ...(spec.initialCooldownPeriod !== undefined
        ? { initialCooldownPeriod: spec.initialCooldownPeriod }
        : {}),
      ...(spec.replicas?.min !== undefined ? { minReplicaCount: spec.replicas.min } : {}),
      ...(spec.replicas?.max !== undefined ? { maxReplicaCount: spec.replicas.max } : {}),
      advanced: { restoreToOriginalReplicaCount: true },
      triggers: [
        {
          type: EXTERNAL_PUSH_TRIGGER,
          metadata: { scalerAddress: opts.scalerAddress, httpScaledObject: metadata.name },
        },
      ],
    },
  };
}

/**
 * The live ScaledObject with the desired state laid over it: the spec is replaced whole (a hand edit is
 * reverted), desired labels and annotations are set (others are kept), our ownerReference is put in place
 * or removed, and everything else (resourceVersion, finalizers, status) is kept as the server has it.
 * `ownerUid` is the HTTPScaledObject's uid, to recognise our reference. Does not mutate its inputs.
 */
export function mergeScaledObject(live: ScaledObject, desired: ScaledObject, ownerUid: string): ScaledObject {
  const liveMeta = live.metadata ?? {};
  const desiredMeta = desired.metadata ?? {};
  const ours = (desiredMeta.ownerReferences ?? []).find((r) => r.uid === ownerUid);
  const others = (liveMeta.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  const liveOurs = (liveMeta.ownerReferences ?? []).findIndex((r) => r.uid === ownerUid);
  const ownerReferences = [...others];
  if (ours) ownerReferences.splice(liveOurs === -1 ? others.length : liveOurs, 0, ours);
  const metadata: ScaledObject['metadata'] = {
    ...liveMeta,
    labels: { ...(liveMeta.labels ?? {}), ...(desiredMeta.labels ?? {}) },
    annotations: { ...(liveMeta.annotations ?? {}), ...(desiredMeta.annotations ?? {}) },
  };
  if (ownerReferences.length > 0) metadata.ownerReferences = ownerReferences;
  else delete metadata.ownerReferences;
  if (Object.keys(metadata.labels ?? {}).length === 0 && liveMeta.labels === undefined)
    delete metadata.labels;
  if (Object.keys(metadata.annotations ?? {}).length === 0 && liveMeta.annotations === undefined)
    delete metadata.annotations;
  return { ...live, metadata, ...(desired.spec ? { spec: desired.spec } : {}) };
}

/**
 * The controller of a live ScaledObject when it is not the given HTTPScaledObject: we never take over an
 * object another controller owns.
 */
export function foreignController(live: ScaledObject, ownerUid: string): OwnerReference | undefined {
  return live.metadata?.ownerReferences?.find((r) => r.controller === true && r.uid !== ownerUid);
}

/** True when the live ScaledObject carries an ownerReference to the given HTTPScaledObject. */
export function isOwnedBy(live: ScaledObject, ownerUid: string): boolean {
  return (live.metadata?.ownerReferences ?? []).some((r) => r.uid === ownerUid);
}

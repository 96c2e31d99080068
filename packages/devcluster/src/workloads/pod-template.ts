// Pods from a workload's pod template: the template hash (the `pod-template-hash` label of a Deployment's
// pods and the revision of a StatefulSet's), and the Pod object a controller creates, owned by the workload
// through a controller ownerReference so that the garbage collector takes the pods with it.
import { createHash } from 'node:crypto';
import { cloneJson } from '../api/deep-values.js';
import { isJsonObject, type JsonObject, type KubeObject, type OwnerReference } from '../api/types.js';

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A short, label-safe hash of a pod template, stable across key order (like Kubernetes' template hash). */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256').update(canonical(template)).digest();
  const decimal = String(digest.readUInt32BE(0));
  return [...decimal].map((c) => ALPHABET[c.charCodeAt(0) % ALPHABET.length]).join('');
}

export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? 'apps/v1',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The uid of the object's controller (the ownerReference with controller: true), if any. */
export function controllerUid(obj: KubeObject): string | undefined {
  const refs = Array.isArray(obj.metadata.ownerReferences) ? obj.metadata.ownerReferences : [];
  return refs.find((r) => r.controller === true)?.uid;
}

export interface PodFromTemplateOptions {
  readonly owner: KubeObject;
  /** Exactly this name (StatefulSet), or a generateName prefix (Deployment). */
  readonly name?: string;
  readonly generateName?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly extraSpec?: JsonObject;
}

export function podFromTemplate(o: PodFromTemplateOptions): KubeObject {
  const spec = isJsonObject(o.owner['spec']) ? o.owner['spec'] : {};
  const template = isJsonObject(spec['template']) ? cloneJson(spec['template']) : {};
  const meta = isJsonObject(template['metadata']) ? template['metadata'] : {};
  const podSpec = isJsonObject(template['spec']) ? template['spec'] : {};
  const labels = isJsonObject(meta['labels']) ? (meta['labels'] as Record<string, string>) : {};
  const annotations = isJsonObject(meta['annotations'])
    ? (meta['annotations'] as Record<string, string>)
    : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(o.name !== undefined ? { name: o.name } : { generateName: o.generateName ?? '' }),
      namespace: o.owner.metadata.namespace ?? 'default',
      labels: { ...labels, ...o.labels },
      ...(annotations !== undefined ? { annotations } : {}),
      ownerReferences: [controllerRef(o.owner)],
    },
    spec: { ...podSpec, ...o.extraSpec },
  };
}

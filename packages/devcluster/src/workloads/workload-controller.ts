// The Deployment and StatefulSet controllers: keep each workload's pods at spec.replicas and write its status.
// - A Deployment owns its pods directly (no ReplicaSets). Pods are named `<name>-<template hash>-<random>`.
//   A template change rolls them new-before-old: the new revision is created in full at once, and an old pod
//   goes for each new one that is ready. Scale-down removes unready pods first, then the newest.
// - A StatefulSet's pods are `<name>-<ordinal>`. OrderedReady creates them one at a time, each once the one
//   before is ready, and removes them from the highest ordinal, one at a time; Parallel does both at once. A
//   template change replaces pods from the highest ordinal, one at a time, once all are ready.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Controller } from '../controllers/garbage-collector.js';
import { tolerant } from '../controllers/object-refs.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { ApiStatusError } from '../errors.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import { controllerUid, podFromTemplate, templateHash } from './pod-template.js';
import { deploymentStatus, podIsReady, statefulSetStatus, type OwnedPod } from './workload-status.js';

const PODS = { group: '', version: 'v1', resource: 'pods' } as const;
const KINDS = {
  Deployment: { group: 'apps', version: 'v1', resource: 'deployments' },
  StatefulSet: { group: 'apps', version: 'v1', resource: 'statefulsets' },
} as const;
type Kind = keyof typeof KINDS;

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const nowIso = (): string => new Date().toISOString().slice(0, 19) + 'Z';

export function startWorkloadController(store: Store, onError: (err: unknown) => void): Controller {
  const pods = () => store.resource(PODS);
  /** Creation order of the pods we have seen, for "newest first" within one second of creationTimestamp. */
  const seenOrder = new Map<string, number>();
  let order = 0;
  const ownerKind = new Map<string, string>(); // workload uid → queue key

  const orderOf = (pod: KubeObject): number => {
    const uid = pod.metadata.uid ?? '';
    let n = seenOrder.get(uid);
    if (n === undefined) seenOrder.set(uid, (n = ++order));
    return n;
  };

  function owned(workload: KubeObject, revisionLabel: string): OwnedPod[] {
    const uid = workload.metadata.uid;
    return pods()
      .list({ namespace: workload.metadata.namespace ?? '' })
      .items.filter((p) => controllerUid(p) === uid)
      .map((p) => ({
        object: p,
        name: p.metadata.name ?? '',
        revision: p.metadata.labels?.[revisionLabel] ?? '',
        ready: podIsReady(p),
        terminating: p.metadata.deletionTimestamp !== undefined,
      }));
  }

  /** The order in which pods go on scale-down: unscheduled, then unready, then newest first. */
  const deletionRank = (a: OwnedPod, b: OwnedPod): number => {
    const ipA = typeof obj(a.object['status'])['podIP'] === 'string' ? 1 : 0;
    const ipB = typeof obj(b.object['status'])['podIP'] === 'string' ? 1 : 0;
    if (ipA !== ipB) return ipA - ipB;
    if (a.ready !== b.ready) return a.ready ? 1 : -1;
    const ca = a.object.metadata.creationTimestamp ?? '';
    const cb = b.object.metadata.creationTimestamp ?? '';
    if (ca !== cb) return ca < cb ? 1 : -1;
    return orderOf(b.object) - orderOf(a.object);
  };

  const remove = (pod: OwnedPod): void =>
    void tolerant(() =>
      pods().delete(pod.object.metadata.namespace, pod.name, {
        preconditions: { uid: pod.object.metadata.uid ?? '' },
      }),
    );
  const create = (pod: KubeObject): void => {
    try {
      tolerant(() => orderOf(pods().create(pod)));
    } catch (err) {
      // 403: the namespace is being deleted, and the workload with it.
      if (!(err instanceof ApiStatusError && err.httpCode === 403)) throw err;
    }
  };

  function writeStatus(kind: Kind, workload: KubeObject, status: JsonObject): void {
    tolerant(() => store.resource(KINDS[kind]).updateStatus({ ...workload, status }));
  }

  function reconcileDeployment(d: KubeObject): void {
    const spec = obj(d['spec']);
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const hash = templateHash(spec['template']);
    const all = owned(d, 'pod-template-hash');
    const active = all.filter((p) => !p.terminating);
    const current = active.filter((p) => p.revision === hash).sort(deletionRank);
    const old = active.filter((p) => p.revision !== hash).sort(deletionRank);
    for (let i = current.length; i < replicas; i++) {
      create(
        podFromTemplate({
          owner: d,
          generateName: `${d.metadata.name ?? ''}-${hash}-`,
          labels: { 'pod-template-hash': hash },
        }),
      );
    }
    for (const p of current.slice(0, Math.max(0, current.length - replicas))) remove(p);
    const readyNew = current.filter((p) => p.ready).length;
    const keepOld = Math.max(0, Math.min(old.length, replicas - readyNew));
    for (const p of old.slice(0, old.length - keepOld)) remove(p);
    writeStatus('Deployment', d, deploymentStatus(d, owned(d, 'pod-template-hash'), hash, nowIso()));
  }

  function reconcileStatefulSet(s: KubeObject): void {
    const spec = obj(s['spec']);
    const name = s.metadata.name ?? '';
    const replicas = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
    const revision = templateHash(spec['template']);
    const parallel = spec['podManagementPolicy'] === 'Parallel';
    const all = owned(s, 'controller-revision-hash').map((p) => ({
      ...p,
      revision: p.revision.replace(`${name}-`, ''),
    }));
    const byOrdinal = new Map<number, OwnedPod>();
    for (const p of all) {
      const m = /-(\d+)$/.exec(p.name);
      if (m !== null && p.name === `${name}-${m[1]}`) byOrdinal.set(Number(m[1]), p);
    }
    const healthy = (p: OwnedPod | undefined): boolean => p !== undefined && !p.terminating && p.ready;
    const podFor = (i: number): KubeObject =>
      podFromTemplate({
        owner: s,
        name: `${name}-${i}`,
        labels: {
          'controller-revision-hash': `${name}-${revision}`,
          'statefulset.kubernetes.io/pod-name': `${name}-${i}`,
          'apps.kubernetes.io/pod-index': String(i),
        },
        extraSpec: {
          hostname: `${name}-${i}`,
          ...(typeof spec['serviceName'] === 'string' && spec['serviceName'] !== ''
            ? { subdomain: spec['serviceName'] }
            : {}),
        },
      });
    let blocked = false;
    for (let i = 0; i < replicas && !blocked; i++) {
      const p = byOrdinal.get(i);
      if (p === undefined) {
        create(podFor(i));
        blocked = !parallel;
      } else if (!parallel && !healthy(p)) blocked = true;
    }
    const extra = [...byOrdinal.entries()]
      .filter(([i, p]) => i >= replicas && !p.terminating)
      .sort(([a], [b]) => b - a);
    const anyTerminating = all.some((p) => p.terminating);
    if (parallel) for (const [, p] of extra) remove(p);
    else if (!anyTerminating && extra[0] !== undefined) remove(extra[0][1]);
    const strategy = obj(spec['updateStrategy'])['type'];
    if (strategy !== 'OnDelete' && !anyTerminating && extra.length === 0) {
      const inRange = [...byOrdinal.entries()].filter(([i]) => i < replicas);
      if (inRange.length === replicas && inRange.every(([, p]) => healthy(p))) {
        const stale = inRange.filter(([, p]) => p.revision !== revision).sort(([a], [b]) => b - a)[0];
        if (stale !== undefined) remove(stale[1]);
      }
    }
    const now = owned(s, 'controller-revision-hash').map((p) => ({
      ...p,
      revision: p.revision.replace(`${name}-`, ''),
    }));
    writeStatus('StatefulSet', s, statefulSetStatus(s, now, revision));
  }

  function reconcile(key: string): void {
    const [kind, ns = '', name = ''] = key.split('|') as [Kind, string, string];
    const workload = store.resource(KINDS[kind]).get(ns, name);
    if (workload === undefined || workload.metadata.deletionTimestamp !== undefined) return;
    ownerKind.set(workload.metadata.uid ?? '', key);
    if (kind === 'Deployment') reconcileDeployment(workload);
    else reconcileStatefulSet(workload);
  }

  const queue = createWorkQueue(reconcile, onError);
  const keyOf = (kind: Kind, o: KubeObject): string =>
    `${kind}|${o.metadata.namespace ?? ''}|${o.metadata.name ?? ''}`;

  function observe(event: StoreEvent): void {
    if (event.storageKey === 'apps/deployments' || event.storageKey === 'apps/statefulsets') {
      const kind: Kind = event.storageKey === 'apps/deployments' ? 'Deployment' : 'StatefulSet';
      if (event.type === 'DELETED') ownerKind.delete(event.object.metadata.uid ?? '');
      else queue.add(keyOf(kind, event.object));
      return;
    }
    if (event.storageKey !== '/pods') return;
    if (event.type === 'DELETED') seenOrder.delete(event.object.metadata.uid ?? '');
    const owner = controllerUid(event.object);
    const key = owner === undefined ? undefined : ownerKind.get(owner);
    if (key !== undefined) queue.add(key);
  }

  const unsubscribe = store.subscribe(observe);
  for (const kind of Object.keys(KINDS) as Kind[])
    for (const w of store.resource(KINDS[kind]).list().items) queue.add(keyOf(kind, w));

  return {
    idle: () => queue.idle(),
    busy: () => queue.busy(),
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}

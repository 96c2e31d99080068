// The emulated node: a one-node scheduler (binds every unscheduled pod to `devcluster`) and the kubelet
// (runs each bound pod's containers as local processes, writes pod status, and on graceful deletion stops
// the processes before removing the pod with a final grace-0 delete). Driven by store events through a work
// queue, like the other built-in controllers. stop() ends every process it started.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Controller } from '../controllers/garbage-collector.js';
import { tolerant } from '../controllers/object-refs.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import type { Timeline } from '../timeline/event-timeline.js';
import { containerEnv, expandReferences } from './container-env.js';
import type { Prepared } from './container-runner.js';
import { lookupImage, type ImageMap } from './image-map.js';
import type { PodIpPool } from './pod-ip-pool.js';
import type { PodPrograms } from './pod-programs.js';
import { createPodRunner, type PodRunner, type PodRunnerSettings } from './pod-runner.js';
import { NODE_NAME } from './pod-status.js';

export interface KubeletOptions {
  readonly store: Store;
  readonly timeline: Timeline;
  readonly images: ImageMap;
  readonly programs: PodPrograms;
  readonly ipPool: PodIpPool;
  readonly kubeconfigPath: string;
  readonly settings: PodRunnerSettings;
  /** How long stop() lets processes handle SIGTERM before SIGKILL. */
  readonly stopGraceMs: number;
  readonly onError: (err: unknown) => void;
}

export interface Kubelet extends Controller {
  /** The runner of a pod that has processes here (for logs). */
  runner(namespace: string, name: string): PodRunner | undefined;
  /** Every process the kubelet is running now. */
  pids(): number[];
  /** Stops every pod's processes (SIGTERM, SIGKILL after stopGraceMs) and waits until they are gone. */
  shutdown(): Promise<void>;
}

const PODS = { group: '', version: 'v1', resource: 'pods' } as const;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const nowIso = (): string => new Date().toISOString().slice(0, 19) + 'Z';

export function startKubelet(o: KubeletOptions): Kubelet {
  const pods = () => o.store.resource(PODS);
  const runners = new Map<string, PodRunner>(); // uid → runner
  const byName = new Map<string, string>(); // ns/name → uid
  const keyOf = new Map<string, string>(); // uid → ns/name
  let stopping = false;

  function prepare(pod: KubeObject, container: JsonObject, podIp: string): Prepared {
    const image = str(container['image']);
    const found = lookupImage(o.images, image);
    if (found === undefined)
      return { ok: false, reason: 'ErrImagePull', message: `no local command for image ${image}` };
    const command =
      found === 'echo'
        ? {
            command: o.programs.echo,
            args: [] as readonly string[],
            env: {},
            startupDelayMs: 0,
            cwd: process.cwd(),
          }
        : found;
    const env = containerEnv({
      pod,
      container,
      podIp,
      kubeconfigPath: o.kubeconfigPath,
      imageEnv: command.env,
      hostEnv: process.env,
      nodeOptions: o.programs.nodeOptions,
      sources: {
        configMap: (ns, name) => o.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).get(ns, name),
        secret: (ns, name) => o.store.resource({ apiVersion: 'v1', kind: 'Secret' }).get(ns, name),
      },
    });
    if (!env.ok) return { ok: false, reason: 'CreateContainerConfigError', message: env.message };
    const args = Array.isArray(container['args']) ? container['args'].map(String) : command.args;
    return {
      ok: true,
      argv: [...command.command, ...args.map((a) => expandReferences(a, env.env))],
      env: env.env,
      cwd: command.cwd,
      startupDelayMs: command.startupDelayMs,
    };
  }

  function forget(uid: string): void {
    const key = keyOf.get(uid);
    runners.delete(uid);
    keyOf.delete(uid);
    if (key !== undefined && byName.get(key) === uid) byName.delete(key);
  }

  function writeStatus(uid: string): void {
    const runner = runners.get(uid);
    const key = keyOf.get(uid);
    if (runner === undefined || key === undefined) return;
    const [ns = '', name = ''] = key.split('/');
    const pod = pods().get(ns, name);
    if (pod === undefined || pod.metadata.uid !== uid) return;
    const previous = isJsonObject(pod['status']) ? pod['status'] : {};
    tolerant(() => pods().updateStatus({ ...pod, status: runner.status(previous, nowIso()) }));
  }

  function finish(pod: KubeObject, runner: PodRunner | undefined, graceMs: number): void {
    const ns = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const uid = pod.metadata.uid ?? '';
    const done = (): void => {
      forget(uid);
      if (stopping) return;
      tolerant(() => pods().delete(ns, name, { gracePeriodSeconds: 0, preconditions: { uid } }));
      o.timeline.record({ kind: 'pod', pod: `${ns}/${name}`, milestone: 'gone' });
    };
    if (runner === undefined) return done();
    void runner.terminate(graceMs).then(done, o.onError);
  }

  function reconcile(key: string): void {
    const [ns = '', name = ''] = key.split('/');
    const pod = pods().get(ns, name);
    if (pod === undefined || stopping) return;
    const uid = pod.metadata.uid ?? '';
    const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
    const nodeName = str(spec['nodeName']);
    if (nodeName === '' && pod.metadata.deletionTimestamp === undefined) {
      tolerant(() =>
        pods().mutate(ns, name, (d) => void ((d['spec'] as JsonObject)['nodeName'] = NODE_NAME)),
      );
      o.timeline.record({ kind: 'pod', pod: key, milestone: 'scheduled' });
      return;
    }
    if (nodeName !== NODE_NAME) return;
    const runner = runners.get(uid);
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (runner?.terminating === true) return;
      const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
      o.timeline.record({
        kind: 'pod',
        pod: key,
        milestone: 'terminating',
        message: `grace ${graceMs / 1000}s`,
      });
      finish(pod, runner, graceMs);
      return;
    }
    if (runner !== undefined) return;
    const created = createPodRunner({
      pod,
      ipPool: o.ipPool,
      settings: o.settings,
      timeline: o.timeline,
      prepare,
      onStatus: () => statusQueue.add(uid),
      onError: o.onError,
    });
    runners.set(uid, created);
    byName.set(key, uid);
    keyOf.set(uid, key);
    void created.start().catch(o.onError);
  }

  const queue = createWorkQueue(reconcile, o.onError);
  const statusQueue = createWorkQueue(writeStatus, o.onError);

  function observe(event: StoreEvent): void {
    if (event.storageKey !== '/pods') return;
    const pod = event.object;
    const key = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
    if (event.type === 'ADDED') o.timeline.record({ kind: 'pod', pod: key, milestone: 'created' });
    if (event.type !== 'DELETED') return queue.add(key);
    // Gone from the API (a grace-0 delete, or our own final delete): nothing of it may keep running.
    const uid = pod.metadata.uid ?? '';
    const runner = runners.get(uid);
    if (runner !== undefined && !runner.terminating) {
      o.timeline.record({ kind: 'pod', pod: key, milestone: 'killed' });
      forget(uid);
      void runner.terminate(0);
    }
  }

  const unsubscribe = o.store.subscribe(observe);
  for (const pod of pods().list().items)
    queue.add(`${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`);

  // Last resort if the host process exits without stop(): no pod process may outlive devcluster.
  const killAll = (): void => {
    for (const r of runners.values()) void r.terminate(0);
  };
  process.on('exit', killAll);

  return {
    idle: async () => {
      await queue.idle();
      await statusQueue.idle();
    },
    busy: () => queue.busy() || statusQueue.busy(),
    stop() {
      stopping = true;
      unsubscribe();
      queue.stop();
      statusQueue.stop();
    },
    runner(namespace, name) {
      const uid = byName.get(`${namespace}/${name}`);
      return uid === undefined ? undefined : runners.get(uid);
    },
    pids: () => [...runners.values()].flatMap((r) => r.pids()),
    async shutdown() {
      stopping = true;
      unsubscribe();
      queue.stop();
      statusQueue.stop();
      await Promise.all([...runners.values()].map((r) => r.terminate(o.stopGraceMs)));
      runners.clear();
      byName.clear();
      keyOf.clear();
      process.off('exit', killAll);
    },
  };
}

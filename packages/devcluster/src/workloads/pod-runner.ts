// One pod on the emulated node: its IP (from the pool), one runner per container (init containers are not
// run), the status composed from them, and termination (every container stopped, then the IP released).
import { join } from 'node:path';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Timeline } from '../timeline/event-timeline.js';
import { firstContainerPort } from './container-env.js';
import {
  createContainerRunner,
  type ContainerRunner,
  type Prepared,
  type RestartBackoff,
} from './container-runner.js';
import type { PodIpPool } from './pod-ip-pool.js';
import { podStatus } from './pod-status.js';

export interface PodRunnerSettings {
  readonly backoff: RestartBackoff;
  readonly periodCapMs: number;
  readonly logMaxBytes: number;
  readonly logDir: string | undefined;
}

export interface PodRunnerOptions {
  readonly pod: KubeObject;
  readonly ipPool: PodIpPool;
  readonly settings: PodRunnerSettings;
  readonly timeline: Timeline;
  readonly prepare: (pod: KubeObject, container: JsonObject, podIp: string) => Prepared;
  /** Called (coalesced) whenever the pod's status changed. */
  readonly onStatus: () => void;
  readonly onError: (err: unknown) => void;
}

export interface PodRunner {
  readonly uid: string;
  readonly podIp: string | undefined;
  readonly terminating: boolean;
  start(): Promise<void>;
  /** Stops every container (SIGTERM, SIGKILL after `graceMs`) and releases the IP; resolves when done. */
  terminate(graceMs: number): Promise<void>;
  /** The status to write, from the stored one (for condition transition times). */
  status(previous: JsonObject, now: string): JsonObject;
  container(name: string | undefined): ContainerRunner | undefined;
  pids(): number[];
}

const iso = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';

export function createPodRunner(o: PodRunnerOptions): PodRunner {
  const pod = o.pod;
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const spec = isJsonObject(pod['spec']) ? pod['spec'] : {};
  const containers = Array.isArray(spec['containers']) ? spec['containers'].filter(isJsonObject) : [];
  const restartPolicy = typeof spec['restartPolicy'] === 'string' ? spec['restartPolicy'] : 'Always';
  const startTime = iso(new Date());
  const runners: ContainerRunner[] = [];
  let podIp: string | undefined;
  let terminating: Promise<void> | undefined;
  const podKey = `${ns}/${name}`;

  const record = (milestone: Parameters<Timeline['record']>[0] & { kind: 'pod' }): void =>
    void o.timeline.record(milestone);

  function runnerFor(container: JsonObject, ip: string): ContainerRunner {
    const cname = typeof container['name'] === 'string' ? container['name'] : '';
    const teeFile =
      o.settings.logDir === undefined ? undefined : join(o.settings.logDir, `${ns}_${name}_${cname}.log`);
    return createContainerRunner({
      container,
      podRef: `${name}_${ns}(${pod.metadata.uid ?? ''})`,
      podIp: ip,
      restartPolicy,
      backoff: o.settings.backoff,
      periodCapMs: o.settings.periodCapMs,
      logMaxBytes: o.settings.logMaxBytes,
      ...(teeFile !== undefined ? { teeFile } : {}),
      prepare: () => o.prepare(pod, container, ip),
      onChange: o.onStatus,
      onEvent(event) {
        const base = { kind: 'pod', pod: podKey, container: cname } as const;
        switch (event.milestone) {
          case 'started':
            return record({ ...base, milestone: 'started', podIP: ip, message: `pid ${event.pid ?? '?'}` });
          case 'exited':
            return record({
              ...base,
              milestone: 'exited',
              message:
                event.exit.error ??
                `exit code ${event.exit.exitCode}${event.exit.signal ? ` (${event.exit.signal})` : ''}`,
            });
          case 'back-off':
            return record({ ...base, milestone: 'back-off', message: `restart in ${event.delayMs} ms` });
          case 'image-missing':
          case 'config-error':
          case 'killed':
            return record({ ...base, milestone: event.milestone, message: event.message });
          default:
            return record({ ...base, milestone: event.milestone, podIP: ip });
        }
      },
    });
  }

  return {
    uid: pod.metadata.uid ?? '',
    get podIp() {
      return podIp;
    },
    get terminating() {
      return terminating !== undefined;
    },
    async start() {
      const ports = containers.map(firstContainerPort).filter((p): p is number => p !== undefined);
      const ip = await o.ipPool.allocate(ports);
      if (terminating !== undefined) {
        o.ipPool.release(ip);
        return;
      }
      podIp = ip;
      for (const c of containers) runners.push(runnerFor(c, ip));
      o.onStatus();
      for (const r of runners) {
        try {
          r.start();
        } catch (err) {
          o.onError(err);
        }
      }
    },
    terminate(graceMs) {
      terminating ??= (async () => {
        await Promise.all(runners.map((r) => r.terminate(graceMs)));
        if (podIp !== undefined) o.ipPool.release(podIp);
      })();
      if (graceMs <= 0) for (const r of runners) void r.terminate(0);
      return terminating;
    },
    status(previous, now) {
      return podStatus({
        previous,
        podIp,
        startTime: typeof previous['startTime'] === 'string' ? previous['startTime'] : startTime,
        containers: runners.length > 0 ? runners.map((r) => r.status()) : containers.map(waitingStatus),
        now,
      });
    },
    container: (cname) => (cname === undefined ? runners[0] : runners.find((r) => r.name === cname)),
    pids: () => runners.map((r) => r.pid).filter((p): p is number => p !== undefined),
  };
}

function waitingStatus(container: JsonObject): JsonObject {
  return {
    name: container['name'],
    image: container['image'],
    imageID: '',
    ready: false,
    started: false,
    restartCount: 0,
    state: { waiting: { reason: 'ContainerCreating' } },
    lastState: {},
  };
}

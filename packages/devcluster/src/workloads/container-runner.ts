// One container of a running pod, for the pod's whole life: prepare (image → local command, env), wait out
// the image's start-up delay, run the process, probe readiness, restart it with back-off when it ends
// (CrashLoopBackOff), and stop it on termination (SIGTERM to its process group, SIGKILL after the grace
// period). Its state is read back as a Kubernetes ContainerStatus.
import type { JsonObject } from '../api/types.js';
import { startContainerProcess, type ContainerProcess, type ProcessExit } from './container-process.js';
import { createLogBuffer, type LogBuffer } from './log-buffer.js';
import { startReadiness, type Readiness } from './readiness-probe.js';

export type Prepared =
  | {
      readonly ok: true;
      readonly argv: readonly string[];
      readonly env: Readonly<Record<string, string>>;
      readonly cwd: string;
      readonly startupDelayMs: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'ErrImagePull' | 'CreateContainerConfigError';
      readonly message: string;
    };

export interface RestartBackoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export type ContainerEvent =
  | { readonly milestone: 'started'; readonly pid: number | undefined }
  | { readonly milestone: 'ready' | 'unready' }
  | { readonly milestone: 'exited'; readonly exit: ProcessExit }
  | { readonly milestone: 'back-off'; readonly delayMs: number }
  | { readonly milestone: 'killed'; readonly message: string }
  | { readonly milestone: 'image-missing' | 'config-error'; readonly message: string };

export interface ContainerRunnerOptions {
  readonly container: JsonObject;
  /** `<pod>_<namespace>(<uid>)`, for messages. */
  readonly podRef: string;
  readonly podIp: string;
  readonly restartPolicy: string;
  readonly backoff: RestartBackoff;
  readonly periodCapMs: number;
  readonly logMaxBytes: number;
  readonly teeFile?: string;
  /** Resolves the image and env for each (re)start. */
  readonly prepare: () => Prepared;
  /** Anything that changes the container's status. */
  readonly onChange: () => void;
  readonly onEvent: (event: ContainerEvent) => void;
}

export interface ContainerRunner {
  readonly name: string;
  start(): void;
  /** Stops the container for good: SIGTERM, then SIGKILL after `graceMs`. Resolves once it is stopped. */
  terminate(graceMs: number): Promise<void>;
  status(): JsonObject;
  readonly ready: boolean;
  readonly pid: number | undefined;
  /** The current run's output, and the previous run's (for `?previous=true`). */
  logs(previous: boolean): LogBuffer | undefined;
}

const iso = (d: Date): string => d.toISOString().slice(0, 19) + 'Z';

export function createContainerRunner(o: ContainerRunnerOptions): ContainerRunner {
  const name = typeof o.container['name'] === 'string' ? o.container['name'] : '';
  const image = typeof o.container['image'] === 'string' ? o.container['image'] : '';
  let state: JsonObject = { waiting: { reason: 'ContainerCreating' } };
  let lastState: JsonObject = {};
  let restartCount = 0;
  let crashes = 0;
  let started = false;
  let proc: ContainerProcess | undefined;
  let readiness: Readiness | undefined;
  let timer: NodeJS.Timeout | undefined;
  let terminating = false;
  let stopped: (() => void) | undefined;
  let termination: Promise<void> | undefined;
  let log: LogBuffer = createLogBuffer({
    maxBytes: o.logMaxBytes,
    ...(o.teeFile ? { teeFile: o.teeFile } : {}),
  });
  let previousLog: LogBuffer | undefined;

  const change = (next: JsonObject): void => {
    state = next;
    o.onChange();
  };

  function schedule(ms: number, fn: () => void): void {
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, ms);
  }

  function start(): void {
    if (terminating) return;
    const prepared = o.prepare();
    if (!prepared.ok) {
      change({ waiting: { reason: prepared.reason, message: prepared.message } });
      const milestone = prepared.reason === 'ErrImagePull' ? 'image-missing' : 'config-error';
      o.onEvent({ milestone, message: prepared.message });
      // A missing ConfigMap or Secret may appear: retry. The image map does not change while running.
      if (prepared.reason === 'CreateContainerConfigError')
        schedule(Math.max(1000, o.backoff.initialMs), start);
      return;
    }
    if (prepared.startupDelayMs > 0 && !started) {
      schedule(prepared.startupDelayMs, () => run(prepared));
      return;
    }
    run(prepared);
  }

  function run(prepared: Prepared & { ok: true }): void {
    if (terminating) return;
    if (started) {
      previousLog = log;
      log = createLogBuffer({ maxBytes: o.logMaxBytes, ...(o.teeFile ? { teeFile: o.teeFile } : {}) });
      restartCount++;
    }
    const current = startContainerProcess({ argv: prepared.argv, env: prepared.env, cwd: prepared.cwd, log });
    proc = current;
    started = true;
    change({ running: { startedAt: iso(current.startedAt) } });
    o.onEvent({ milestone: 'started', pid: current.pid });
    readiness = startReadiness({
      container: o.container,
      podIp: o.podIp,
      periodCapMs: o.periodCapMs,
      onChange: (ready) => {
        o.onEvent({ milestone: ready ? 'ready' : 'unready' });
        o.onChange();
      },
    });
    void current.exit.then((exit) => ended(current, exit));
  }

  function ended(current: ContainerProcess, exit: ProcessExit): void {
    readiness?.stop();
    readiness = undefined;
    proc = undefined;
    log.end();
    const terminated: JsonObject = {
      exitCode: exit.exitCode,
      reason: exit.error !== undefined ? 'StartError' : exit.exitCode === 0 ? 'Completed' : 'Error',
      startedAt: iso(current.startedAt),
      finishedAt: iso(exit.finishedAt),
      containerID: `devcluster://${current.pid ?? 0}`,
      ...(exit.signal !== undefined ? { signal: Number(exit.exitCode) - 128 } : {}),
      ...(exit.error !== undefined ? { message: exit.error } : {}),
    };
    o.onEvent({ milestone: 'exited', exit });
    if (terminating) {
      change({ terminated });
      stopped?.();
      return;
    }
    lastState = { terminated };
    const restart = o.restartPolicy === 'Always' || (o.restartPolicy === 'OnFailure' && exit.exitCode !== 0);
    if (!restart) {
      change({ terminated });
      return;
    }
    // A container that ran well for a while starts its back-off afresh, as the kubelet's does.
    if (exit.finishedAt.getTime() - current.startedAt.getTime() > 2 * o.backoff.maxMs) crashes = 0;
    const delayMs = Math.min(o.backoff.maxMs, o.backoff.initialMs * 2 ** crashes);
    crashes++;
    change({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: `back-off ${Math.round(delayMs / 1000)}s restarting failed container=${name} pod=${o.podRef}`,
      },
    });
    o.onEvent({ milestone: 'back-off', delayMs });
    schedule(delayMs, start);
  }

  return {
    name,
    start,
    terminate(graceMs) {
      terminating = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const running = proc;
      if (running === undefined || !running.running) {
        if (state['terminated'] === undefined && started)
          change({ terminated: { exitCode: 0, reason: 'Completed' } });
        return Promise.resolve();
      }
      if (graceMs <= 0) running.signal('SIGKILL');
      termination ??= new Promise<void>((resolve) => {
        stopped = resolve;
        running.signal('SIGTERM');
        const kill = setTimeout(() => {
          o.onEvent({
            milestone: 'killed',
            message: `still running after the ${graceMs / 1000}s grace period: SIGKILL`,
          });
          running.signal('SIGKILL');
        }, graceMs);
        void running.exit.then(() => clearTimeout(kill));
      });
      return termination;
    },
    status() {
      const ready = readiness?.ready === true && proc !== undefined;
      return {
        name,
        image,
        imageID: image === '' ? '' : `devcluster://${image}`,
        ...(proc?.pid !== undefined ? { containerID: `devcluster://${proc.pid}` } : {}),
        ready,
        started: proc !== undefined,
        restartCount,
        state,
        lastState,
      };
    },
    get ready() {
      return readiness?.ready === true && proc !== undefined;
    },
    get pid() {
      return proc?.pid;
    },
    logs: (previous) => (previous ? previousLog : log),
  };
}

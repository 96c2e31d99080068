// Leader election on a coordination.k8s.io/v1 Lease, with the semantics of client-go's leaderelection: a
// candidate takes the Lease when it is free or its holder has not renewed within leaseDuration (measured on
// our own clock from when we last saw the record change, so clock skew between nodes does not matter); the
// leader renews every retryPeriod and steps down if it cannot renew within renewDeadline; on shutdown it
// releases the Lease so that another replica takes over at once.
import { isConflict, isAlreadyExists } from './errors.js';
import { builtinResources } from './resources.js';
import type { KubeClient, KubeObject } from './rest-client.js';

interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number | null;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number | null;
  };
}

export type LeaderEvent =
  | { readonly type: 'started-leading' }
  | { readonly type: 'stopped-leading'; readonly reason: string }
  | { readonly type: 'leader-observed'; readonly identity: string }
  | { readonly type: 'error'; readonly error: unknown };

export interface LeaderElectionOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  readonly name: string;
  /** This replica's identity, usually the pod name. */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly onEvent?: (event: LeaderEvent) => void;
  /** Injected clock; default Date.now. */
  readonly now?: () => number;
}

export interface LeaderElector {
  isLeader(): boolean;
  /** The identity of the current leader as last observed, if any. */
  leader(): string | undefined;
  /** Campaigns, leads and re-campaigns until the signal aborts; then releases the Lease if held. */
  run(signal: AbortSignal): Promise<void>;
}

const microTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

export function createLeaderElector(opts: LeaderElectionOptions): LeaderElector {
  const leaseDurationMs = opts.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = opts.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = opts.retryPeriodMs ?? 2_000;
  const now = opts.now ?? Date.now;
  const rt = builtinResources.leases;
  let leading = false;
  let observedLeader: string | undefined;
  let observedRecord = '';
  let observedAt = 0;

  const emit = (e: LeaderEvent): void => opts.onEvent?.(e);

  /** One attempt to acquire or renew; true when we hold the Lease afterwards. */
  async function tryAcquireOrRenew(): Promise<boolean> {
    const t = now();
    const durationSeconds = Math.ceil(leaseDurationMs / 1000);
    const existing = await opts.client.get<Lease>(rt, opts.name, opts.namespace);
    if (!existing) {
      const lease: Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: opts.name, namespace: opts.namespace },
        spec: {
          holderIdentity: opts.identity,
          leaseDurationSeconds: durationSeconds,
          acquireTime: microTime(t),
          renewTime: microTime(t),
          leaseTransitions: 0,
        },
      };
      try {
        await opts.client.create(rt, lease);
      } catch (err) {
        if (isAlreadyExists(err) || isConflict(err)) return false;
        throw err;
      }
      observe(opts.identity, JSON.stringify(lease.spec), t);
      return true;
    }
    const spec = existing.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    observe(holder, JSON.stringify(spec), t);
    const theirDurationMs = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (holder !== '' && holder !== opts.identity && observedAt + theirDurationMs > t) return false;
    const transition = holder !== opts.identity;
    const updated: Lease = {
      ...existing,
      spec: {
        ...spec,
        holderIdentity: opts.identity,
        leaseDurationSeconds: durationSeconds,
        acquireTime: transition ? microTime(t) : (spec.acquireTime ?? microTime(t)),
        renewTime: microTime(t),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (transition && holder !== '' ? 1 : 0),
      },
    };
    try {
      await opts.client.replace(rt, updated);
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    observe(opts.identity, JSON.stringify(updated.spec), t);
    return true;
  }

  function observe(holder: string, record: string, t: number): void {
    if (record !== observedRecord) {
      observedRecord = record;
      observedAt = t;
    }
    if (holder !== observedLeader) {
      observedLeader = holder || undefined;
      if (holder) emit({ type: 'leader-observed', identity: holder });
    }
  }

  async function attempt(): Promise<boolean> {
    try {
      return await tryAcquireOrRenew();
    } catch (error) {
      emit({ type: 'error', error });
      return false;
    }
  }

  async function release(): Promise<void> {
    try {
      const existing = await opts.client.get<Lease>(rt, opts.name, opts.namespace);
      if (existing?.spec?.holderIdentity !== opts.identity) return;
      await opts.client.replace(rt, {
        ...existing,
        spec: { ...existing.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(now()) },
      });
    } catch (error) {
      emit({ type: 'error', error });
    }
  }

  return {
    isLeader: () => leading,
    leader: () => observedLeader,
    async run(signal) {
      while (!signal.aborted) {
        if (!(await attempt())) {
          await sleep(retryPeriodMs, signal);
          continue;
        }
        leading = true;
        emit({ type: 'started-leading' });
        let lastRenew = now();
        while (!signal.aborted) {
          await sleep(retryPeriodMs, signal);
          if (signal.aborted) break;
          if (await attempt()) lastRenew = now();
          else if (now() - lastRenew >= renewDeadlineMs || observedLeader !== opts.identity) break;
        }
        leading = false;
        if (signal.aborted) {
          await release();
          emit({ type: 'stopped-leading', reason: 'shutting down' });
          return;
        }
        emit({ type: 'stopped-leading', reason: 'lost the lease' });
      }
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

// The scaler's half of activation push (docs/architecture.md, "Activation push"): besides the regular poll, one
// long-poll per ready interceptor pod, GET /queue?watch=<epoch>&timeoutSeconds=<s>. The interceptor answers it
// as soon as its epoch moves (some key's Concurrency left 0), so the scaler learns of a route's first request
// within milliseconds instead of up to a tick later. The first epoch comes from the pod's regular poll answer;
// a pod whose answers carry no epoch does not support the watch and is left to the regular poll. A server that
// answers a watch at once with an unchanged epoch (it ignores `watch`) is asked again only after a retry delay.
//
// Every answer is the pod's whole /queue body, and an interceptor moves its epoch on every 0 → 1 of any route,
// so a pod whose routes keep going idle and busy (many routes with sparse traffic) would answer as fast as the
// scaler can ask. The sign of it is an answer that comes back at once: the epoch moved again while the last
// answer was being read. Such answers spend a token from the pod's bucket: `burst` of them back to back, then
// one per `refillMs`, and the answer that comes then carries every move since the last. A watch that was held
// for `quietMs` or more is answered by a fresh activation after a quiet spell, which costs no token and is
// reported at once however many came before, so cold starts one after another are never held back, while a
// churning pod's activation answers cost no more than its regular polls.
import { setTimeout as delay } from 'node:timers/promises';
import type { PodCounts } from '@keda-http/queue';
import type { QueueClient } from './queue-client.js';

export type ActivationWatchEvent =
  | { readonly type: 'started'; readonly address: string; readonly epoch: string }
  | { readonly type: 'activation'; readonly address: string; readonly epoch: string }
  | { readonly type: 'error'; readonly address: string; readonly error: string }
  | { readonly type: 'unsupported'; readonly address: string };

export interface ActivationWatchOptions {
  readonly client: QueueClient;
  /** How long the interceptor may hold a watch; sent as timeoutSeconds. */
  readonly timeoutSeconds: number;
  /** Pause after a failed watch, or after a watch answered at once with the same epoch. */
  readonly retryMs: number;
  /** Activation answers a pod may give back to back (the bucket's size). */
  readonly burst: number;
  /** Then one answer per this many ms (the bucket's refill). */
  readonly refillMs: number;
  /** An answer to a watch held at least this long spends no token. */
  readonly quietMs: number;
  /** A monotonic clock in ms. */
  readonly now: () => number;
  /** The pod's epoch moved: its counts as of that moment. */
  readonly onActivation: (address: string, counts: PodCounts) => void;
  readonly onEvent?: (event: ActivationWatchEvent) => void;
}

export interface ActivationWatch {
  /** A regular poll of `address` answered with `epoch`: starts watching the pod if it is not watched yet. */
  observe(address: string, epoch: string | undefined): void;
  /** Stops watching pods that are not in `addresses`. */
  retain(addresses: ReadonlySet<string>): void;
  /** Pods being watched now. */
  size(): number;
  stop(): Promise<void>;
}

interface Watcher {
  readonly abort: AbortController;
  done: Promise<void>;
  unsupported: boolean;
}

/** Extra time a watch may take beyond timeoutSeconds before it counts as failed. */
const GRACE_MS = 5_000;

export function createActivationWatch(options: ActivationWatchOptions): ActivationWatch {
  const { client, timeoutSeconds, retryMs, burst, refillMs, quietMs, now } = options;
  const watchers = new Map<string, Watcher>();
  let stopped = false;
  const emit = (event: ActivationWatchEvent): void => options.onEvent?.(event);

  const run = async (address: string, first: string, w: Watcher): Promise<void> => {
    const { signal } = w.abort;
    let epoch = first;
    let tokens = burst;
    let filledAt = now();
    const refill = (): void => {
      const t = now();
      tokens = Math.min(burst, tokens + (t - filledAt) / refillMs);
      filledAt = t;
    };
    emit({ type: 'started', address, epoch });
    while (!signal.aborted) {
      refill();
      if (tokens < 1) {
        await delay((1 - tokens) * refillMs, undefined, { signal }).catch(() => undefined);
        if (signal.aborted) return;
        refill();
      }
      const started = now();
      let answer;
      try {
        answer = await client.fetch(address, {
          timeoutMs: timeoutSeconds * 1000 + GRACE_MS,
          signal,
          watch: { epoch, timeoutSeconds },
        });
      } catch (err) {
        if (signal.aborted) return;
        emit({ type: 'error', address, error: err instanceof Error ? err.message : String(err) });
        await delay(retryMs, undefined, { signal }).catch(() => undefined);
        continue;
      }
      if (signal.aborted) return;
      if (answer.epoch === undefined) {
        w.unsupported = true;
        emit({ type: 'unsupported', address });
        return;
      }
      if (answer.epoch !== epoch) {
        if (now() - started < quietMs) tokens -= 1;
        epoch = answer.epoch;
        emit({ type: 'activation', address, epoch });
        try {
          options.onActivation(address, answer.counts);
        } catch (err) {
          emit({ type: 'error', address, error: err instanceof Error ? err.message : String(err) });
        }
      } else if (now() - started < (timeoutSeconds * 1000) / 2) {
        await delay(retryMs, undefined, { signal }).catch(() => undefined);
      }
    }
  };

  const stopOne = (address: string): Promise<void> => {
    const w = watchers.get(address);
    if (w === undefined) return Promise.resolve();
    watchers.delete(address);
    w.abort.abort();
    return w.done;
  };

  return {
    observe(address, epoch) {
      if (stopped || epoch === undefined || watchers.has(address)) return;
      const w: Watcher = { abort: new AbortController(), done: Promise.resolve(), unsupported: false };
      watchers.set(address, w);
      w.done = run(address, epoch, w).catch((err: unknown) =>
        emit({ type: 'error', address, error: err instanceof Error ? err.message : String(err) }),
      );
    },
    retain(addresses) {
      for (const address of [...watchers.keys()]) if (!addresses.has(address)) void stopOne(address);
    },
    size: () => [...watchers.values()].filter((w) => !w.unsupported).length,
    async stop() {
      stopped = true;
      await Promise.all([...watchers.keys()].map(stopOne));
    },
  };
}

// The activation epoch behind `/queue?watch=` (docs/architecture.md, "Activation push"): a number that goes up
// whenever any route's Concurrency goes from 0 to at least 1, so a scaler long-polling /queue learns within
// milliseconds that an idle route got its first request. It wraps the counter's tracker: the check costs one
// read of the key's count after the increment, and waking long-polls happens only on an actual 0 → 1.
import type { Counter, CountTracker } from '@keda-http/queue';

export interface ActivityEpoch {
  /** The counter's tracker, bumping the epoch on every 0 → 1. Use it in the counting step. */
  readonly tracker: CountTracker;
  current(): number;
  /**
   * Resolves with the current epoch as soon as it differs from `seen` (at once if it already does), or when
   * `timeoutMs` passes or `signal` aborts, whichever is first. Never rejects.
   */
  changed(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<number>;
  /** Answers every waiting watcher now (at shutdown, so the admin server can close). */
  releaseWatchers(): void;
}

export function createActivityEpoch(counter: Counter): ActivityEpoch {
  let epoch = 0;
  const waiters = new Set<() => void>();

  const wakeAll = (): void => {
    if (waiters.size === 0) return;
    const woken = [...waiters];
    waiters.clear();
    for (const wake of woken) wake();
  };
  const bump = (): void => {
    epoch++;
    wakeAll();
  };

  return {
    tracker: {
      increase(key) {
        counter.increase(key);
        if (counter.get(key)?.Concurrency === 1) bump();
      },
      decrease: (key) => counter.decrease(key),
    },
    current: () => epoch,
    releaseWatchers: wakeAll,
    changed(seen, timeoutMs, signal) {
      if (epoch !== seen || signal?.aborted === true) return Promise.resolve(epoch);
      return new Promise<number>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(done);
          signal?.removeEventListener('abort', done);
          resolve(epoch);
        };
        const timer = setTimeout(done, timeoutMs);
        waiters.add(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    },
  };
}

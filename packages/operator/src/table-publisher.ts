// The routing table this replica serves: an immutable snapshot (table, version, the JSON body already
// serialised, its ETag) swapped whole when the version changes (DESIGN habit 4), and the long-poll waiters
// that are woken by the swap itself, never by polling (habit 7).
import type { TableSnapshot } from './table-snapshot.js';

export type { TableSnapshot } from './table-snapshot.js';

export interface TablePublisher {
  current(): TableSnapshot | undefined;
  /** Swaps in the snapshot when its version differs from the current one; returns it when swapped. */
  publish(snapshot: TableSnapshot): TableSnapshot | undefined;
  /**
   * Resolves with the current snapshot as soon as its version differs from `version` (at once when it
   * already does; with no table yet, at the first publish). Resolves undefined when `timeoutMs` passes, the
   * signal aborts, or the publisher closes, whichever comes first.
   */
  waitForChange(version: string, timeoutMs: number, signal?: AbortSignal): Promise<TableSnapshot | undefined>;
  /** Called after every swap; returns the unsubscribe function. */
  subscribe(listener: (snapshot: TableSnapshot) => void): () => void;
  /** Long-polls currently held. */
  waiting(): number;
  /** Releases every waiter (with undefined) and answers later waits at once. */
  close(): void;
}

export function createTablePublisher(): TablePublisher {
  let snapshot: TableSnapshot | undefined;
  let closed = false;
  const waiters = new Set<(s: TableSnapshot | undefined) => void>();
  const listeners = new Set<(s: TableSnapshot) => void>();

  return {
    current: () => snapshot,
    publish(next) {
      if (snapshot?.version === next.version) return undefined;
      snapshot = next;
      const woken = [...waiters];
      waiters.clear();
      for (const w of woken) w(next);
      for (const l of listeners) l(next);
      return next;
    },
    waitForChange(version, timeoutMs, signal) {
      if (snapshot !== undefined && snapshot.version !== version) return Promise.resolve(snapshot);
      if (closed || signal?.aborted || timeoutMs <= 0) return Promise.resolve(undefined);
      return new Promise((resolve) => {
        const done = (s: TableSnapshot | undefined): void => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          waiters.delete(done);
          resolve(s);
        };
        const onAbort = (): void => done(undefined);
        const timer = setTimeout(() => done(undefined), timeoutMs);
        waiters.add(done);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waiting: () => waiters.size,
    close() {
      closed = true;
      const woken = [...waiters];
      waiters.clear();
      for (const w of woken) w(undefined);
    },
  };
}

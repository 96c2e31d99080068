// A de-duplicating work queue for the built-in controllers: keys added while a key waits are merged, and
// work runs on a later turn of the event loop (so controllers act "in the background", after the write
// that triggered them has returned to its client).

export interface WorkQueue {
  add(key: string): void;
  /** Resolves once the queue is empty (for tests and orderly shutdown). */
  idle(): Promise<void>;
  /** True while work waits or runs. */
  busy(): boolean;
  stop(): void;
}

export function createWorkQueue(process: (key: string) => void, onError: (err: unknown) => void): WorkQueue {
  const waiting = new Set<string>();
  let scheduled: NodeJS.Immediate | undefined;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  function run(): void {
    scheduled = undefined;
    const keys = [...waiting];
    waiting.clear();
    for (const key of keys) {
      if (stopped) return;
      try {
        process(key);
      } catch (err) {
        onError(err);
      }
    }
    if (waiting.size > 0) schedule();
    else {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }
  function schedule(): void {
    if (scheduled === undefined && !stopped) scheduled = setImmediate(run);
  }
  return {
    add(key) {
      if (stopped) return;
      waiting.add(key);
      schedule();
    },
    busy: () => waiting.size > 0 || scheduled !== undefined,
    idle() {
      if (waiting.size === 0 && scheduled === undefined) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stop() {
      stopped = true;
      if (scheduled !== undefined) clearImmediate(scheduled);
      waiting.clear();
      for (const w of idleWaiters) w();
      idleWaiters = [];
    },
  };
}

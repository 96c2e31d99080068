// A reconcile queue in the manner of client-go's workqueue: keys are deduplicated while they wait, a key is
// never processed by two workers at once (a key added while it is being processed runs again afterwards),
// and a failed key is requeued with per-key exponential back-off, forgotten on success.
import { createBackoff, type Backoff, type BackoffOptions } from './backoff.js';

export type WorkQueueEvent =
  | { readonly type: 'done'; readonly key: string; readonly durationMs: number }
  | {
      readonly type: 'failed';
      readonly key: string;
      readonly error: unknown;
      readonly retryInMs: number;
      readonly durationMs: number;
    };

export interface WorkQueueOptions {
  readonly handler: (key: string) => Promise<void>;
  /** Keys processed at the same time (never the same key twice); default 4. */
  readonly concurrency?: number;
  readonly backoff?: BackoffOptions;
  readonly onEvent?: (event: WorkQueueEvent) => void;
  /** Injected clock for durations; default performance.now. */
  readonly now?: () => number;
}

export interface WorkQueue {
  add(key: string): void;
  /** Adds the key after a delay (e.g. a periodic resync); a sooner add wins. */
  addAfter(key: string, delayMs: number): void;
  /** Resolves when nothing is queued, delayed or processing. */
  idle(): Promise<void>;
  /** Stops taking work; resolves when the keys in progress are done. */
  shutdown(): Promise<void>;
  readonly length: number;
}

export function createWorkQueue(opts: WorkQueueOptions): WorkQueue {
  const concurrency = opts.concurrency ?? 4;
  const now = opts.now ?? (() => performance.now());
  const queue: string[] = [];
  const queued = new Set<string>();
  const processing = new Set<string>();
  const dirty = new Set<string>();
  const delayed = new Map<string, NodeJS.Timeout>();
  const backoffs = new Map<string, Backoff>();
  const idleWaiters = new Set<() => void>();
  let closed = false;

  const isIdle = (): boolean => queue.length === 0 && processing.size === 0 && delayed.size === 0;
  const checkIdle = (): void => {
    if (!isIdle()) return;
    for (const w of idleWaiters) w();
    idleWaiters.clear();
  };

  function add(key: string): void {
    if (closed) return;
    const timer = delayed.get(key);
    if (timer) {
      clearTimeout(timer);
      delayed.delete(key);
    }
    if (processing.has(key)) {
      dirty.add(key);
      return;
    }
    if (queued.has(key)) return;
    queued.add(key);
    queue.push(key);
    pump();
  }

  function addAfter(key: string, delayMs: number): void {
    if (closed || queued.has(key) || delayed.has(key)) return;
    delayed.set(
      key,
      setTimeout(() => {
        delayed.delete(key);
        add(key);
      }, delayMs),
    );
  }

  function pump(): void {
    while (processing.size < concurrency && queue.length > 0) {
      const key = queue.shift() as string;
      queued.delete(key);
      processing.add(key);
      void run(key);
    }
  }

  async function run(key: string): Promise<void> {
    const started = now();
    try {
      await opts.handler(key);
      backoffs.delete(key);
      opts.onEvent?.({ type: 'done', key, durationMs: now() - started });
    } catch (error) {
      let b = backoffs.get(key);
      if (!b) backoffs.set(key, (b = createBackoff(opts.backoff)));
      const retryInMs = b.next();
      opts.onEvent?.({ type: 'failed', key, error, retryInMs, durationMs: now() - started });
      processing.delete(key);
      if (!dirty.delete(key)) addAfter(key, retryInMs);
      else add(key);
      pump();
      checkIdle();
      return;
    }
    processing.delete(key);
    if (dirty.delete(key)) add(key);
    pump();
    checkIdle();
  }

  return {
    add,
    addAfter,
    idle: () => (isIdle() ? Promise.resolve() : new Promise((resolve) => idleWaiters.add(resolve))),
    async shutdown() {
      closed = true;
      queue.length = 0;
      queued.clear();
      for (const t of delayed.values()) clearTimeout(t);
      delayed.clear();
      if (processing.size > 0) await new Promise<void>((resolve) => idleWaiters.add(resolve));
    },
    get length() {
      return queue.length + delayed.size;
    },
  };
}

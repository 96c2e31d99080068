// Objects this operator has just written, kept until its informer delivers them: a controller's informer lags
// behind its own writes, and reconciles that run in that gap (caused by other watch events) would otherwise
// act on the stale copy and repeat the write. An entry is dropped on the informer's next event for the object
// or when it is older than `ttlMs`, whichever comes first, so a lost race never pins a wrong belief for long.

export interface RecentWrites<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** Called on every informer event for the object. */
  delete(key: string): void;
  readonly size: number;
}

export function createRecentWrites<T>(opts: { ttlMs?: number; now?: () => number } = {}): RecentWrites<T> {
  const ttlMs = opts.ttlMs ?? 10_000;
  const now = opts.now ?? (() => performance.now());
  const entries = new Map<string, { value: T; at: number }>();
  return {
    get(key) {
      const e = entries.get(key);
      if (e === undefined) return undefined;
      if (now() - e.at > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return e.value;
    },
    set(key, value) {
      entries.set(key, { value, at: now() });
    },
    delete(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

// The in-memory pending-request counter (SPEC §4 Counting). Keys are `namespace/name`. Each key holds the
// requests in flight (`Concurrency`, never below 0) and a monotonic `RequestCount` of every request counted.
//
// This is on the interceptor's hot path (called per request at >10k req/s), so each key is one small mutable
// record in a Map: increase/decrease allocate nothing once the key exists. Readers get copies.
//
// Consumers declare the narrow interface they need (DESIGN habit 5): the /queue route takes a CountReader,
// the proxy's counting step takes a CountTracker, only the table follower needs the whole Counter.

/** One key's counts, as the /queue endpoint reports them. */
export interface CountRecord {
  Concurrency: number;
  RequestCount: number;
}

/** A snapshot: `{"ns/name": {Concurrency, RequestCount}}`. */
export type QueueCounts = Record<string, CountRecord>;

/** Read-only view of a counter. */
export interface CountReader {
  /** A fresh copy of every key's counts, safe to keep and to serialise. */
  snapshot(): QueueCounts;
  /** A copy of one key's counts, or undefined when the key does not exist. */
  get(key: string): CountRecord | undefined;
}

/** What a request-handling step needs: one up, one down. */
export interface CountTracker {
  /** Concurrency +1 and RequestCount +1. Creates the key when it is missing. */
  increase(key: string): void;
  /** Concurrency −1, clamped at 0. A missing key is left missing (its route was removed meanwhile). */
  decrease(key: string): void;
}

export interface Counter extends CountReader, CountTracker {
  /** Makes sure the key exists (with zeros when new); an existing key keeps its counts. */
  ensureKey(key: string): void;
  /** Removes the key and its counts; true when it existed. */
  removeKey(key: string): boolean;
  /**
   * Makes the key set exactly `keys`: ensures each of them and removes every other key. Call it with the
   * routing table's keys on every table change; it also removes a key that a late request re-created after
   * its route was gone.
   */
  syncKeys(keys: Iterable<string>): void;
}

export function createCounter(): Counter {
  const records = new Map<string, CountRecord>();

  const ensureKey = (key: string): void => {
    if (!records.has(key)) records.set(key, { Concurrency: 0, RequestCount: 0 });
  };

  return {
    increase(key) {
      const r = records.get(key);
      if (r === undefined) {
        records.set(key, { Concurrency: 1, RequestCount: 1 });
        return;
      }
      r.Concurrency += 1;
      r.RequestCount += 1;
    },
    decrease(key) {
      const r = records.get(key);
      if (r !== undefined && r.Concurrency > 0) r.Concurrency -= 1;
    },
    ensureKey,
    removeKey: (key) => records.delete(key),
    syncKeys(keys) {
      const wanted = new Set(keys);
      for (const key of records.keys()) if (!wanted.has(key)) records.delete(key);
      for (const key of wanted) ensureKey(key);
    },
    snapshot() {
      // A null-prototype object: a key is data, never a property lookup (no "__proto__" surprises).
      const out = Object.create(null) as QueueCounts;
      for (const [key, r] of records) out[key] = { Concurrency: r.Concurrency, RequestCount: r.RequestCount };
      return out;
    },
    get(key) {
      const r = records.get(key);
      return r === undefined ? undefined : { Concurrency: r.Concurrency, RequestCount: r.RequestCount };
    },
  };
}

/**
 * Holds one unit of concurrency on `key` for exactly as long as `fn` runs (DESIGN habit 6): increase now,
 * decrease in `finally`, whatever the outcome. Returns (or rethrows) what `fn` does.
 */
export async function track<T>(counter: CountTracker, key: string, fn: () => T | Promise<T>): Promise<T> {
  counter.increase(key);
  try {
    return await fn();
  } finally {
    counter.decrease(key);
  }
}

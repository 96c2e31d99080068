// The stored objects of every resource, each kept frozen together with its serialised JSON, so that reads
// share them and a list of thousands of objects is a string join rather than a re-serialisation.
import type { KubeObject } from '../api/types.js';

export interface Entry {
  /** Frozen; never mutated. */
  readonly object: KubeObject;
  readonly json: string;
  /** `json` encoded as UTF-8, what responses are assembled from. */
  readonly bytes: Buffer;
}

/** The entry of a frozen object: its JSON, serialised and encoded once. */
export function entryOf(object: KubeObject): Entry {
  const json = JSON.stringify(object);
  return { object, json, bytes: Buffer.from(json, 'utf8') };
}

export interface Bucket {
  get(namespace: string, name: string): Entry | undefined;
  set(namespace: string, name: string, entry: Entry): void;
  delete(namespace: string, name: string): boolean;
  /** Entries sorted by namespace then name (the order etcd lists them in), optionally in one namespace. */
  list(namespace?: string): Entry[];
  readonly size: number;
  /** Number of objects in one namespace. */
  countIn(namespace: string): number;
}

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

export function createBucket(): Bucket {
  const entries = new Map<string, Entry>();
  let sorted: string[] | undefined;
  const perNamespace = new Map<string, number>();

  function order(): string[] {
    if (sorted === undefined) sorted = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return sorted;
  }

  return {
    get: (namespace, name) => entries.get(keyOf(namespace, name)),
    set(namespace, name, entry) {
      const key = keyOf(namespace, name);
      if (!entries.has(key)) {
        sorted = undefined;
        perNamespace.set(namespace, (perNamespace.get(namespace) ?? 0) + 1);
      }
      entries.set(key, entry);
    },
    delete(namespace, name) {
      const removed = entries.delete(keyOf(namespace, name));
      if (removed) {
        sorted = undefined;
        const n = (perNamespace.get(namespace) ?? 1) - 1;
        if (n === 0) perNamespace.delete(namespace);
        else perNamespace.set(namespace, n);
      }
      return removed;
    },
    list(namespace) {
      const out: Entry[] = [];
      const keys = order();
      if (namespace === undefined) {
        for (const k of keys) out.push(entries.get(k) as Entry);
        return out;
      }
      if (!perNamespace.has(namespace)) return out;
      const prefix = `${namespace}\u0000`;
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((keys[mid] as string) < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < keys.length && (keys[i] as string).startsWith(prefix); i++)
        out.push(entries.get(keys[i] as string) as Entry);
      return out;
    },
    get size() {
      return entries.size;
    },
    countIn: (namespace) => perNamespace.get(namespace) ?? 0,
  };
}

/** All buckets, by storage key (`<group>/<resource>`). */
export interface ObjectTable {
  bucket(storageKey: string): Bucket;
  keys(): string[];
  drop(storageKey: string): void;
}

export function createObjectTable(): ObjectTable {
  const buckets = new Map<string, Bucket>();
  return {
    bucket(storageKey) {
      let b = buckets.get(storageKey);
      if (b === undefined) {
        b = createBucket();
        buckets.set(storageKey, b);
      }
      return b;
    },
    keys: () => [...buckets.keys()],
    drop: (storageKey) => void buckets.delete(storageKey),
  };
}

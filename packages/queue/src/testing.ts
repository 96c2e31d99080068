// Fakes for other packages' tests (DESIGN habit 13): import from '@keda-http/queue/testing'.
import type { CountReader, CountRecord, QueueCounts } from './counter.js';

/** A CountReader whose counts a test sets directly. */
export interface FakeCountReader extends CountReader {
  /** Sets (or adds) one key's counts. */
  set(key: string, record: CountRecord): void;
  /** Replaces every key's counts. */
  replace(counts: QueueCounts): void;
  /** Removes a key. */
  remove(key: string): void;
}

export function createFakeCountReader(initial: QueueCounts = {}): FakeCountReader {
  const counts = new Map<string, CountRecord>();
  const replace = (next: QueueCounts): void => {
    counts.clear();
    for (const [key, r] of Object.entries(next)) counts.set(key, { ...r });
  };
  replace(initial);
  return {
    snapshot() {
      const out = Object.create(null) as QueueCounts;
      for (const [key, r] of counts) out[key] = { ...r };
      return out;
    },
    get: (key) => {
      const r = counts.get(key);
      return r === undefined ? undefined : { ...r };
    },
    set: (key, record) => void counts.set(key, { ...record }),
    replace,
    remove: (key) => void counts.delete(key),
  };
}

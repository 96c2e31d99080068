// A bounded, ordered history of store events, from which watches resume. Every write bumps the global
// resourceVersion by one and records one event, so the retained window is contiguous: a watch from N can be
// served iff every event after N is still here.
import type { StoreEvent } from './store-event.js';

export interface EventHistory {
  push(event: StoreEvent): void;
  /** Events with rv > `rv`, oldest first, or 'expired' if some of them were already dropped. */
  since(rv: number): StoreEvent[] | 'expired';
  /** Forgets everything up to `rv` (as an etcd compaction would); later watches from before it get 410. */
  compactTo(rv: number): void;
  /** The lowest rv a watch may start from. */
  readonly floor: number;
}

export function createEventHistory(capacity: number, initialRv: number): EventHistory {
  const ring: (StoreEvent | undefined)[] = new Array<StoreEvent | undefined>(capacity);
  let start = 0;
  let count = 0;
  let floor = initialRv;

  const at = (i: number): StoreEvent => ring[(start + i) % capacity] as StoreEvent;

  return {
    push(event) {
      if (count === capacity) {
        floor = at(0).rv;
        ring[start] = event;
        start = (start + 1) % capacity;
      } else {
        ring[(start + count) % capacity] = event;
        count++;
      }
    },
    since(rv) {
      if (rv < floor) return 'expired';
      let lo = 0;
      let hi = count;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (at(mid).rv <= rv) lo = mid + 1;
        else hi = mid;
      }
      const out: StoreEvent[] = [];
      for (let i = lo; i < count; i++) out.push(at(i));
      return out;
    },
    compactTo(rv) {
      while (count > 0 && at(0).rv <= rv) {
        ring[start] = undefined;
        start = (start + 1) % capacity;
        count--;
      }
      floor = Math.max(floor, rv);
    },
    get floor() {
      return floor;
    },
  };
}

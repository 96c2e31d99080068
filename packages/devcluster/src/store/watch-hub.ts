// Fans store events out to subscribers, in resourceVersion order for everyone. A subscriber that writes to
// the store while handling an event does not reorder delivery: events are queued and drained one at a
// time, each reaching every subscriber before the next starts.
import type { KubeObject } from '../api/types.js';
import type { ChangeType, StoreEvent } from './store-event.js';

export interface Subscriber {
  /** Only events of this resource (`<group>/<resource>`); undefined for every resource. */
  readonly storageKey: string | undefined;
  /** Namespace and selector filter; objects moving in or out become ADDED or DELETED. */
  readonly matches: ((obj: KubeObject) => boolean) | undefined;
  /** Events with rv ≤ startRv were already handed over (replayed); skip them. */
  readonly startRv: number;
  deliver(type: ChangeType, event: StoreEvent): void;
}

export interface WatchHub {
  add(sub: Subscriber): () => void;
  publish(event: StoreEvent): void;
  /** Every current subscriber (for expiring all watches). */
  subscribers(): Subscriber[];
}

/** What a filtered watcher sees of an event: the type after selector transitions, or undefined to skip it. */
export function effectiveType(
  event: StoreEvent,
  matches: ((obj: KubeObject) => boolean) | undefined,
): ChangeType | undefined {
  if (matches === undefined) return event.type;
  const now = matches(event.object);
  if (event.type === 'ADDED') return now ? 'ADDED' : undefined;
  if (event.type === 'DELETED') return now ? 'DELETED' : undefined;
  const before = event.previous !== undefined && matches(event.previous);
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  if (before) return 'DELETED';
  return undefined;
}

export function createWatchHub(onListenerError: (err: unknown) => void): WatchHub {
  const byKey = new Map<string, Set<Subscriber>>();
  const global = new Set<Subscriber>();
  const queue: StoreEvent[] = [];
  let draining = false;

  function deliverTo(set: Iterable<Subscriber>, event: StoreEvent): void {
    for (const sub of set) {
      if (event.rv <= sub.startRv) continue;
      let type: ChangeType | undefined;
      try {
        type = effectiveType(event, sub.matches);
        if (type !== undefined) sub.deliver(type, event);
      } catch (err) {
        onListenerError(err);
      }
    }
  }

  function drain(): void {
    draining = true;
    try {
      for (let event = queue.shift(); event !== undefined; event = queue.shift()) {
        const set = byKey.get(event.storageKey);
        if (set !== undefined && set.size > 0) deliverTo([...set], event);
        if (global.size > 0) deliverTo([...global], event);
      }
    } finally {
      draining = false;
    }
  }

  return {
    add(sub) {
      const set =
        sub.storageKey === undefined ? global : (byKey.get(sub.storageKey) ?? new Set<Subscriber>());
      if (sub.storageKey !== undefined) byKey.set(sub.storageKey, set);
      set.add(sub);
      return () => {
        set.delete(sub);
      };
    },
    publish(event) {
      queue.push(event);
      if (!draining) drain();
    },
    subscribers() {
      const out: Subscriber[] = [...global];
      for (const set of byKey.values()) out.push(...set);
      return out;
    },
  };
}

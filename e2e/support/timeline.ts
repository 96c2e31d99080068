// devcluster's event timeline (`GET /devcluster/events`): what the emulated kubelet and KEDA+HPA did, with
// millisecond times. Waiting uses the endpoint's long-poll (`?watch=N`), never a fixed sleep.
import type { TimelineEntry } from '@keda-http/devcluster';

export type { TimelineEntry };

export interface TimelineReader {
  /** The sequence number of the newest entry (0 when there is none). */
  lastSeq(): Promise<number>;
  /** Every retained entry after `since`. */
  since(since?: number): Promise<TimelineEntry[]>;
  /** The first entry after `since` that satisfies `match`; waits for it up to `timeoutMs` (default 30 s). */
  waitFor(
    what: string,
    match: (e: TimelineEntry) => boolean,
    opts?: { since?: number; timeoutMs?: number },
  ): Promise<TimelineEntry>;
  /** Calls `onEntry` for every entry after `since`, as they come, until `signal` aborts. */
  follow(since: number, onEntry: (e: TimelineEntry) => void, signal: AbortSignal): Promise<void>;
}

interface EventsAnswer {
  readonly events: TimelineEntry[];
  readonly lastSeq: number;
}

export function createTimelineReader(apiUrl: string): TimelineReader {
  const fetchEvents = async (query: string, signal?: AbortSignal): Promise<EventsAnswer> => {
    const res = await fetch(`${apiUrl}/devcluster/events?${query}`, signal ? { signal } : {});
    if (!res.ok) throw new Error(`GET /devcluster/events?${query}: ${res.status} ${await res.text()}`);
    return (await res.json()) as EventsAnswer;
  };
  return {
    // A `since` beyond every entry answers with no entries, only the last sequence number.
    lastSeq: async () => (await fetchEvents(`since=${Number.MAX_SAFE_INTEGER}`)).lastSeq,
    since: async (since = 0) => (await fetchEvents(`since=${since}`)).events,
    async waitFor(what, match, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? 30_000;
      const deadline = Date.now() + timeoutMs;
      let since = opts.since ?? 0;
      for (;;) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`timeline: no ${what} within ${timeoutMs} ms (after seq ${since})`);
        const seconds = Math.max(1, Math.min(30, Math.ceil(left / 1000)));
        const answer = await fetchEvents(`watch=${since}&timeoutSeconds=${seconds}`);
        const hit = answer.events.find(match);
        if (hit !== undefined) return hit;
        const last = answer.events.at(-1);
        if (last !== undefined) since = last.seq;
      }
    },
    async follow(since, onEntry, signal) {
      let after = since;
      while (!signal.aborted) {
        let answer: EventsAnswer;
        try {
          answer = await fetchEvents(`watch=${after}&timeoutSeconds=30`, signal);
        } catch (err) {
          if (signal.aborted) return;
          throw err;
        }
        for (const e of answer.events) {
          after = e.seq;
          onEntry(e);
        }
      }
    },
  };
}

/** Predicates over timeline entries, for the common questions. */
export const entries = {
  scale:
    (scaledObject: string, check: (from: number, to: number, reason: string) => boolean = () => true) =>
    (e: TimelineEntry): boolean =>
      e.kind === 'scale' && e.scaledObject === scaledObject && check(e.from, e.to, e.reason),
  stream:
    (scaledObject: string, active: boolean) =>
    (e: TimelineEntry): boolean =>
      e.kind === 'stream' && e.scaledObject === scaledObject && e.active === active,
  streamOpen:
    (scaledObject: string) =>
    (e: TimelineEntry): boolean =>
      (e.kind === 'scaler' && e.scaledObject === scaledObject && e.status === 'connected') ||
      (e.kind === 'stream' && e.scaledObject === scaledObject),
  pod:
    (podPrefix: string, milestone: string) =>
    (e: TimelineEntry): boolean =>
      e.kind === 'pod' && e.pod.startsWith(podPrefix) && e.milestone === milestone,
};

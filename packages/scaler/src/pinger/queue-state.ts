// What the scaler knows about every interceptor pod it polls, and the per-route concurrency summed over them
// (SPEC §5). Pure bookkeeping: the pinger feeds it answers, and it keeps the totals current incrementally, so
// a poll of 50 pods never rebuilds a whole table at once (the event loop keeps answering KEDA meanwhile).
// - A pod is known by its address. An answer replaces that pod's counts; a pod that fails keeps its last
//   counts (an unreachable pod still listed contributes its last concurrency); retain() forgets pods that
//   left the EndpointSlice, with their counts.
// - Request-rate deltas come only from regular polls, which are sequential per pod: per pod and key,
//   RequestCount − last RequestCount; a decrease means the pod restarted, and the delta is the new value; the
//   first sighting of a pod or of a key adds nothing. Deltas add up per key until takeDeltas().
// - An activation answer (the /queue?watch= long-poll) updates concurrency only: it can arrive out of order with
//   a regular poll, and an older RequestCount read after a newer one must never look like a restart.
import type { QueueCounts } from '@keda-http/queue';

interface Pod {
  /** Concurrency per key from the pod's latest answer (poll or activation): its share of the totals. */
  concurrency: Map<string, number>;
  /** RequestCount per key from the last regular poll; undefined until one answered (no baseline yet). */
  baseline: Map<string, number> | undefined;
  lastSuccessMs: number | undefined;
  lastError: string | undefined;
}

export interface PodStatus {
  readonly address: string;
  readonly reachable: boolean;
  readonly lastSuccessMs: number | undefined;
  readonly lastError: string | undefined;
  readonly keys: number;
}

export interface QueueState {
  /** Forgets every pod not in `addresses`, with its counts. */
  retain(addresses: ReadonlySet<string>): void;
  /** A regular poll's answer: replaces the pod's counts and adds its RequestCount deltas. */
  ingestPoll(address: string, counts: QueueCounts, nowMs: number): void;
  /** An activation answer: replaces the pod's concurrency only. */
  ingestConcurrency(address: string, counts: QueueCounts): void;
  /** The pod did not answer this time: its last counts stay. */
  markFailed(address: string, error: string): void;
  /** The RequestCount deltas added since the last call, by key; resets them. */
  takeDeltas(): Map<string, number>;
  /** Concurrency of one key summed over every known pod; undefined when no pod reports the key. */
  concurrency(key: string): number | undefined;
  /** Every key some known pod reports. */
  keys(): IterableIterator<string>;
  readonly totalConcurrency: number;
  pods(): PodStatus[];
}

export function createQueueState(): QueueState {
  const pods = new Map<string, Pod>();
  /** key → [summed concurrency, number of pods reporting the key] */
  const totals = new Map<string, [number, number]>();
  let totalConcurrency = 0;
  let deltas = new Map<string, number>();

  const add = (key: string, concurrency: number, podsDelta: number): void => {
    const t = totals.get(key);
    if (t === undefined) {
      totals.set(key, [concurrency, podsDelta]);
    } else {
      t[0] += concurrency;
      t[1] += podsDelta;
      if (t[1] <= 0) totals.delete(key);
    }
    totalConcurrency += concurrency;
  };

  const podOf = (address: string): Pod => {
    let pod = pods.get(address);
    if (pod === undefined) {
      pod = { concurrency: new Map(), baseline: undefined, lastSuccessMs: undefined, lastError: undefined };
      pods.set(address, pod);
    }
    return pod;
  };

  /** Replaces the pod's share of the totals with `counts`' concurrency. */
  const replaceConcurrency = (pod: Pod, counts: QueueCounts): void => {
    const next = new Map<string, number>();
    for (const key in counts) {
      const c = (counts[key] as QueueCounts[string]).Concurrency;
      const old = pod.concurrency.get(key);
      if (old === undefined) add(key, c, 1);
      else if (c !== old) add(key, c - old, 0);
      next.set(key, c);
    }
    for (const [key, old] of pod.concurrency) if (!next.has(key)) add(key, -old, -1);
    pod.concurrency = next;
  };

  return {
    retain(addresses) {
      for (const [address, pod] of pods) {
        if (addresses.has(address)) continue;
        for (const [key, c] of pod.concurrency) add(key, -c, -1);
        pods.delete(address);
      }
    },
    ingestPoll(address, counts, nowMs) {
      const pod = podOf(address);
      replaceConcurrency(pod, counts);
      const baseline = new Map<string, number>();
      for (const key in counts) {
        const now = (counts[key] as QueueCounts[string]).RequestCount;
        baseline.set(key, now);
        const before = pod.baseline?.get(key);
        if (before === undefined) continue; // the first sighting of a pod or of a key adds nothing
        const delta = now >= before ? now - before : now; // a decrease: the pod restarted
        if (delta > 0) deltas.set(key, (deltas.get(key) ?? 0) + delta);
      }
      pod.baseline = baseline;
      pod.lastSuccessMs = nowMs;
      pod.lastError = undefined;
    },
    ingestConcurrency(address, counts) {
      const pod = pods.get(address);
      if (pod !== undefined) replaceConcurrency(pod, counts); // else: not (or no longer) listed
    },
    markFailed(address, error) {
      podOf(address).lastError = error;
    },
    takeDeltas() {
      const out = deltas;
      deltas = new Map();
      return out;
    },
    concurrency: (key) => totals.get(key)?.[0],
    keys: () => totals.keys(),
    get totalConcurrency() {
      return totalConcurrency;
    },
    pods: () =>
      [...pods].map(([address, pod]) => ({
        address,
        reachable: pod.lastError === undefined && pod.lastSuccessMs !== undefined,
        lastSuccessMs: pod.lastSuccessMs,
        lastError: pod.lastError,
        keys: pod.concurrency.size,
      })),
  };
}

// What the scaler knows about every interceptor pod it polls, and the per-route concurrency summed over them
// (SPEC §5). Pure bookkeeping: the pinger feeds it answers, and it keeps the totals current incrementally, so
// a poll of 50 pods never rebuilds a whole table at once (the event loop keeps answering KEDA meanwhile), and
// a steady-state answer allocates nothing: each pod keeps one mutable sample per key, linked to the key's total.
// - A pod is known by its address. An answer replaces that pod's counts; a pod that fails keeps its last
//   counts (an unreachable pod still listed contributes its last concurrency); retain() forgets pods that
//   left the EndpointSlice, with their counts.
// - Request-rate deltas come only from regular polls, which are sequential per pod: per pod and key,
//   RequestCount − last RequestCount; a decrease means the pod restarted, and the delta is the new value; the
//   first sighting of a pod or of a key adds nothing. Deltas add up per key until takeDeltas().
// - An activation answer (the /queue?watch= long-poll) updates concurrency only: it can arrive out of order with
//   a regular poll, and an older RequestCount read after a newer one must never look like a restart.
import type { PodCounts } from '@keda-http/queue';

/** One key's totals over every pod. */
interface Total {
  concurrency: number;
  /** Pods reporting the key; the total is dropped at 0. */
  pods: number;
  /** RequestCount deltas since the last takeDeltas(). */
  delta: number;
}

/** One pod's last answer for one key. */
interface Sample {
  /** The key, owned (see ownedCopy). */
  readonly key: string;
  concurrency: number;
  /** RequestCount of the last regular poll; undefined until one reported the key (no baseline yet). */
  baseline: number | undefined;
  /** The answer that last reported the key (see Pod.answer). */
  answer: number;
  readonly total: Total;
}

interface Pod {
  readonly samples: Map<string, Sample>;
  /** The samples of the pod's last answer, in its order: an interceptor lists its keys in the same order every
   * time, so most keys are found by position, without hashing the key. Nothing of the answer itself is kept:
   * its key strings are slices of its body, and keeping them would keep every body alive until the next
   * poll, long enough to be promoted to the old generation (and collected there by a major GC, which stalls
   * KEDA's calls). */
  lastSamples: Sample[];
  /** The array the next answer's samples go into (the one before lastSamples), reused. */
  spareSamples: Sample[];
  /** Counts the pod's answers, to find the keys an answer no longer reports. */
  answer: number;
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
  ingestPoll(address: string, counts: PodCounts, nowMs: number): void;
  /** An activation answer: replaces the pod's concurrency only. Ignored for a pod not polled yet. */
  ingestConcurrency(address: string, counts: PodCounts): void;
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

const newPod = (): Pod => ({
  samples: new Map(),
  lastSamples: [],
  spareSamples: [],
  answer: 0,
  lastSuccessMs: undefined,
  lastError: undefined,
});

/**
 * A key to keep: a copy that does not share memory with the body it was read from (V8 keeps a substring of 13
 * characters or more as a slice of its parent, which would keep the whole body alive). New keys only.
 */
const ownedCopy = (key: string): string => Buffer.from(key, 'utf8').toString('utf8');

export function createQueueState(): QueueState {
  const pods = new Map<string, Pod>();
  const totals = new Map<string, Total>();
  let totalConcurrency = 0;

  const drop = (key: string, sample: Sample): void => {
    const t = sample.total;
    t.concurrency -= sample.concurrency;
    totalConcurrency -= sample.concurrency;
    if (--t.pods === 0) totals.delete(key);
  };

  /** Applies one answer to the pod; `poll` says whether RequestCounts count (regular poll) or not. */
  const ingest = (pod: Pod, counts: PodCounts, poll: boolean): void => {
    const answer = ++pod.answer;
    const { keys } = counts;
    const { lastSamples } = pod;
    const samples = pod.spareSamples;
    samples.length = keys.length;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const concurrency = counts.concurrency[i] as number;
      const now = counts.requestCount[i] as number;
      const last = lastSamples[i];
      const sample = last !== undefined && last.key === key ? last : pod.samples.get(key);
      if (sample === undefined) {
        const owned = ownedCopy(key);
        let total = totals.get(owned);
        if (total === undefined) totals.set(owned, (total = { concurrency: 0, pods: 0, delta: 0 }));
        total.pods++;
        total.concurrency += concurrency;
        totalConcurrency += concurrency;
        // The first sighting of a key (or of a pod) adds nothing: it only sets the baseline.
        const fresh: Sample = { key: owned, concurrency, baseline: poll ? now : undefined, answer, total };
        pod.samples.set(owned, fresh);
        samples[i] = fresh;
        continue;
      }
      samples[i] = sample;
      // A key written twice in one answer: the last entry wins, and it adds nothing.
      const repeated = sample.answer === answer;
      sample.answer = answer;
      if (concurrency !== sample.concurrency) {
        sample.total.concurrency += concurrency - sample.concurrency;
        totalConcurrency += concurrency - sample.concurrency;
        sample.concurrency = concurrency;
      }
      if (!poll) continue;
      const before = sample.baseline;
      sample.baseline = now;
      if (before === undefined || repeated) continue;
      sample.total.delta += now >= before ? now - before : now; // a decrease: the pod restarted
    }
    pod.spareSamples = lastSamples;
    pod.lastSamples = samples;
    if (pod.samples.size > keys.length) {
      for (const [key, sample] of pod.samples) {
        if (sample.answer === answer) continue;
        drop(key, sample);
        pod.samples.delete(key);
      }
    }
  };

  return {
    retain(addresses) {
      for (const [address, pod] of pods) {
        if (addresses.has(address)) continue;
        for (const [key, sample] of pod.samples) drop(key, sample);
        pods.delete(address);
      }
    },
    ingestPoll(address, counts, nowMs) {
      let pod = pods.get(address);
      if (pod === undefined) {
        pod = newPod();
        pods.set(address, pod);
      }
      ingest(pod, counts, true);
      pod.lastSuccessMs = nowMs;
      pod.lastError = undefined;
    },
    ingestConcurrency(address, counts) {
      const pod = pods.get(address);
      if (pod !== undefined) ingest(pod, counts, false); // else: not (or no longer) listed
    },
    markFailed(address, error) {
      let pod = pods.get(address);
      if (pod === undefined) {
        pod = newPod();
        pods.set(address, pod);
      }
      pod.lastError = error;
    },
    takeDeltas() {
      const out = new Map<string, number>();
      for (const [key, total] of totals) {
        if (total.delta === 0) continue;
        out.set(key, total.delta);
        total.delta = 0;
      }
      return out;
    },
    concurrency: (key) => totals.get(key)?.concurrency,
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
        keys: pod.samples.size,
      })),
  };
}

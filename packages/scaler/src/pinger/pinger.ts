// Polls GET /queue on every ready interceptor pod each tick (SPEC §5), concurrently, each with its own timeout,
// and feeds the answers to the queue state and the rate windows. Cycles never overlap: a tick that finds one in
// flight is skipped, and pollNow() runs after it (two overlapping answers of one pod could otherwise read as a
// counter reset). A cycle fails (and is reported so) when the Service has no ready endpoint or no pod answered;
// pods that did not answer keep their last counts, pods that left the EndpointSlice are forgotten.
import type { CodedError } from '@keda-http/runtime';
import { AllInterceptorsFailed, NoInterceptorEndpoints } from '../errors.js';
import { parseQueueBody } from '@keda-http/queue';
import type { QueueClient } from './queue-client.js';
import type { QueueState } from './queue-state.js';
import type { RequestRates } from './request-rates.js';

export interface PodFailure {
  readonly address: string;
  readonly code: string;
  readonly error: string;
}

export interface PollReport {
  /** True when at least one pod answered. */
  readonly ok: boolean;
  readonly startedAtMs: number;
  readonly durationMs: number;
  /** The longest any pod took to deliver its whole answer (the rest of the cycle is the scaler's own work). */
  readonly slowestFetchMs: number;
  readonly endpoints: number;
  readonly failures: readonly PodFailure[];
  /** NoInterceptorEndpoints or AllInterceptorsFailed when !ok. */
  readonly error?: CodedError;
}

export interface PingerOptions {
  /** The ready interceptor pods' addresses, now. */
  readonly addresses: () => readonly string[];
  readonly client: QueueClient;
  readonly state: QueueState;
  readonly rates: RequestRates;
  readonly tickMs: number;
  /** Per-pod timeout. */
  readonly timeoutMs: number;
  /** A monotonic clock in ms. */
  readonly now: () => number;
  /** For the NoInterceptorEndpoints message. */
  readonly service: { readonly namespace: string; readonly name: string };
  /** After every cycle, before pollNow() resolves. */
  readonly onCycle?: (report: PollReport) => void;
  /** After each pod answered a regular poll, with the epoch it sent. */
  readonly onAnswer?: (address: string, epoch: string | undefined) => void;
  /** On every tick, whether or not a cycle starts. */
  readonly onTick?: () => void;
}

export interface Pinger {
  /** Polls at once, then every tick. */
  start(): void;
  /** Stops ticking, aborts the cycle in flight and waits for it. */
  stop(): Promise<void>;
  /** Polls now (after the cycle in flight, if any) and resolves with this poll's report. */
  pollNow(): Promise<PollReport>;
  readonly lastSuccessMs: number | undefined;
  readonly lastReport: PollReport | undefined;
}

export function createPinger(options: PingerOptions): Pinger {
  const { client, state, rates, now } = options;
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let tail: Promise<PollReport> | undefined;
  let inFlight = 0;
  let lastSuccessMs: number | undefined;
  let lastReport: PollReport | undefined;

  // Answers tend to arrive together; parsing one takes about a millisecond. Parsing one per event-loop turn lets
  // KEDA's calls in between instead of queueing them behind fifty parses.
  let turn: Promise<unknown> = Promise.resolve();
  const nextTurn = (): Promise<unknown> => (turn = turn.then(() => new Promise((r) => setImmediate(r))));

  const pollPod = async (address: string, failures: PodFailure[], fetchMs: number[]): Promise<void> => {
    const started = now();
    try {
      const raw = await client.fetchText(address, { timeoutMs: options.timeoutMs, signal: stopping.signal });
      fetchMs.push(now() - started);
      await nextTurn();
      state.ingestPoll(address, parseQueueBody(raw.text, raw.where), now());
      options.onAnswer?.(address, raw.epoch);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : '';
      state.markFailed(address, error);
      failures.push({ address, code, error });
    }
  };

  const cycle = async (): Promise<PollReport> => {
    const startedAtMs = now();
    const addresses = [...new Set(options.addresses())];
    state.retain(new Set(addresses));
    const failures: PodFailure[] = [];
    const fetchMs: number[] = [];
    await Promise.all(addresses.map((address) => pollPod(address, failures, fetchMs)));
    // A pod may have left while it was being polled.
    state.retain(new Set(options.addresses()));
    const finishedAtMs = now();
    rates.record(state.takeDeltas(), finishedAtMs);
    let error: CodedError | undefined;
    if (addresses.length === 0) {
      error = new NoInterceptorEndpoints({
        namespace: options.service.namespace,
        service: options.service.name,
      });
    } else if (failures.length === addresses.length) {
      error = new AllInterceptorsFailed({ failures: failures.map((f) => `${f.address}: ${f.error}`) });
    } else {
      lastSuccessMs = finishedAtMs;
    }
    const report: PollReport = {
      ok: error === undefined,
      startedAtMs,
      durationMs: finishedAtMs - startedAtMs,
      slowestFetchMs: fetchMs.reduce((a, b) => Math.max(a, b), 0),
      endpoints: addresses.length,
      failures,
      ...(error ? { error } : {}),
    };
    lastReport = report;
    options.onCycle?.(report);
    return report;
  };

  const enqueue = (): Promise<PollReport> => {
    inFlight++;
    const next = (tail ?? Promise.resolve()).then(cycle, cycle).finally(() => inFlight--);
    tail = next;
    return next;
  };

  const tick = (): void => {
    options.onTick?.();
    if (inFlight === 0 && !stopping.signal.aborted) void enqueue().catch(() => undefined);
  };

  return {
    start() {
      if (timer !== undefined || stopping.signal.aborted) return;
      timer = setInterval(tick, options.tickMs);
      tick();
    },
    async stop() {
      clearInterval(timer);
      stopping.abort();
      await tail?.catch(() => undefined);
    },
    pollNow: () => enqueue(),
    get lastSuccessMs() {
      return lastSuccessMs;
    },
    get lastReport() {
      return lastReport;
    },
  };
}

// The event timeline: what the emulated kubelet and KEDA+HPA did and why, in order, with millisecond times.
// Scale decisions carry their reason and the metric values behind them; pod milestones and StreamIsActive
// messages are there so that a test or the demo can tell a cold start's story. Bounded; readers resume from a
// sequence number and can wait for the next entry instead of polling.

/** Why a ScaledObject's target was scaled. */
export type ScaleReason =
  /** Active at 0 replicas: scaled to max(minReplicaCount, 1) at once. */
  | 'activated'
  /** The HPA formula over the triggers' metrics. */
  | 'hpa'
  /** The HPA clamped the replica count into [min, max] without needing metrics. */
  | 'hpa-bounds'
  /** Inactive for cooldownPeriod (or initialCooldownPeriod after creation): down to min or idle. */
  | 'cooldown'
  /** Inactive below minReplicaCount: up to min. */
  | 'min'
  /** The paused-replicas annotation. */
  | 'paused'
  /** advanced.restoreToOriginalReplicaCount on deletion. */
  | 'restore';

export interface MetricSample {
  readonly trigger: number;
  readonly metricName: string;
  readonly value: number;
  readonly target: number;
  readonly metricType: 'AverageValue' | 'Value';
  /** What this metric alone asked for. */
  readonly desired: number;
}

export type PodMilestone =
  | 'created'
  | 'scheduled'
  | 'image-missing'
  | 'config-error'
  | 'started'
  | 'ready'
  | 'unready'
  | 'exited'
  | 'back-off'
  | 'terminating'
  | 'killed'
  | 'gone';

export type TimelineEvent =
  | {
      readonly kind: 'scale';
      /** `namespace/name` of the ScaledObject. */
      readonly scaledObject: string;
      /** `Kind namespace/name` of the scale target. */
      readonly target: string;
      readonly reason: ScaleReason;
      readonly from: number;
      readonly to: number;
      readonly metrics?: readonly MetricSample[];
      readonly message?: string;
    }
  | {
      readonly kind: 'pod';
      /** `namespace/name`. */
      readonly pod: string;
      readonly milestone: PodMilestone;
      readonly container?: string;
      readonly podIP?: string;
      readonly message?: string;
    }
  | {
      readonly kind: 'stream';
      readonly scaledObject: string;
      readonly trigger: number;
      readonly active: boolean;
    }
  | {
      readonly kind: 'scaler';
      readonly scaledObject: string;
      readonly trigger?: number;
      /** `connected`, `error`, `ready`, `invalid`… */
      readonly status: string;
      readonly message: string;
    };

export type TimelineEntry = TimelineEvent & {
  /** 1, 2, 3… in the order things happened. */
  readonly seq: number;
  /** ISO 8601 with milliseconds. */
  readonly time: string;
  /** Milliseconds since the epoch (same instant as `time`). */
  readonly ms: number;
};

export interface Timeline {
  record(event: TimelineEvent): TimelineEntry;
  /** Entries with seq > `since` (all retained ones by default). */
  since(since?: number): TimelineEntry[];
  /** The seq of the last entry (0 when none). */
  readonly lastSeq: number;
  /** Resolves with the entries after `since` once there is at least one, or with [] after `timeoutMs`. */
  wait(since: number, timeoutMs: number, signal?: AbortSignal): Promise<TimelineEntry[]>;
  subscribe(listener: (entry: TimelineEntry) => void): () => void;
}

export function createTimeline(options: { capacity?: number; now?: () => number } = {}): Timeline {
  const capacity = options.capacity ?? 10_000;
  const now = options.now ?? Date.now;
  const entries: TimelineEntry[] = [];
  const listeners = new Set<(entry: TimelineEntry) => void>();
  let seq = 0;

  function since(after = 0): TimelineEntry[] {
    // Entries are in seq order: find the first one after `after` from the end (readers are usually current).
    let i = entries.length;
    while (i > 0 && (entries[i - 1] as TimelineEntry).seq > after) i--;
    return entries.slice(i);
  }

  return {
    record(event) {
      const ms = now();
      const entry = { ...event, seq: ++seq, ms, time: new Date(ms).toISOString() } as TimelineEntry;
      entries.push(entry);
      if (entries.length > capacity) entries.splice(0, entries.length - capacity);
      for (const l of [...listeners]) {
        try {
          l(entry);
        } catch {
          // A listener's failure is its own; the timeline carries on.
        }
      }
      return entry;
    },
    since,
    get lastSeq() {
      return seq;
    },
    wait(after, timeoutMs, signal) {
      const ready = since(after);
      if (ready.length > 0 || timeoutMs <= 0 || signal?.aborted === true) return Promise.resolve(ready);
      return new Promise((resolve) => {
        const finish = (): void => {
          clearTimeout(timer);
          listeners.delete(onEntry);
          signal?.removeEventListener('abort', finish);
          resolve(since(after));
        };
        const onEntry = (): void => finish();
        const timer = setTimeout(finish, timeoutMs);
        listeners.add(onEntry);
        signal?.addEventListener('abort', finish);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const podMetric = (m: MetricSample): string =>
  `${m.metricName}=${m.value}/${m.target} (${m.metricType}) → ${m.desired}`;

/** One line for the CLI log, e.g. `12:00:01.234 scale default/web activated 0→1`. */
export function formatTimelineEntry(entry: TimelineEntry): string {
  const clock = entry.time.slice(11, 23);
  switch (entry.kind) {
    case 'scale': {
      const metrics = entry.metrics?.length ? ` [${entry.metrics.map(podMetric).join('; ')}]` : '';
      const message = entry.message !== undefined ? ` ${entry.message}` : '';
      return `${clock} scale ${entry.target} ${entry.reason} ${entry.from}→${entry.to} (ScaledObject ${entry.scaledObject})${metrics}${message}`;
    }
    case 'pod': {
      const parts = [`${clock} pod ${entry.pod} ${entry.milestone}`];
      if (entry.container !== undefined) parts.push(`container=${entry.container}`);
      if (entry.podIP !== undefined) parts.push(`ip=${entry.podIP}`);
      if (entry.message !== undefined) parts.push(entry.message);
      return parts.join(' ');
    }
    case 'stream':
      return `${clock} stream ScaledObject ${entry.scaledObject} trigger ${entry.trigger} StreamIsActive=${entry.active}`;
    case 'scaler':
      return `${clock} scaler ScaledObject ${entry.scaledObject}${entry.trigger !== undefined ? ` trigger ${entry.trigger}` : ''} ${entry.status}: ${entry.message}`;
  }
}

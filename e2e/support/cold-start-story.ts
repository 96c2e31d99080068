// One cold start told as a timeline: a request sent through the interceptor to an app at zero replicas, and
// what every part did about it, in order, with milliseconds: the interceptor holding it (its admin /queue
// long-poll answers as Concurrency leaves 0), the scaler reporting the route active (the StreamIsActive
// message devcluster's KEDA received), KEDA scaling the Deployment to 1, the pod created, started and ready,
// the response with X-KEDA-HTTP-Cold-Start: true, the route idle again, and the scale back to 0 after
// scaledownPeriod. The demo prints it; its e2e test and bench/e2e read it.
import type { HttpClient, HttpOutcome } from './http-client.js';
import { entries, type TimelineEntry, type TimelineReader } from './timeline.js';

export interface StoryStep {
  readonly label: string;
  /** Epoch milliseconds. */
  readonly at: number;
  readonly detail: string;
}

export interface ColdStartStory {
  readonly steps: StoryStep[];
  readonly response: HttpOutcome;
}

export interface ColdStartOptions {
  readonly http: HttpClient;
  readonly timeline: TimelineReader;
  /** `http://ip:port` of the interceptor's proxy and admin servers. */
  readonly proxyUrl: string;
  readonly adminUrl: string;
  readonly host: string;
  readonly path?: string;
  /** The app: Deployment, route and ScaledObject `namespace/name`. */
  readonly app: { readonly namespace: string; readonly name: string };
  readonly scaledownPeriodSeconds: number;
}

type QueueCounts = Record<string, { Concurrency: number }>;

/** Resolves with the time the interceptor's Concurrency for `key` left 0, from its /queue long-poll. */
async function watchHeld(adminUrl: string, key: string, signal: AbortSignal): Promise<number> {
  const first = await fetch(`${adminUrl}/queue`, { signal });
  let epoch = first.headers.get('x-keda-http-queue-epoch') ?? '0';
  await first.body?.cancel();
  for (;;) {
    const res = await fetch(`${adminUrl}/queue?watch=${epoch}&timeoutSeconds=10`, { signal });
    const counts = (await res.json()) as QueueCounts;
    if ((counts[key]?.Concurrency ?? 0) > 0) return Date.now();
    epoch = res.headers.get('x-keda-http-queue-epoch') ?? epoch;
  }
}

const after = (t: number) => (e: TimelineEntry) => e.ms >= t;

export async function tellColdStart(o: ColdStartOptions): Promise<ColdStartStory> {
  const key = `${o.app.namespace}/${o.app.name}`;
  const since = await o.timeline.lastSeq();
  const abort = new AbortController();
  const held = watchHeld(o.adminUrl, key, abort.signal);
  const sentAt = Date.now();
  const response = await o.http.send(o.proxyUrl, { host: o.host, path: o.path ?? '/' });
  const heldAt = await Promise.race([
    held,
    new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000)),
  ]);
  abort.abort();
  held.catch(() => undefined);
  if (response.status !== 200)
    throw new Error(`the request got ${response.status} ${response.error ?? response.body}`);

  const wait = (what: string, match: (e: TimelineEntry) => boolean, timeoutMs = 30_000) =>
    o.timeline.waitFor(what, (e) => e.ms >= sentAt && match(e), { since, timeoutMs });
  const active = await wait('StreamIsActive true', entries.stream(key, true));
  const scaled = await wait(
    'the scale to 1',
    entries.scale(key, (f, t) => f === 0 && t >= 1),
  );
  const pod = (m: string) => wait(`pod ${m}`, entries.pod(`${key}-`, m));
  const [created, started, ready] = [await pod('created'), await pod('started'), await pod('ready')];
  const idle = await wait(
    'StreamIsActive false',
    (e) => entries.stream(key, false)(e) && after(response.doneAt)(e),
  );
  const down = await wait(
    'the scale back to 0',
    entries.scale(key, (_, t, why) => why === 'cooldown' && t === 0),
    o.scaledownPeriodSeconds * 1000 + 60_000,
  );
  const gone = await wait('the pod gone', (e) => entries.pod(`${key}-`, 'gone')(e) && e.seq > down.seq);

  const podName = created.kind === 'pod' ? created.pod.slice(o.app.namespace.length + 1) : '?';
  const coldStart = response.headers['x-keda-http-cold-start'] ?? '(none)';
  const steps: StoryStep[] = [
    { label: 'request sent', at: sentAt, detail: `GET ${o.path ?? '/'} Host: ${o.host} to ${o.proxyUrl}` },
    ...(heldAt !== undefined
      ? [
          {
            label: 'request held',
            at: heldAt,
            detail: `interceptor /queue: ${key} Concurrency 0 → 1 (no ready pod yet)`,
          },
        ]
      : []),
    { label: 'scaler reports active', at: active.ms, detail: `StreamIsActive: true for ScaledObject ${key}` },
    { label: 'KEDA scales to 1', at: scaled.ms, detail: `Deployment ${key} 0 → 1 (activated)` },
    { label: 'pod created', at: created.ms, detail: podName },
    {
      label: 'pod started',
      at: started.ms,
      detail: started.kind === 'pod' ? `ip ${started.podIP ?? '?'}` : '',
    },
    { label: 'pod ready', at: ready.ms, detail: 'its port accepts connections; EndpointSlice ready' },
    {
      label: 'response',
      at: response.doneAt,
      detail: `${response.status}, X-KEDA-HTTP-Cold-Start: ${coldStart}`,
    },
    { label: 'idle', at: idle.ms, detail: 'no request in flight: StreamIsActive: false' },
    {
      label: 'scaled back to 0',
      at: down.ms,
      detail: `Deployment ${key} 1 → 0 after scaledownPeriod ${o.scaledownPeriodSeconds}s (cooldown)`,
    },
    { label: 'pod gone', at: gone.ms, detail: podName },
  ];
  // In the order they were observed. The interceptor answers the scaler's /queue long-poll and ours at the
  // same moment; ours may arrive a little later, so `request held` can follow the scaler's report.
  return { steps: steps.sort((a, b) => a.at - b.at), response };
}

/** The story as aligned lines: `+   431 ms  12:00:01.665  response  200, …`. */
export function formatStory(steps: readonly StoryStep[]): string[] {
  const t0 = steps[0]?.at ?? 0;
  const width = Math.max(...steps.map((s) => s.label.length));
  return steps.map((s) => {
    const clock = new Date(s.at).toISOString().slice(11, 23);
    return `+${String(s.at - t0).padStart(6)} ms  ${clock}  ${s.label.padEnd(width)}  ${s.detail}`;
  });
}

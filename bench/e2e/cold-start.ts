// One measured cold start: a fresh namespace with the timing app at 0 replicas, its Service and an
// HTTPScaledObject; once KEDA's emulation holds the StreamIsActive stream open, one request through the
// interceptor. Every phase comes from a clock on this machine: the request's send and end (here), devcluster's
// timeline (StreamIsActive message, scale, pod milestones), the EndpointSlice watch event (here, as the
// interceptor sees it), and the app's own times (request arrival, listening).
import type { System } from '../../e2e/support/system.js';
import { echoApp, httpScaledObject } from '../../e2e/support/manifests.js';
import { entries, type TimelineEntry } from '../../e2e/support/timeline.js';
import { BENCH_APP_IMAGE } from './image-map.js';
import { watchSliceReady } from './slice-watch.js';

export interface ColdStartSample {
  /** Request sent → StreamIsActive true received by KEDA's emulation. Goal ≤ 20 ms. */
  readonly activation: number;
  /** EndpointSlice ready event → the held request's connection accepted by the pod. Goal ≤ 5 ms. */
  readonly readyToForward: number;
  /** EndpointSlice ready event → the request's headers parsed by the app (adds the app's own first parse). */
  readonly readyToParsed: number;
  /** Request sent → response received. */
  readonly total: number;
  /** The app's own start-up: its process started (kubelet) → listening (the app). */
  readonly appStartup: number;
  /** total − appStartup. Goal ≤ 100 ms. */
  readonly overhead: number;
  /** The phases in order, for the breakdown. */
  readonly phases: Record<string, number>;
}

interface AppTimes {
  readonly connectedAt: number;
  readonly arrivedAt: number;
  readonly listeningAt: number;
}

export async function measureColdStart(sys: System, index: number): Promise<ColdStartSample> {
  const ns = await sys.namespace(`cold-${index}`);
  const host = `app.${ns}.bench`;
  const so = `${ns}/app`;
  await sys.apply([
    ...echoApp({ namespace: ns, name: 'app', image: BENCH_APP_IMAGE }),
    httpScaledObject({ namespace: ns, name: 'app', spec: { hosts: [host], scaledownPeriod: 300 } }),
  ]);
  await sys.waitForRoute(so);
  const since = await sys.waitForStream(so);
  const slice = await watchSliceReady(sys.cluster.url, ns, 'app');
  const proxy = await sys.endpointUrl('keda-add-ons-http-interceptor-proxy', 'proxy');
  try {
    const sentAt = performance.timeOrigin + performance.now();
    const res = await sys.http.send(proxy, { host, path: '/' });
    const doneAt = performance.timeOrigin + performance.now();
    if (res.status !== 200) throw new Error(`cold start ${ns}: ${res.status} ${res.error ?? res.body}`);
    if (res.headers['x-keda-http-cold-start'] !== 'true')
      throw new Error(`cold start ${ns}: not a cold start`);
    const app = JSON.parse(res.body) as AppTimes;
    const sliceReadyAt = await slice.readyAt;
    const find = (what: string, match: (e: TimelineEntry) => boolean) =>
      sys.timeline.waitFor(what, match, { since, timeoutMs: 10_000 });
    const active = await find('StreamIsActive true', entries.stream(so, true));
    const scaled = await find(
      'scale to 1',
      entries.scale(so, (from, to) => from === 0 && to === 1),
    );
    const created = await find('pod created', entries.pod(`${so}-`, 'created'));
    const started = await find('pod started', entries.pod(`${so}-`, 'started'));
    const ready = await find('pod ready', entries.pod(`${so}-`, 'ready'));

    const total = doneAt - sentAt;
    const appStartup = app.listeningAt - started.ms;
    return {
      activation: active.ms - sentAt,
      readyToForward: app.connectedAt - sliceReadyAt,
      readyToParsed: app.arrivedAt - sliceReadyAt,
      total,
      appStartup,
      overhead: total - appStartup,
      phases: {
        'request sent → StreamIsActive true (activation)': active.ms - sentAt,
        'StreamIsActive → scale 0→1 written (KEDA emulation)': scaled.ms - active.ms,
        'scale → pod created (Deployment controller)': created.ms - scaled.ms,
        'pod created → process started (kubelet)': started.ms - created.ms,
        'process started → listening (the app itself)': appStartup,
        'listening → pod ready (kubelet readiness check)': ready.ms - app.listeningAt,
        'pod ready → EndpointSlice event (EndpointSlice controller, watch)': sliceReadyAt - ready.ms,
        'EndpointSlice event → connection accepted by the pod (interceptor)': app.connectedAt - sliceReadyAt,
        'connection accepted → request headers parsed (the app)': app.arrivedAt - app.connectedAt,
        'request at the pod → response received (app, interceptor, client)': doneAt - app.arrivedAt,
      },
    };
  } finally {
    slice.stop();
    await sys.kubectl.run(['delete', 'namespace', ns, '--wait=false']);
  }
}

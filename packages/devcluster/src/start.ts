// startDevCluster: the API server, its store and the built-in controllers (garbage collector, namespace
// lifecycle, CRD cleanup), listening on loopback, with a kubeconfig written for clients; then the emulated
// node (pods as local processes, Deployment and StatefulSet controllers), the EndpointSlice and Endpoints
// controllers, and KEDA with the HPA. Used by the CLI and by tests.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiStatusError, DevClusterError } from './errors.js';
import type { KubeObject } from './api/types.js';
import { builtinCrds } from './builtin-crds/index.js';
import { startCrdCleanupController } from './controllers/crd-cleanup-controller.js';
import { startGarbageCollector, type Controller } from './controllers/garbage-collector.js';
import { startNamespaceController } from './controllers/namespace-controller.js';
import { createApiServer } from './http/api-server.js';
import type { DevclusterRoutes } from './http/devcluster-routes.js';
import { sendJson } from './http/respond.js';
import { writeKubeconfig } from './kubeconfig.js';
import { loadSnapshot, startPersistence, type Persistence } from './persistence.js';
import { builtinResources } from './registry/builtin-resources.js';
import { createRegistry } from './registry/registry.js';
import { createStore, type Store } from './store/store.js';
import { startEndpointsController } from './endpoints/endpoints-controller.js';
import { startKedaEmulation } from './keda/keda-controller.js';
import { createTimeline, type Timeline, type TimelineEntry } from './timeline/event-timeline.js';
import { addEventsRoute } from './timeline/events-route.js';
import { createImageMap, loadImageMap, type ImageMap, type ImageMapInput } from './workloads/image-map.js';
import { startKubelet, type Kubelet } from './workloads/kubelet.js';
import { createPodIpPool } from './workloads/pod-ip-pool.js';
import { podLogHandler } from './workloads/pod-log-route.js';
import { locatePodPrograms } from './workloads/pod-programs.js';
import { startWorkloadController } from './workloads/workload-controller.js';

export interface DevClusterOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Where to write the kubeconfig; default: a temporary directory removed by stop(). */
  readonly kubeconfigPath?: string;
  /** Persist the store here across restarts; default: memory only. */
  readonly dataDir?: string;
  /** How many events a watch can resume from (default 10,000). */
  readonly historySize?: number;
  /** How long a watch without timeoutSeconds stays open, in seconds (default 1800). */
  readonly maxWatchSeconds?: number;
  /** Interval of BOOKMARK events for watches that allow them (default 60,000 ms). */
  readonly bookmarkIntervalMs?: number;
  /** Install the built-in CRDs (KEDA ScaledObject); default true. */
  readonly builtinCrds?: boolean;
  /** Unexpected internal errors (bugs); default: written to stderr. */
  readonly onError?: (err: unknown) => void;
  /** Run pods as local processes, with the Deployment and StatefulSet controllers; default true. */
  readonly workloads?: boolean;
  /** Emulate KEDA and the HPA for ScaledObjects; default true. */
  readonly keda?: boolean;
  /** Which local command plays which image: an image map file (YAML or JSON), or the map itself. */
  readonly images?: string | ImageMapInput;
  /** The first pod IP (default 127.0.0.2). */
  readonly podIpStart?: string;
  /** Upper bound on readiness probes' periodSeconds, in ms (default: none). Make it short in tests. */
  readonly probePeriodCapMs?: number;
  /** Back-off of crashed containers (default: 10 s doubling to 300 s, as the kubelet). */
  readonly restartBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** How long stop() lets pod processes handle SIGTERM before SIGKILL (default 5,000 ms). */
  readonly stopGraceMs?: number;
  /** Also append each container's output to `<logDir>/<namespace>_<pod>_<container>.log`. */
  readonly logDir?: string;
  /** The emulated HPA's sync period (default 15,000 ms, as Kubernetes). */
  readonly hpaSyncPeriodMs?: number;
  /** Back-off of KEDA's re-checks, failed polls and stream reconnects (default 1 s doubling to 30 s). */
  readonly kedaRetry?: { readonly initialMs: number; readonly maxMs: number };
  /** Deadline of each gRPC call to an external scaler (default 5,000 ms). */
  readonly scalerCallTimeoutMs?: number;
  /** The external scaler contract; default: proto/externalscaler.proto found above devcluster's own files. */
  readonly scalerProtoPath?: string;
  /** Every timeline entry as it happens (the CLI prints them). */
  readonly onTimeline?: (entry: TimelineEntry) => void;
}

export interface DevCluster {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly kubeconfigPath: string;
  /** The in-process API (see docs/devcluster.md). */
  readonly store: Store;
  /** devcluster's own endpoints under /devcluster/; other parts register theirs here. */
  readonly routes: DevclusterRoutes;
  /** Scale decisions, pod milestones and StreamIsActive messages (also at GET /devcluster/events). */
  readonly timeline: Timeline;
  /** The process ids of every pod process running now. */
  pids(): number[];
  /** Resolves when the built-in controllers have nothing left to do (e.g. a cascade has finished). */
  idle(): Promise<void>;
  /**
   * Stops KEDA and the controllers, ends every pod process (SIGTERM, SIGKILL after stopGraceMs), closes every
   * connection (watches included) and saves the store.
   */
  stop(): Promise<void>;
}

const SEED_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function seed(store: Store, withCrds: boolean): void {
  const namespaces = store.resource({ group: '', version: 'v1', resource: 'namespaces' });
  for (const name of SEED_NAMESPACES) {
    if (namespaces.get(undefined, name) === undefined)
      namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  if (!withCrds) return;
  const crds = store.resource({
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
  });
  for (const crd of builtinCrds()) {
    const name = crd.metadata?.name ?? '';
    if (crds.get(undefined, name) === undefined)
      crds.create({ ...crd, metadata: { ...crd.metadata, name } } as KubeObject);
  }
}

export async function startDevCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  const onError = options.onError ?? ((err: unknown) => console.error('devcluster: internal error:', err));
  const registry = createRegistry();
  registry.register('builtin', builtinResources());
  const { store, internals } = createStore({
    registry,
    historySize: options.historySize ?? 10_000,
    onListenerError: onError,
  });
  let persistence: Persistence | undefined;
  if (options.dataDir !== undefined) {
    loadSnapshot(options.dataDir, internals);
    persistence = startPersistence({ dataDir: options.dataDir, store, internals, onError });
  }
  const controllers: Controller[] = [
    startGarbageCollector(store, onError),
    startNamespaceController(store, onError),
    startCrdCleanupController(store, onError),
  ];
  seed(store, options.builtinCrds ?? true);

  const { server, routes, subresources } = createApiServer({
    internals,
    registry,
    watch: {
      maxWatchSeconds: options.maxWatchSeconds ?? 1800,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    },
    onError,
  });
  routes.add('POST', 'expire-watches', (call) => sendJson(call.res, { expired: store.expireWatches() }));
  const timeline = createTimeline();
  addEventsRoute(routes, timeline);
  const unsubscribeTimeline =
    options.onTimeline === undefined ? undefined : timeline.subscribe(options.onTimeline);
  const images = imagesFrom(options.images);
  let kubelet: Kubelet | undefined;
  subresources.add(
    '',
    'pods',
    'log',
    podLogHandler(store, () => kubelet),
  );

  const port = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new DevClusterError('INVALID_OPTIONS', `cannot listen on 127.0.0.1:${port}: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actualPort}`;
  const tempDir =
    options.kubeconfigPath === undefined ? mkdtempSync(join(tmpdir(), 'devcluster-')) : undefined;
  const kubeconfigPath = options.kubeconfigPath ?? join(tempDir as string, 'kubeconfig');
  writeKubeconfig(kubeconfigPath, url);

  const emulation: Controller[] = [];
  if (options.logDir !== undefined) mkdirSync(options.logDir, { recursive: true });
  if (options.workloads ?? true) {
    kubelet = startKubelet({
      store,
      timeline,
      images,
      programs: locatePodPrograms(),
      ipPool: createPodIpPool(options.podIpStart !== undefined ? { first: options.podIpStart } : {}),
      kubeconfigPath,
      settings: {
        backoff: options.restartBackoff ?? { initialMs: 10_000, maxMs: 300_000 },
        periodCapMs: options.probePeriodCapMs ?? Number.POSITIVE_INFINITY,
        logMaxBytes: 1024 * 1024,
        logDir: options.logDir,
      },
      stopGraceMs: options.stopGraceMs ?? 5000,
      onError,
    });
    emulation.push(kubelet, startWorkloadController(store, onError));
  }
  emulation.push(startEndpointsController(store, onError));
  if (options.keda ?? true) {
    emulation.push(
      startKedaEmulation({
        store,
        timeline,
        hpaSyncPeriodMs: options.hpaSyncPeriodMs ?? 15_000,
        callTimeoutMs: options.scalerCallTimeoutMs ?? 5000,
        retry: options.kedaRetry ?? { initialMs: 1000, maxMs: 30_000 },
        ...(options.scalerProtoPath !== undefined ? { protoPath: options.scalerProtoPath } : {}),
        onError,
      }),
    );
  }
  controllers.push(...emulation);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: actualPort,
    kubeconfigPath,
    store,
    routes,
    timeline,
    pids: () => kubelet?.pids() ?? [],
    async idle() {
      do await Promise.all(controllers.map((c) => c.idle()));
      while (controllers.some((c) => c.busy()));
    },
    stop() {
      stopped ??= (async () => {
        // 1. KEDA and the controllers stop deciding; 2. every pod process ends (SIGTERM, then SIGKILL);
        // 3. the API server closes its connections; 4. the store is saved.
        for (const c of [...emulation].reverse()) c.stop();
        await kubelet?.shutdown();
        for (const c of controllers) if (!emulation.includes(c)) c.stop();
        unsubscribeTimeline?.();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        persistence?.stop();
        if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

function imagesFrom(images: DevClusterOptions['images']): ImageMap {
  if (images === undefined) return new Map();
  return typeof images === 'string' ? loadImageMap(images) : createImageMap(images);
}

export { ApiStatusError };

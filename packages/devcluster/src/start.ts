// startDevCluster: the API server, its store and the built-in controllers (garbage collector, namespace
// lifecycle, CRD cleanup), listening on loopback, with a kubeconfig written for clients. Used by the CLI
// and by tests.
import { mkdtempSync, rmSync } from 'node:fs';
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
  /** Resolves when the built-in controllers have nothing left to do (e.g. a cascade has finished). */
  idle(): Promise<void>;
  /** Closes every connection (watches included), stops the controllers and saves the store. */
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

  const { server, routes } = createApiServer({
    internals,
    registry,
    watch: {
      maxWatchSeconds: options.maxWatchSeconds ?? 1800,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 60_000,
    },
    onError,
  });
  routes.add('POST', 'expire-watches', (call) => sendJson(call.res, { expired: store.expireWatches() }));

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

  let stopped: Promise<void> | undefined;
  return {
    url,
    port: actualPort,
    kubeconfigPath,
    store,
    routes,
    async idle() {
      do await Promise.all(controllers.map((c) => c.idle()));
      while (controllers.some((c) => c.busy()));
    },
    stop() {
      stopped ??= (async () => {
        for (const c of controllers) c.stop();
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

export { ApiStatusError };

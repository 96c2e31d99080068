// The scaler's EndpointSlice watches, one informer per namespace it needs (the interceptors', and the
// operator's when the operator is found through its Service), each with its ready-endpoints cache. Watch
// failures are retried by the informer; they are logged here.
import {
  builtinResources,
  createInformer,
  createReadyEndpointsCache,
  type EndpointSlice,
  type Informer,
  type KubeClient,
  type ReadyEndpointsCache,
} from '@keda-http/k8s';
import type { Logger } from '@keda-http/runtime';

export interface EndpointWatches {
  /** The ready endpoints of one namespace's Services; undefined for a namespace not watched. */
  cache(namespace: string): ReadyEndpointsCache | undefined;
  /** Addresses of the ready endpoints of `namespace/service`. */
  readyAddresses(namespace: string, service: string): string[];
  start(): void;
  /** Resolves once every watch listed and is open. */
  synced(signal?: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  stop(): Promise<void>;
}

export function createEndpointWatches(
  kube: KubeClient,
  namespaces: Iterable<string>,
  log: Logger,
): EndpointWatches {
  const informers = new Map<string, Informer<EndpointSlice>>();
  const caches = new Map<string, ReadyEndpointsCache>();
  for (const namespace of new Set(namespaces)) {
    const informer = createInformer<EndpointSlice>({
      client: kube,
      resource: builtinResources.endpointSlices,
      namespace,
    });
    informer.onLifecycle((e) => {
      if (e.type === 'error')
        log.warn({ namespace, err: e.error, retryInMs: e.retryInMs }, 'EndpointSlice watch failed');
    });
    informers.set(namespace, informer);
    caches.set(namespace, createReadyEndpointsCache(informer));
  }
  return {
    cache: (namespace) => caches.get(namespace),
    readyAddresses: (namespace, service) =>
      (caches.get(namespace)?.get(namespace, service).ready ?? []).map((e) => e.address),
    start() {
      for (const informer of informers.values()) informer.start();
    },
    synced: async (signal) => void (await Promise.all([...informers.values()].map((i) => i.synced(signal)))),
    hasSynced: () => [...informers.values()].every((i) => i.hasSynced()),
    stop: async () => void (await Promise.all([...informers.values()].map((i) => i.stop()))),
  };
}

// The interceptor's view of the cluster, all from list+watch (no polling): EndpointSlices (readiness and the
// pod addresses of direct routing), Services (port names and numbers), Deployments (/deployments), all in
// KEDA_HTTP_WATCH_NAMESPACE or every namespace; and, unless KEDA_HTTP_OPERATOR_ADMIN_URL is set, the
// EndpointSlices of the operator admin Service in KEDA_HTTP_OPERATOR_NAMESPACE (to find the routing table).
import {
  builtinResources,
  createInformer,
  createReadyEndpointsCache,
  SERVICE_NAME_LABEL,
  type EndpointSlice,
  type Informer,
  type KubeClient,
  type KubeObject,
  type LifecycleEvent,
  type ReadyEndpointsCache,
  type ServiceEndpoints,
} from '@keda-http/k8s';
import type { DeploymentLookup, DeploymentReplicas } from '../admin/deployments-route.js';
import type { ServiceLookup, ServicePorts } from '../upstream/target-resolver.js';

export interface ClusterWatchOptions {
  readonly client: KubeClient;
  /** Empty or undefined: every namespace. */
  readonly watchNamespace?: string | undefined;
  /** Watch the operator admin Service's endpoints (when its URL is not configured). */
  readonly operator?: { readonly namespace: string; readonly service: string } | undefined;
  readonly onLifecycle?: (resource: string, event: LifecycleEvent) => void;
}

export interface ClusterWatch {
  readonly endpoints: ReadyEndpointsCache;
  readonly services: ServiceLookup;
  readonly deployments: DeploymentLookup;
  /** The operator admin Service's endpoints, when watched. */
  readonly operatorEndpoints: (() => ServiceEndpoints) | undefined;
  start(): void;
  /** Resolves once every watch has listed and is watching. */
  synced(signal?: AbortSignal): Promise<void>;
  stop(): Promise<void>;
}

export function createClusterWatch(options: ClusterWatchOptions): ClusterWatch {
  const { client, watchNamespace, operator } = options;
  const namespace = watchNamespace === '' ? undefined : watchNamespace;
  const slices = createInformer<EndpointSlice>({
    client,
    resource: builtinResources.endpointSlices,
    namespace,
  });
  const services = createInformer<KubeObject & ServicePorts>({
    client,
    resource: builtinResources.services,
    namespace,
  });
  const deployments = createInformer<KubeObject & DeploymentReplicas>({
    client,
    resource: builtinResources.deployments,
    namespace,
  });
  const operatorSlices =
    operator === undefined
      ? undefined
      : createInformer<EndpointSlice>({
          client,
          resource: builtinResources.endpointSlices,
          namespace: operator.namespace,
          labelSelector: `${SERVICE_NAME_LABEL}=${operator.service}`,
        });
  const informers: Informer<KubeObject>[] = [slices, services, deployments];
  if (operatorSlices !== undefined) informers.push(operatorSlices);
  for (const informer of informers) {
    informer.onLifecycle((event) => options.onLifecycle?.(informer.resource.plural, event));
  }
  const endpoints = createReadyEndpointsCache(slices);
  const operatorCache = operatorSlices === undefined ? undefined : createReadyEndpointsCache(operatorSlices);

  return {
    endpoints,
    services: (ns, name) => services.get(name, ns),
    deployments: (ns, name) => deployments.get(name, ns),
    operatorEndpoints:
      operatorCache === undefined || operator === undefined
        ? undefined
        : () => operatorCache.get(operator.namespace, operator.service),
    start() {
      for (const informer of informers) informer.start();
    },
    async synced(signal) {
      await Promise.all(informers.map((informer) => informer.synced(signal)));
    },
    async stop() {
      await Promise.all(informers.map((informer) => informer.stop()));
    },
  };
}

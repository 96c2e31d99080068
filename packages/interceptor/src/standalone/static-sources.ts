// Fixed sources for running the interceptor without a Kubernetes API: a routing table built once, and
// EndpointSlices that never change, fed to the same ready-endpoints cache the cluster watch feeds. The
// benchmark entry point uses them, so it measures the production pipeline (routing on a frozen table,
// counting, the readiness snapshot, forwarding) with only the sources swapped.
import {
  createReadyEndpointsCache,
  SERVICE_NAME_LABEL,
  type EndpointSlice,
  type Informer,
  type ReadyEndpointsCache,
} from '@keda-http/k8s';
import { buildTable, type Route, type RoutingTable } from '@keda-http/routing';
import type { TableSource } from '../table/table-source.js';
import type { ServiceLookup, ServicePorts } from '../upstream/target-resolver.js';

export interface StaticBackend {
  readonly namespace: string;
  readonly service: string;
  /** Ready endpoint addresses (pod IPs) and the one port they all listen on. */
  readonly addresses: readonly string[];
  readonly port: number;
  readonly portName: string;
}

/** A ready-endpoints cache over EndpointSlices that never change. */
export function staticEndpoints(backends: readonly StaticBackend[]): ReadyEndpointsCache {
  const slices: EndpointSlice[] = backends.map((b) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${b.service}-static`,
      namespace: b.namespace,
      labels: { [SERVICE_NAME_LABEL]: b.service },
    },
    addressType: 'IPv4',
    endpoints: b.addresses.map((address) => ({ addresses: [address], conditions: { ready: true } })),
    ports: [{ name: b.portName, port: b.port, protocol: 'TCP' }],
  }));
  // The cache only subscribes to changes and lists once; a fixed list needs nothing else.
  const informer = {
    onChange: () => () => undefined,
    list: () => slices,
  } as unknown as Informer<EndpointSlice>;
  return createReadyEndpointsCache(informer);
}

/** Services whose ports are the backends' ports. */
export function staticServices(backends: readonly StaticBackend[]): ServiceLookup {
  const byKey = new Map<string, ServicePorts>(
    backends.map((b) => [
      `${b.namespace}/${b.service}`,
      { spec: { ports: [{ name: b.portName, port: b.port }] } },
    ]),
  );
  return (namespace, name) => byKey.get(`${namespace}/${name}`);
}

/** A table source that always has the same table. */
export function staticTable(routes: readonly Route[]) {
  return (onTable: (table: RoutingTable) => void): TableSource => {
    const table = buildTable(routes);
    onTable(table);
    return {
      current: () => table,
      refresh: async () => table,
      ready: async () => table,
      done: Promise.resolve(),
    };
  };
}

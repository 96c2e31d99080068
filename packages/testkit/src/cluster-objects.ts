// Builders for the built-in objects tests create on devcluster before it runs pods itself: a Service, the
// EndpointSlice that lists a test's local upstreams as the Service's endpoints, and a Deployment. Plain JSON,
// ready to send with any client (`kubectl apply`, @keda-http/k8s, the devcluster store).

export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly appProtocol?: string;
}

export function serviceObject(namespace: string, name: string, ports: readonly ServicePortSpec[]) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { app: name },
      ports: ports.map((p) => ({
        protocol: 'TCP',
        ...(p.name !== undefined ? { name: p.name } : {}),
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}),
      })),
    },
  };
}

export interface SliceEndpoint {
  /** Pod IP, e.g. 127.0.0.1 for a local upstream. */
  readonly address: string;
  /** Default true. */
  readonly ready?: boolean;
  readonly terminating?: boolean;
  readonly podName?: string;
}

export interface EndpointSliceOptions {
  readonly namespace: string;
  /** The Service the slice belongs to (label kubernetes.io/service-name). */
  readonly service: string;
  /** Default `<service>-slice`. */
  readonly name?: string;
  readonly endpoints: readonly SliceEndpoint[];
  /** Port name ('' for a Service's single unnamed port) and number on the endpoints. */
  readonly ports: readonly { readonly name?: string; readonly port: number }[];
}

export function endpointSliceObject(opts: EndpointSliceOptions) {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: opts.name ?? `${opts.service}-slice`,
      namespace: opts.namespace,
      labels: { 'kubernetes.io/service-name': opts.service },
    },
    addressType: 'IPv4',
    endpoints: opts.endpoints.map((e) => ({
      addresses: [e.address],
      conditions: {
        ready: e.ready ?? true,
        serving: e.ready ?? true,
        terminating: e.terminating ?? false,
      },
      ...(e.podName !== undefined
        ? { targetRef: { kind: 'Pod', name: e.podName, namespace: opts.namespace } }
        : {}),
    })),
    ports: opts.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: 'TCP' })),
  };
}

export function deploymentObject(namespace: string, name: string, replicas: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'example/app:1' }] },
      },
    },
  };
}

export function namespaceObject(name: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function configMapObject(namespace: string, name: string, data: Record<string, string>) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

// A request to a Service the way a client inside the cluster sends it: to a ready endpoint of the Service's
// EndpointSlices (what kube-proxy would pick), on the endpoint port named like the Service port, with the
// Host header the client chose.
import http from 'node:http';
import type { DevCluster } from '@keda-http/devcluster';

interface Slice {
  readonly endpoints?: readonly { addresses: string[]; conditions?: { ready?: boolean } }[];
  readonly ports?: readonly { name?: string; port?: number }[];
}

export interface ServiceResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** A ready `address:port` of the Service's port `portName`, or undefined while there is none. */
export function readyEndpoint(
  cluster: DevCluster,
  where: { namespace: string; service: string; portName: string },
): { address: string; port: number } | undefined {
  const slices = cluster.store
    .resource({ group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' })
    .list({ namespace: where.namespace, labelSelector: `kubernetes.io/service-name=${where.service}` })
    .items as unknown as Slice[];
  for (const slice of slices) {
    const port = slice.ports?.find((p) => p.name === where.portName)?.port;
    const endpoint = slice.endpoints?.find((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    if (port !== undefined && endpoint !== undefined)
      return { address: endpoint.addresses[0] as string, port };
  }
  return undefined;
}

export function requestThroughService(
  cluster: DevCluster,
  target: { namespace: string; service: string; portName: string; host: string; path: string },
): Promise<ServiceResponse> {
  const endpoint = readyEndpoint(cluster, target);
  if (endpoint === undefined) {
    return Promise.reject(new Error(`service ${target.namespace}/${target.service} has no ready endpoint`));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: endpoint.address,
        port: endpoint.port,
        path: target.path,
        headers: { host: target.host },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

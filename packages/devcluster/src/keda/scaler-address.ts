// Where a trigger's `scalerAddress` points on this machine. In a cluster, `svc.ns:port` is a DNS name that
// reaches a ready pod behind the Service; here there is no cluster DNS, so the name (`svc`, `svc.ns`,
// `svc.ns.svc`, `svc.ns.svc.cluster.local`, or the Service's clusterIP) is looked up among devcluster's own
// Services, and the port is followed to a ready endpoint of its EndpointSlices (or Endpoints). Any other
// `host:port` (an IP, localhost, a real DNS name) is used as written.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Store } from '../store/store.js';

export type ResolvedAddress =
  | { readonly ok: true; readonly target: string; readonly via?: string }
  | { readonly ok: false; readonly message: string };

const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

function splitHostPort(address: string): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(address.trim().replace(/^(dns|ipv4):\/*/, ''));
  if (m === null) return undefined;
  return { host: m[1] as string, port: Number(m[2]) };
}

/** The Service a host name stands for, if it has the cluster shape. */
function serviceName(host: string, namespace: string): { namespace: string; name: string } | undefined {
  const parts = host.split('.');
  if (parts.length === 1) return { namespace, name: host };
  if (parts.length === 2) return { namespace: parts[1] as string, name: parts[0] as string };
  if (parts.length === 3 && parts[2] === 'svc')
    return { namespace: parts[1] as string, name: parts[0] as string };
  if (parts.length === 5 && parts.slice(2).join('.') === 'svc.cluster.local')
    return { namespace: parts[1] as string, name: parts[0] as string };
  return undefined;
}

function readyEndpoint(store: Store, service: KubeObject, port: number): ResolvedAddress {
  const ns = service.metadata.namespace ?? '';
  const name = service.metadata.name ?? '';
  const sp = objects((service['spec'] as JsonObject | undefined)?.['ports']).find((p) => p['port'] === port);
  if (sp === undefined) return { ok: false, message: `service ${ns}/${name} has no port ${port}` };
  const portName = typeof sp['name'] === 'string' ? sp['name'] : '';
  const slices = store
    .resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' })
    .list({ namespace: ns, labelSelector: `kubernetes.io/service-name=${name}` }).items;
  for (const slice of slices) {
    const target = objects(slice['ports']).find((p) => (p['name'] ?? '') === portName)?.['port'];
    if (typeof target !== 'number') continue;
    for (const ep of objects(slice['endpoints'])) {
      const conditions = isJsonObject(ep['conditions']) ? ep['conditions'] : {};
      const address: unknown = Array.isArray(ep['addresses']) ? ep['addresses'][0] : undefined;
      if (conditions['ready'] !== false && typeof address === 'string')
        return { ok: true, target: `${address}:${target}`, via: `service ${ns}/${name}:${port}` };
    }
  }
  const endpoints = store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).get(ns, name);
  for (const subset of objects(endpoints?.['subsets'])) {
    const target = objects(subset['ports']).find((p) => (p['name'] ?? '') === portName)?.['port'];
    const ip = objects(subset['addresses'])[0]?.['ip'];
    if (typeof target === 'number' && typeof ip === 'string')
      return { ok: true, target: `${ip}:${target}`, via: `service ${ns}/${name}:${port}` };
  }
  return { ok: false, message: `no ready endpoints for service ${ns}/${name}:${port}` };
}

export function resolveScalerAddress(store: Store, address: string, namespace: string): ResolvedAddress {
  const parsed = splitHostPort(address);
  if (parsed === undefined) return { ok: false, message: `scalerAddress "${address}" is not host:port` };
  const services = store.resource({ apiVersion: 'v1', kind: 'Service' });
  const byClusterIp = services
    .list()
    .items.find(
      (s) => isJsonObject(s['spec']) && s['spec']['clusterIP'] === parsed.host && parsed.host !== 'None',
    );
  if (byClusterIp !== undefined) return readyEndpoint(store, byClusterIp, parsed.port);
  const literal = /^[\d.]+$/.test(parsed.host) || parsed.host.startsWith('[') || parsed.host === 'localhost';
  const named = literal ? undefined : serviceName(parsed.host, namespace);
  if (named === undefined) return { ok: true, target: `${parsed.host}:${parsed.port}` };
  const service = services.get(named.namespace, named.name);
  if (service === undefined) {
    const clusterShaped =
      parsed.host.split('.').length <= 2 ||
      parsed.host.endsWith('.svc') ||
      parsed.host.endsWith('.svc.cluster.local');
    if (clusterShaped)
      return {
        ok: false,
        message: `service ${named.namespace}/${named.name} not found (scalerAddress "${address}")`,
      };
    return { ok: true, target: `${parsed.host}:${parsed.port}` };
  }
  return readyEndpoint(store, service, parsed.port);
}

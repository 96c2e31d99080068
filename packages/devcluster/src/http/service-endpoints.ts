// Resolves `[scheme:]NAME[:PORT]` of a Service to one ready backend address, the way the API server's
// service proxy does: the Service port by number or name, then a ready endpoint with the port of the same
// name, from the EndpointSlices labelled kubernetes.io/service-name (or else the Endpoints object).
import { fail, failure, statuses } from '../api/status.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Registry } from '../registry/registry.js';
import { getEntry, listEntries } from '../store/read.js';
import type { StoreState } from '../store/store-state.js';

export interface Backend {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
}

const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':');
  if (parts.length === 1) return { scheme: '', name: parts[0] as string, port: '' };
  if (parts.length === 2) return { scheme: '', name: parts[0] as string, port: parts[1] as string };
  if (parts.length === 3 && (parts[0] === 'http' || parts[0] === 'https')) {
    return { scheme: parts[0], name: parts[1] as string, port: parts[2] as string };
  }
  return undefined;
}

const unavailable = (message: string): never => fail(failure(503, 'ServiceUnavailable', message));

function pick<T>(items: readonly T[]): T | undefined {
  return items[Math.floor(Math.random() * items.length)];
}

function fromSlices(
  state: StoreState,
  service: { readonly namespace: string; readonly name: string },
  portName: string,
): { host: string; port: number } | undefined {
  const { namespace, name } = service;
  const type = state.registry.lookup('discovery.k8s.io', 'v1', 'endpointslices');
  if (type === undefined) return undefined;
  const candidates: { host: string; port: number }[] = [];
  const { entries } = listEntries(state, type, {
    namespace,
    labelSelector: `kubernetes.io/service-name=${name}`,
  });
  for (const { object } of entries) {
    const port = list(object['ports']).find((p) => (p['name'] ?? '') === portName);
    if (port === undefined || typeof port['port'] !== 'number') continue;
    for (const ep of list(object['endpoints'])) {
      const conditions = isJsonObject(ep['conditions']) ? ep['conditions'] : {};
      if (conditions['ready'] === false) continue;
      for (const address of Array.isArray(ep['addresses']) ? ep['addresses'] : []) {
        if (typeof address === 'string') candidates.push({ host: address, port: port['port'] });
      }
    }
  }
  return pick(candidates);
}

function fromEndpoints(
  endpoints: KubeObject | undefined,
  portName: string,
): { host: string; port: number } | undefined {
  if (endpoints === undefined) return undefined;
  const candidates: { host: string; port: number }[] = [];
  for (const subset of list(endpoints['subsets'])) {
    const port = list(subset['ports']).find((p) => (p['name'] ?? '') === portName);
    if (port === undefined || typeof port['port'] !== 'number') continue;
    for (const address of list(subset['addresses'])) {
      if (typeof address['ip'] === 'string') candidates.push({ host: address['ip'], port: port['port'] });
    }
  }
  return pick(candidates);
}

export function resolveBackend(
  state: StoreState,
  registry: Registry,
  namespace: string,
  id: string,
): Backend {
  const parsed = splitSchemeNamePort(id);
  if (parsed === undefined || parsed.name === '')
    fail(statuses.badRequest(`invalid service request ${JSON.stringify(id)}`));
  const servicesType = registry.lookup('', 'v1', 'services');
  const endpointsType = registry.lookup('', 'v1', 'endpoints');
  if (servicesType === undefined || endpointsType === undefined) fail(statuses.pathNotFound());
  const service = getEntry(state, { type: servicesType, namespace, name: parsed.name })?.object;
  if (service === undefined) fail(statuses.notFound(servicesType, parsed.name));
  const ports = list(isJsonObject(service['spec']) ? service['spec']['ports'] : undefined);
  let portName = parsed.port;
  if (/^\d+$/.test(parsed.port)) {
    const found = ports.find((p) => p['port'] === Number(parsed.port));
    if (found === undefined)
      unavailable(`no service port ${parsed.port} found for service ${JSON.stringify(parsed.name)}`);
    portName = typeof found?.['name'] === 'string' ? found['name'] : '';
  } else if (portName !== '' && !ports.some((p) => p['name'] === portName)) {
    unavailable(
      `no service port ${JSON.stringify(portName)} found for service ${JSON.stringify(parsed.name)}`,
    );
  }
  const chosen =
    fromSlices(state, { namespace, name: parsed.name }, portName) ??
    fromEndpoints(getEntry(state, { type: endpointsType, namespace, name: parsed.name })?.object, portName);
  if (chosen === undefined) return unavailable(`no endpoints available for service ${JSON.stringify(id)}`);
  return { scheme: parsed.scheme === 'https' ? 'https' : 'http', host: chosen.host, port: chosen.port };
}

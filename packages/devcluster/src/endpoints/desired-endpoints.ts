// What the endpoint controllers should publish for a Service with a selector, from the pods it selects: pods
// with an IP, grouped by the port numbers their `targetPort`s resolve to (by number, or by the name of a
// container port), each endpoint with ready/serving/terminating and a targetRef to its pod; and the same as
// the legacy Endpoints subsets (ready addresses, not-ready addresses; terminating pods left out).
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';

export interface SlicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly appProtocol?: string;
}

export interface SliceEndpoint {
  readonly addresses: readonly string[];
  readonly conditions: { readonly ready: boolean; readonly serving: boolean; readonly terminating: boolean };
  readonly nodeName?: string;
  readonly targetRef: {
    readonly kind: 'Pod';
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  };
}

export interface EndpointGroup {
  /** The ports, as JSON: the key that tells groups (and slices) apart. */
  readonly signature: string;
  readonly ports: readonly SlicePort[];
  readonly endpoints: readonly SliceEndpoint[];
}

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);

/** The Service's selector as a label map, or undefined when it has none (its endpoints are managed by hand). */
export function serviceSelector(service: KubeObject): Record<string, string> | undefined {
  const selector = obj(service['spec'])['selector'];
  if (!isJsonObject(selector) || Object.keys(selector).length === 0) return undefined;
  return selector as Record<string, string>;
}

export function selects(service: KubeObject, pod: KubeObject): boolean {
  const selector = serviceSelector(service);
  if (selector === undefined || pod.metadata.namespace !== service.metadata.namespace) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

function containerPort(pod: KubeObject, name: string, protocol: string): number | undefined {
  for (const c of objects(obj(pod['spec'])['containers'])) {
    for (const p of objects(c['ports'])) {
      if (
        p['name'] === name &&
        (p['protocol'] ?? 'TCP') === protocol &&
        typeof p['containerPort'] === 'number'
      )
        return p['containerPort'];
    }
  }
  return undefined;
}

function podReady(pod: KubeObject): boolean {
  return objects(obj(pod['status'])['conditions']).some(
    (c) => c['type'] === 'Ready' && c['status'] === 'True',
  );
}

export function desiredEndpoints(service: KubeObject, pods: readonly KubeObject[]): EndpointGroup[] {
  const spec = obj(service['spec']);
  const publishNotReady = spec['publishNotReadyAddresses'] === true;
  const servicePorts = objects(spec['ports']);
  const groups = new Map<string, { ports: SlicePort[]; endpoints: SliceEndpoint[] }>();
  const candidates = pods
    .filter((p) => selects(service, p))
    .filter((p) => typeof obj(p['status'])['podIP'] === 'string' && obj(p['status'])['podIP'] !== '')
    .filter((p) => !['Succeeded', 'Failed'].includes(String(obj(p['status'])['phase'])))
    .sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  for (const pod of candidates) {
    const ports: SlicePort[] = [];
    for (const sp of servicePorts) {
      const protocol = typeof sp['protocol'] === 'string' ? sp['protocol'] : 'TCP';
      const target = sp['targetPort'] ?? sp['port'];
      const port = typeof target === 'number' ? target : containerPort(pod, String(target), protocol);
      if (port === undefined) continue;
      ports.push({
        name: typeof sp['name'] === 'string' ? sp['name'] : '',
        port,
        protocol,
        ...(typeof sp['appProtocol'] === 'string' ? { appProtocol: sp['appProtocol'] } : {}),
      });
    }
    ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const signature = JSON.stringify(ports);
    const terminating = pod.metadata.deletionTimestamp !== undefined;
    const ready = podReady(pod);
    const nodeName = obj(pod['spec'])['nodeName'];
    const endpoint: SliceEndpoint = {
      addresses: [String(obj(pod['status'])['podIP'])],
      conditions: {
        ready: publishNotReady || (ready && !terminating),
        serving: publishNotReady || ready,
        terminating,
      },
      ...(typeof nodeName === 'string' && nodeName !== '' ? { nodeName } : {}),
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace ?? '',
        name: pod.metadata.name ?? '',
        uid: pod.metadata.uid ?? '',
      },
    };
    const group = groups.get(signature) ?? { ports, endpoints: [] };
    group.endpoints.push(endpoint);
    groups.set(signature, group);
  }
  return [...groups.entries()].map(([signature, g]) => ({ signature, ...g }));
}

/** The legacy Endpoints subsets for the same groups. */
export function endpointSubsets(groups: readonly EndpointGroup[]): JsonObject[] {
  const subsets: JsonObject[] = [];
  for (const g of groups) {
    const address = (e: SliceEndpoint): JsonObject => ({
      ip: e.addresses[0],
      ...(e.nodeName !== undefined ? { nodeName: e.nodeName } : {}),
      targetRef: { ...e.targetRef },
    });
    const live = g.endpoints.filter((e) => !e.conditions.terminating);
    const ready = live.filter((e) => e.conditions.ready).map(address);
    const notReady = live.filter((e) => !e.conditions.ready).map(address);
    if (ready.length === 0 && notReady.length === 0) continue;
    subsets.push({
      ...(ready.length > 0 ? { addresses: ready } : {}),
      ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}),
      ports: g.ports.map((p) => ({ ...p })),
    });
  }
  return subsets;
}

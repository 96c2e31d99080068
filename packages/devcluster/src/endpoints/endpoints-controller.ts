// The EndpointSlice and Endpoints controllers for Services with a selector. Every pod or Service change
// (store events, never polling) queues the Services concerned; the reconcile publishes one EndpointSlice per
// set of resolved ports (one per Service in practice, `<service>-<random>`, labelled
// `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`, owned by the Service), plus the
// legacy Endpoints object of the same name as the Service. Slices and Endpoints the controller did not make
// (a selector-less Service's, a test's) are left alone.
import { deepEqual } from '../api/deep-values.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { Controller } from '../controllers/garbage-collector.js';
import { tolerant } from '../controllers/object-refs.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import type { StoreEvent } from '../store/store-event.js';
import type { Store } from '../store/store.js';
import {
  desiredEndpoints,
  endpointSubsets,
  selects,
  serviceSelector,
  type EndpointGroup,
} from './desired-endpoints.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const SLICE_MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
const ENDPOINTS_MANAGED_BY_LABEL = 'endpoints.kubernetes.io/managed-by';
const ENDPOINTS_CONTROLLER = 'endpoint-controller';

const SERVICES = { group: '', version: 'v1', resource: 'services' } as const;
const PODS = { group: '', version: 'v1', resource: 'pods' } as const;
const ENDPOINTS = { group: '', version: 'v1', resource: 'endpoints' } as const;
const SLICES = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' } as const;

const portsKey = (slice: KubeObject): string => {
  const ports = Array.isArray(slice['ports']) ? slice['ports'].filter(isJsonObject) : [];
  const normal = ports
    .map((p) => ({
      name: typeof p['name'] === 'string' ? p['name'] : '',
      port: p['port'],
      protocol: p['protocol'] ?? 'TCP',
      ...(typeof p['appProtocol'] === 'string' ? { appProtocol: p['appProtocol'] } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return JSON.stringify(normal);
};

export function startEndpointsController(store: Store, onError: (err: unknown) => void): Controller {
  const slices = () => store.resource(SLICES);
  const endpoints = () => store.resource(ENDPOINTS);

  function managedSlices(ns: string, name: string): KubeObject[] {
    return slices().list({
      namespace: ns,
      labelSelector: `${SERVICE_NAME_LABEL}=${name},${SLICE_MANAGED_BY_LABEL}=${SLICE_CONTROLLER}`,
    }).items;
  }

  function sliceLabels(service: KubeObject): Record<string, string> {
    return {
      ...service.metadata.labels,
      [SERVICE_NAME_LABEL]: service.metadata.name ?? '',
      [SLICE_MANAGED_BY_LABEL]: SLICE_CONTROLLER,
    };
  }

  function publishSlices(service: KubeObject, groups: EndpointGroup[]): void {
    const ns = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const existing = managedSlices(ns, name);
    const labels = sliceLabels(service);
    const wanted = groups.length > 0 ? groups : [{ signature: '[]', ports: [], endpoints: [] }];
    const unused = new Set(existing);
    for (const group of wanted) {
      const endpointsJson = group.endpoints.map((e) => ({
        ...e,
        targetRef: { ...e.targetRef },
      })) as unknown as JsonObject[];
      const ports = group.ports.map((p) => ({ ...p }));
      const match = existing.find((s) => unused.has(s) && portsKey(s) === group.signature);
      if (match !== undefined) {
        unused.delete(match);
        const same =
          deepEqual(match['endpoints'] ?? [], endpointsJson) &&
          deepEqual(match['ports'] ?? [], ports) &&
          deepEqual(match.metadata.labels ?? {}, labels);
        if (!same)
          tolerant(() =>
            slices().update({
              ...match,
              metadata: { ...match.metadata, labels },
              endpoints: endpointsJson,
              ports,
            }),
          );
        continue;
      }
      tolerant(() =>
        slices().create({
          apiVersion: 'discovery.k8s.io/v1',
          kind: 'EndpointSlice',
          metadata: {
            generateName: `${name}-`,
            namespace: ns,
            labels,
            ownerReferences: [
              {
                apiVersion: 'v1',
                kind: 'Service',
                name,
                uid: service.metadata.uid ?? '',
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          addressType: 'IPv4',
          endpoints: endpointsJson,
          ports,
        }),
      );
    }
    for (const s of unused) tolerant(() => slices().delete(ns, s.metadata.name ?? ''));
  }

  function publishEndpoints(service: KubeObject, groups: EndpointGroup[]): void {
    const ns = service.metadata.namespace ?? '';
    const name = service.metadata.name ?? '';
    const labels = { ...service.metadata.labels, [ENDPOINTS_MANAGED_BY_LABEL]: ENDPOINTS_CONTROLLER };
    const subsets = endpointSubsets(groups);
    const current = endpoints().get(ns, name);
    const body: KubeObject = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { ...(current?.metadata ?? { name, namespace: ns }), labels },
      ...(subsets.length > 0 ? { subsets } : {}),
    };
    if (current === undefined) tolerant(() => endpoints().create(body));
    else if (
      !deepEqual(current['subsets'] ?? [], subsets) ||
      !deepEqual(current.metadata.labels ?? {}, labels)
    )
      tolerant(() => endpoints().update(body));
  }

  function withdraw(ns: string, name: string): void {
    for (const s of managedSlices(ns, name)) tolerant(() => slices().delete(ns, s.metadata.name ?? ''));
    const current = endpoints().get(ns, name);
    if (current?.metadata.labels?.[ENDPOINTS_MANAGED_BY_LABEL] === ENDPOINTS_CONTROLLER)
      tolerant(() => endpoints().delete(ns, name));
  }

  function reconcile(key: string): void {
    const [ns = '', name = ''] = key.split('/');
    const service = store.resource(SERVICES).get(ns, name);
    if (
      service === undefined ||
      service.metadata.deletionTimestamp !== undefined ||
      serviceSelector(service) === undefined
    ) {
      withdraw(ns, name);
      return;
    }
    const groups = desiredEndpoints(service, store.resource(PODS).list({ namespace: ns }).items);
    publishSlices(service, groups);
    publishEndpoints(service, groups);
  }

  const queue = createWorkQueue(reconcile, onError);
  const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`;

  function observe(event: StoreEvent): void {
    const o = event.object;
    switch (event.storageKey) {
      case '/services':
        return queue.add(keyOf(o));
      case '/pods':
        for (const service of store.resource(SERVICES).list({ namespace: o.metadata.namespace ?? '' })
          .items) {
          if (selects(service, o) || (event.previous !== undefined && selects(service, event.previous)))
            queue.add(keyOf(service));
        }
        return;
      case 'discovery.k8s.io/endpointslices': {
        const service = o.metadata.labels?.[SERVICE_NAME_LABEL];
        if (service !== undefined && o.metadata.labels?.[SLICE_MANAGED_BY_LABEL] === SLICE_CONTROLLER)
          queue.add(`${o.metadata.namespace ?? ''}/${service}`);
        return;
      }
      case '/endpoints':
        if (o.metadata.labels?.[ENDPOINTS_MANAGED_BY_LABEL] === ENDPOINTS_CONTROLLER) queue.add(keyOf(o));
        return;
    }
  }

  const unsubscribe = store.subscribe(observe);
  for (const service of store.resource(SERVICES).list().items) queue.add(keyOf(service));
  return {
    idle: () => queue.idle(),
    busy: () => queue.busy(),
    stop() {
      unsubscribe();
      queue.stop();
    },
  };
}

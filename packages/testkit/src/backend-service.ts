// A backend Service on devcluster whose pods are local echo upstreams: the Service object, and one
// EndpointSlice per replica listing that replica's upstream (127.0.0.<i+1> and its own port) with readiness a
// test can flip. This stands in for devcluster's pods-as-processes until it runs pods itself.
import type { KubeObject, Store } from '@keda-http/devcluster';
import { endpointSliceObject, serviceObject } from './cluster-objects.js';
import { startEchoUpstream, type EchoUpstream } from './upstreams.js';

export interface BackendServiceOptions {
  readonly namespace: string;
  readonly service: string;
  /** The Service's port; default 80. */
  readonly servicePort?: number;
  /** The Service port's name; default 'http'. */
  readonly portName?: string;
  /** Echo upstreams (one per "pod"); default 1. */
  readonly replicas?: number;
  /** Whether the endpoints start ready; default true. */
  readonly ready?: boolean;
  /** Reported as `name` by the echo upstreams (suffixed with the replica index when there are several). */
  readonly name?: string;
}

export interface BackendService {
  readonly namespace: string;
  readonly service: string;
  readonly servicePort: number;
  readonly portName: string;
  readonly upstreams: readonly EchoUpstream[];
  /** Rewrites replica `index`'s EndpointSlice with the given conditions. */
  setEndpoint(index: number, conditions: { ready: boolean; terminating?: boolean }): void;
  /** Deletes replica `index`'s EndpointSlice (the pod is gone). */
  removeEndpoint(index: number): void;
  /** Closes the upstreams (the objects stay). */
  close(): Promise<void>;
}

/** Replica i's address: 127.0.0.1, 127.0.0.2, … */
export function replicaAddress(index: number): string {
  return `127.0.0.${index + 1}`;
}

/** Creates the object, or replaces it when it exists. */
export function applyObject(store: Store, object: KubeObject): KubeObject {
  const client = store.resource({ apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' });
  const { namespace, name = '' } = object.metadata;
  const existing = client.get(namespace, name);
  if (existing === undefined) return client.create(object);
  return client.update({
    ...object,
    metadata: { ...object.metadata, resourceVersion: existing.metadata.resourceVersion },
  });
}

/** Deletes the object if it exists. */
export function deleteObject(store: Store, object: KubeObject): void {
  const client = store.resource({ apiVersion: object.apiVersion ?? '', kind: object.kind ?? '' });
  const { namespace, name = '' } = object.metadata;
  if (client.get(namespace, name) !== undefined) client.delete(namespace, name);
}

export async function startBackendService(
  store: Store,
  opts: BackendServiceOptions,
): Promise<BackendService> {
  const servicePort = opts.servicePort ?? 80;
  const portName = opts.portName ?? 'http';
  const replicas = opts.replicas ?? 1;
  const upstreams: EchoUpstream[] = [];
  for (let i = 0; i < replicas; i++) {
    const name = opts.name ?? opts.service;
    // Each replica has its own loopback address, as pods have their own IPs (the endpoints cache, like
    // Kubernetes, identifies an endpoint by its address).
    upstreams.push(
      await startEchoUpstream({ name: replicas > 1 ? `${name}-${i}` : name, host: replicaAddress(i) }),
    );
  }
  applyObject(store, serviceObject(opts.namespace, opts.service, [{ name: portName, port: servicePort }]));
  const slice = (index: number, conditions: { ready: boolean; terminating?: boolean }): KubeObject =>
    endpointSliceObject({
      namespace: opts.namespace,
      service: opts.service,
      name: `${opts.service}-${index}`,
      endpoints: [
        {
          address: replicaAddress(index),
          ready: conditions.ready,
          terminating: conditions.terminating ?? false,
          podName: `${opts.service}-${index}`,
        },
      ],
      ports: [{ name: portName, port: (upstreams[index] as EchoUpstream).port }],
    });
  upstreams.forEach((_, i) => applyObject(store, slice(i, { ready: opts.ready ?? true })));
  return {
    namespace: opts.namespace,
    service: opts.service,
    servicePort,
    portName,
    upstreams,
    setEndpoint: (index, conditions) => void applyObject(store, slice(index, conditions)),
    removeEndpoint: (index) => deleteObject(store, slice(index, { ready: false })),
    close: async () => {
      await Promise.all(upstreams.map((u) => u.close()));
    },
  };
}

// An event-driven view of each Service's endpoints, built from an EndpointSlice informer. Consumers ask
// "which endpoints of ns/svc are ready?" on the hot path (a precomputed, immutable snapshot per Service), and
// wait for the first ready endpoint without polling: waiters are woken by the watch event itself.
import type { ChangeEvent, Informer } from './informer.js';
import type { KubeObject } from './rest-client.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Array<{
    addresses?: string[];
    conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
    targetRef?: { kind?: string; name?: string; namespace?: string };
    nodeName?: string;
  }> | null;
  ports?: Array<{ name?: string; port?: number; protocol?: string; appProtocol?: string }> | null;
}

export interface EndpointPort {
  readonly name: string;
  readonly port: number;
  readonly appProtocol?: string | undefined;
}

export interface Endpoint {
  readonly address: string;
  readonly ports: readonly EndpointPort[];
  /** The pod behind this endpoint, when the slice names one. */
  readonly podName?: string | undefined;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
}

export interface ServiceEndpoints {
  /** `namespace/name` of the Service. */
  readonly key: string;
  /** Endpoints that may receive new requests: ready and not terminating. */
  readonly ready: readonly Endpoint[];
  /** Every endpoint the slices list, including not-ready and terminating ones. */
  readonly all: readonly Endpoint[];
}

export interface ReadyEndpointsCache {
  get(namespace: string, service: string): ServiceEndpoints;
  /**
   * Resolves with the Service's endpoints as soon as at least one is ready (at once if one already is).
   * Rejects with the signal's reason when the signal aborts first. Never polls.
   */
  waitForReady(namespace: string, service: string, signal?: AbortSignal): Promise<ServiceEndpoints>;
  /** Called after every change of a Service's endpoints; returns the unsubscribe function. */
  subscribe(listener: (endpoints: ServiceEndpoints) => void): () => void;
  /** The Services that currently have at least one slice. */
  keys(): string[];
}

/** The port of an endpoint for a Service port name ('' for an unnamed single port). */
export function endpointPort(ep: Endpoint, name: string): number | undefined {
  return ep.ports.find((p) => p.name === name)?.port;
}

const emptyOf = (key: string): ServiceEndpoints => Object.freeze({ key, ready: [], all: [] });

export function createReadyEndpointsCache(informer: Informer<EndpointSlice>): ReadyEndpointsCache {
  const slicesByService = new Map<string, Map<string, EndpointSlice>>();
  const serviceOfSlice = new Map<string, string>();
  const views = new Map<string, ServiceEndpoints>();
  const waiters = new Map<string, Set<(v: ServiceEndpoints) => void>>();
  const listeners = new Set<(v: ServiceEndpoints) => void>();

  function rebuild(key: string): void {
    const slices = slicesByService.get(key);
    const view = slices && slices.size > 0 ? viewOf(key, slices.values()) : emptyOf(key);
    if (view.all.length === 0) views.delete(key);
    else views.set(key, view);
    for (const l of listeners) l(view);
    if (view.ready.length > 0) {
      const ws = waiters.get(key);
      if (ws) {
        waiters.delete(key);
        for (const w of ws) w(view);
      }
    }
  }

  function onChange(e: ChangeEvent<EndpointSlice>): void {
    const ns = e.object.metadata?.namespace ?? '';
    const sliceId = `${ns}/${e.object.metadata?.name ?? ''}`;
    const previous = serviceOfSlice.get(sliceId);
    const svc = e.object.metadata?.labels?.[SERVICE_NAME_LABEL];
    const key = svc ? `${ns}/${svc}` : undefined;
    if (previous !== undefined && (e.type === 'deleted' || previous !== key)) {
      slicesByService.get(previous)?.delete(sliceId);
      serviceOfSlice.delete(sliceId);
      if (slicesByService.get(previous)?.size === 0) slicesByService.delete(previous);
      if (previous !== key || e.type === 'deleted') rebuild(previous);
    }
    if (e.type === 'deleted' || key === undefined) return;
    let slices = slicesByService.get(key);
    if (!slices) slicesByService.set(key, (slices = new Map<string, EndpointSlice>()));
    slices.set(sliceId, e.object);
    serviceOfSlice.set(sliceId, key);
    rebuild(key);
  }
  informer.onChange(onChange);
  for (const slice of informer.list()) onChange({ type: 'added', object: slice });

  return {
    get: (namespace, service) => views.get(`${namespace}/${service}`) ?? emptyOf(`${namespace}/${service}`),
    waitForReady(namespace, service, signal) {
      const key = `${namespace}/${service}`;
      return new Promise<ServiceEndpoints>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const now = views.get(key);
        if (now && now.ready.length > 0) return resolve(now);
        let set = waiters.get(key);
        if (!set) waiters.set(key, (set = new Set()));
        const onReady = (v: ServiceEndpoints): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        };
        const onAbort = (): void => {
          const ws = waiters.get(key);
          ws?.delete(onReady);
          if (ws?.size === 0) waiters.delete(key);
          reject(signal?.reason as Error);
        };
        set.add(onReady);
        signal?.addEventListener('abort', onAbort, { once: true });
        // Re-check after subscribing (DESIGN habit 7): nothing can slip between the check and the wait.
        const again = views.get(key);
        if (again && again.ready.length > 0) {
          set.delete(onReady);
          onReady(again);
        }
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    keys: () => [...views.keys()],
  };
}

function viewOf(key: string, slices: Iterable<EndpointSlice>): ServiceEndpoints {
  const byAddress = new Map<string, Endpoint>();
  for (const slice of slices) {
    const ports: EndpointPort[] = (slice.ports ?? []).flatMap((p) =>
      typeof p.port === 'number' ? [{ name: p.name ?? '', port: p.port, appProtocol: p.appProtocol }] : [],
    );
    for (const ep of slice.endpoints ?? []) {
      const c = ep.conditions ?? {};
      const terminating = c.terminating === true;
      // Kubernetes: an unset `ready` means unknown and should be read as ready; `serving` defaults to `ready`.
      const ready = c.ready !== false && !terminating;
      const serving = c.serving ?? c.ready !== false;
      for (const address of ep.addresses ?? []) {
        const seen = byAddress.get(address);
        if (seen && seen.ready && !ready) continue;
        byAddress.set(
          address,
          Object.freeze({
            address,
            ports,
            podName: ep.targetRef?.name,
            ready,
            serving: serving !== false,
            terminating,
          }),
        );
      }
    }
  }
  const all = [...byAddress.values()];
  return Object.freeze({ key, all, ready: all.filter((e) => e.ready) });
}

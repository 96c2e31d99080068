// Where a route's requests go. With direct pod routing (the default), the ready endpoints of the Service, each
// at the endpoint port that corresponds to the route's `port` or `portName`; without it, the Service's DNS
// name `http://<service>.<namespace>:<port>`. A port or port name the Service does not have is a 500
// (SPEC §2.4). Results are memoised per endpoints snapshot (snapshots are immutable and replaced on change) and
// per Service object, so the warm path resolves nothing.
import { endpointPort, type ServiceEndpoints } from '@keda-http/k8s';
import { TargetUnresolvedError } from '../errors.js';
import type { RouteRuntime } from '../proxy/route-runtime.js';
import type { UpstreamPool } from './upstream-pool.js';
import type { Upstreams } from './upstreams.js';

/** The parts of a Service object the resolver reads. */
export interface ServicePorts {
  readonly spec?: {
    readonly ports?: readonly { readonly name?: string | undefined; readonly port?: number }[] | null;
  };
}

/**
 * Finds a Service by namespace and name: a Service informer's object in production. The same object must come
 * back until the Service changes (results are memoised on its identity).
 */
export type ServiceLookup = (namespace: string, name: string) => ServicePorts | undefined;

const portsOf = (svc: ServicePorts) => svc.spec?.ports ?? [];

export interface TargetResolver {
  /** Direct mode: the pools of the ready endpoints, or the reason they cannot be addressed. */
  endpoints(route: RouteRuntime, view: ServiceEndpoints): readonly UpstreamPool[] | Error;
  /** Service mode: the pool of the Service's DNS name and port, or the reason it cannot be addressed. */
  service(route: RouteRuntime): UpstreamPool | Error;
}

interface Memo<T> {
  readonly service: ServicePorts | undefined;
  readonly result: T | Error;
}

export function createTargetResolver(upstreams: Upstreams, services: ServiceLookup): TargetResolver {
  const byView = new WeakMap<ServiceEndpoints, Map<RouteRuntime['route']['target'], Memo<UpstreamPool[]>>>();
  const byRoute = new WeakMap<RouteRuntime, Memo<UpstreamPool>>();

  const unresolved = (route: RouteRuntime, reason: string): Error =>
    new TargetUnresolvedError({ service: `${route.namespace}/${route.service}`, reason });

  /** The endpoint port name for the route's target, or an error. */
  const portName = (
    route: RouteRuntime,
    svc: ServicePorts | undefined,
    view: ServiceEndpoints,
  ): string | Error => {
    const { target } = route.route;
    if (target.portName !== undefined) {
      if (svc !== undefined && !portsOf(svc).some((p) => (p.name ?? '') === target.portName)) {
        return unresolved(route, `the Service has no port named "${target.portName}"`);
      }
      return target.portName;
    }
    if (svc !== undefined) {
      const port = portsOf(svc).find((p) => p.port === target.port);
      if (port === undefined) return unresolved(route, `the Service has no port ${target.port}`);
      return port.name ?? '';
    }
    // Service not (yet) known: a single-port Service's slices have exactly one port.
    const only = view.ready[0]?.ports;
    if (only !== undefined && only.length === 1) return only[0]?.name ?? '';
    return unresolved(
      route,
      `the Service is unknown, so port ${target.port} cannot be mapped to an endpoint port`,
    );
  };

  const resolveEndpoints = (
    route: RouteRuntime,
    svc: ServicePorts | undefined,
    view: ServiceEndpoints,
  ): UpstreamPool[] | Error => {
    const name = portName(route, svc, view);
    if (name instanceof Error) return name;
    const pools: UpstreamPool[] = [];
    for (const ep of view.ready) {
      const port = endpointPort(ep, name);
      if (port === undefined) continue;
      const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
      pools.push(upstreams.pool(`http://${host}:${port}`, view.key, ep.address));
    }
    if (pools.length === 0) return unresolved(route, `no ready endpoint has a port named "${name}"`);
    return pools;
  };

  return {
    endpoints(route, view) {
      const svc = services(route.namespace, route.service);
      let memos = byView.get(view);
      if (memos === undefined)
        byView.set(view, (memos = new Map<RouteRuntime['route']['target'], Memo<UpstreamPool[]>>()));
      const memo = memos.get(route.route.target);
      if (memo !== undefined && memo.service === svc) return memo.result;
      const result = resolveEndpoints(route, svc, view);
      memos.set(route.route.target, { service: svc, result });
      return result;
    },
    service(route) {
      const svc = services(route.namespace, route.service);
      const memo = byRoute.get(route);
      if (memo !== undefined && memo.service === svc) return memo.result;
      const { target } = route.route;
      let result: UpstreamPool | Error;
      let port = target.port;
      if (target.portName !== undefined) {
        port =
          svc === undefined ? undefined : portsOf(svc).find((p) => (p.name ?? '') === target.portName)?.port;
      }
      if (port === undefined) {
        result = unresolved(
          route,
          svc === undefined ? 'the Service is unknown' : `the Service has no port named "${target.portName}"`,
        );
      } else {
        const host = `${route.service}.${route.namespace}`;
        result = upstreams.pool(`http://${host}:${port}`, '', host);
      }
      byRoute.set(route, { service: svc, result });
      return result;
    },
  };
}

// What the hot path needs about a matched route, computed once per route object and reused by every request
// that matches it: its key, its Service, its resolved timeouts and its metrics record. Routes are frozen and
// replaced as a whole with each table, so a WeakMap keyed by the route object is always current and frees
// itself when the table goes.
import type { Route } from '@keda-http/routing';
import { resolveTimeouts, type GlobalTimeouts, type RouteTimeouts } from './timeouts.js';

export interface RouteRuntime {
  readonly route: Route;
  /** `namespace/name`: the counter and metrics key. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  /** The backend Service's name, in `namespace`. */
  readonly service: string;
  readonly timeouts: RouteTimeouts;
}

export type RouteRuntimes = (route: Route) => RouteRuntime;

export function createRouteRuntimes(globals: GlobalTimeouts): RouteRuntimes {
  const cache = new WeakMap<Route, RouteRuntime>();
  return (route) => {
    let runtime = cache.get(route);
    if (runtime === undefined) {
      runtime = Object.freeze({
        route,
        key: route.key,
        namespace: route.namespace,
        name: route.name,
        service: route.target.service,
        timeouts: resolveTimeouts(route, globals),
      });
      cache.set(route, runtime);
    }
    return runtime;
  };
}

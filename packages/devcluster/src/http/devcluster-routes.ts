// devcluster's own endpoints under /devcluster/ (test hooks and, later, the event timeline). Routes are
// registered by name so other parts of devcluster can add theirs.
import { fail, statuses } from '../api/status.js';
import type { Call } from './call.js';

export type DevclusterRoute = (call: Call) => Promise<void> | void;

export interface DevclusterRoutes {
  /** Registers `METHOD /devcluster/<path>`; a later registration of the same route replaces it. */
  add(method: string, path: string, route: DevclusterRoute): void;
  handle(call: Call, segments: readonly string[]): Promise<void> | void;
}

export function createDevclusterRoutes(): DevclusterRoutes {
  const routes = new Map<string, DevclusterRoute>();
  return {
    add(method, path, route) {
      routes.set(`${method.toUpperCase()} ${path.replace(/^\/+|\/+$/g, '')}`, route);
    },
    handle(call, segments) {
      const route = routes.get(`${call.req.method ?? 'GET'} ${segments.join('/')}`);
      if (route === undefined) fail(statuses.pathNotFound());
      return route(call);
    },
  };
}

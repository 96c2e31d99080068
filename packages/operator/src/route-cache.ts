// The Route of every HTTPScaledObject and InterceptorRoute the informers hold, kept up to date one object at
// a time, so that a rebuild of the routing table never re-validates objects that did not change. An object
// gets a Route when it passes whole-object validation and is not being deleted. A Route depends only on the
// object's identity, creationTimestamp and spec, so an update that bumps neither the generation nor the
// deletionTimestamp (a status write, a label) changes nothing here and causes no rebuild.
import {
  HTTP_SCALED_OBJECT,
  INTERCEPTOR_ROUTE,
  validateHTTPScaledObject,
  validateInterceptorRoute,
} from '@keda-http/api';
import type { KubeObject } from '@keda-http/k8s';
import { routeFromHTTPScaledObject, routeFromInterceptorRoute, type Route } from '@keda-http/routing';
import type { ReconciledKind } from './resources.js';
import { withJson, type RouteWithJson } from './table-snapshot.js';

export interface RouteCache {
  /** Records the object's current state; true when the set of routes changed. */
  upsert(kind: ReconciledKind, obj: KubeObject): boolean;
  /** Forgets the object; true when it had a route. */
  remove(kind: ReconciledKind, obj: KubeObject): boolean;
  /** Every route with its canonical JSON, in no particular order (tableSnapshot sorts and resolves keys). */
  routes(): RouteWithJson[];
  /** Objects held, with or without a route. */
  readonly size: number;
}

interface Entry {
  readonly fingerprint: string;
  readonly route: RouteWithJson | undefined;
}

/** What a Route depends on, besides namespace and name. */
export function routeFingerprint(obj: KubeObject): string {
  const md = obj.metadata ?? {};
  const version = md.generation !== undefined ? `g${md.generation}` : `rv${md.resourceVersion ?? ''}`;
  return `${md.uid ?? ''}|${version}|${md.creationTimestamp ?? ''}|${md.deletionTimestamp ?? ''}`;
}

/** The object's Route, or undefined when it is invalid or being deleted. */
export function routeOf(kind: ReconciledKind, obj: KubeObject): Route | undefined {
  if (obj.metadata?.deletionTimestamp) return undefined;
  try {
    if (kind === HTTP_SCALED_OBJECT.kind) {
      const v = validateHTTPScaledObject(obj);
      return v.ok ? routeFromHTTPScaledObject(v.value) : undefined;
    }
    const v = validateInterceptorRoute(obj);
    return v.ok ? routeFromInterceptorRoute(v.value) : undefined;
  } catch {
    // routeFrom* rejects values validation should have caught (e.g. a duration it cannot parse): no route.
    return undefined;
  }
}

export function createRouteCache(): RouteCache {
  const entries = new Map<string, Entry>();
  const keyOf = (kind: ReconciledKind, obj: KubeObject): string =>
    `${kind === INTERCEPTOR_ROUTE.kind ? 'ir' : 'hso'}/${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;

  return {
    upsert(kind, obj) {
      const key = keyOf(kind, obj);
      const fingerprint = routeFingerprint(obj);
      const old = entries.get(key);
      if (old?.fingerprint === fingerprint) return false;
      const plain = routeOf(kind, obj);
      const route = plain === undefined ? undefined : withJson(plain);
      entries.set(key, { fingerprint, route });
      return old?.route !== undefined || route !== undefined;
    },
    remove(kind, obj) {
      const key = keyOf(kind, obj);
      const old = entries.get(key);
      entries.delete(key);
      return old?.route !== undefined;
    },
    routes() {
      const out: RouteWithJson[] = [];
      for (const e of entries.values()) if (e.route !== undefined) out.push(e.route);
      return out;
    },
    get size() {
      return entries.size;
    },
  };
}

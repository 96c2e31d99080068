// One served routing table: its routes, version, JSON body and ETag, built from routes whose canonical JSON
// was computed once when each route last changed. The version is exactly the routing package's
// tableVersion() (the SHA-256 of the canonical JSON of the routes sorted by key): canonicalJson of an array
// is its items' canonical JSON joined in brackets, so hashing the cached pieces gives the same digest without
// re-serialising 1,000 unchanged routes on every rebuild. The body is `{version, routes}` with each route in
// canonical (key-sorted) form, which decodeRoutingTable reads like any other JSON.
import { createHash } from 'node:crypto';
import { INTERCEPTOR_ROUTE } from '@keda-http/api';
import { canonicalJson, type Route } from '@keda-http/routing';

export interface RouteWithJson {
  readonly route: Route;
  /** canonicalJson(route) */
  readonly json: string;
}

export interface TableSnapshot {
  readonly version: string;
  /** Sorted by key; one per key (an InterceptorRoute wins over an HTTPScaledObject of the same name). */
  readonly routes: readonly Route[];
  /** `{version, routes}` as JSON, shared by every response and the ConfigMap. */
  readonly body: string;
  /** A strong ETag: the version in double quotes. */
  readonly etag: string;
}

export const withJson = (route: Route): RouteWithJson => ({ route, json: canonicalJson(route) });

export const etagOf = (version: string): string => `"${version}"`;

export function tableSnapshot(entries: Iterable<RouteWithJson>): TableSnapshot {
  const byKey = new Map<string, RouteWithJson>();
  for (const e of entries) {
    const seen = byKey.get(e.route.key);
    if (
      seen === undefined ||
      (seen.route.kind !== INTERCEPTOR_ROUTE.kind && e.route.kind === INTERCEPTOR_ROUTE.kind)
    ) {
      byKey.set(e.route.key, e);
    }
  }
  const sorted = [...byKey.values()].sort((a, b) =>
    a.route.key < b.route.key ? -1 : a.route.key > b.route.key ? 1 : 0,
  );
  const routesJson = `[${sorted.map((e) => e.json).join(',')}]`;
  const version = createHash('sha256').update(routesJson).digest('hex').slice(0, 16);
  return Object.freeze({
    version,
    routes: Object.freeze(sorted.map((e) => e.route)),
    body: `{"version":${JSON.stringify(version)},"routes":${routesJson}}`,
    etag: etagOf(version),
  });
}

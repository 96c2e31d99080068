// The lookup (SPEC §2). Host levels are tried in order: the exact host, its wildcards from most to least
// specific, then the catch-all. The first level that has any entry whose path prefix matches decides: within
// it the longest prefix wins, and among that prefix's entries the first whose headers all match. If none of
// them match the headers, the answer is "no route": there is no fallback to a shorter prefix or to a later
// host level.
import type { RequestHeaders } from './headers.js';
import { headersMatch } from './headers.js';
import { normalizeHost } from './host.js';
import { normalizePath, prefixCuts } from './path.js';
import {
  type HostLevel,
  INDEX,
  type RouteMatch,
  type RoutingTable,
  ruleMatches,
  type TableEntry,
} from './table.js';

export interface RouteRequest {
  /** The Host header (or :authority), port included or not; absent or empty means the catch-all level only. */
  readonly host?: string | undefined;
  /** The request target's path; a query string is ignored. */
  readonly path: string;
  /** Headers keyed by lower-case name (Node's req.headers). */
  readonly headers?: RequestHeaders | undefined;
}

export function match(table: RoutingTable, request: RouteRequest): RouteMatch | undefined {
  const index = table[INDEX];
  const host = normalizeHost(request.host ?? '');
  const path = normalizePath(request.path);
  const cuts = prefixCuts(path, index.maxDepth);
  let entries: readonly TableEntry[] | undefined;

  if (host !== '') {
    entries = longestPrefix(index.exact.get(host), path, cuts);
    if (entries !== undefined) return pick(table, entries, host, path, request);
    if (index.wildcard.size > 0) {
      // The wildcard suffixes of a.b.c.com, most specific first: b.c.com, c.com, com.
      for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
        entries = longestPrefix(index.wildcard.get(host.slice(dot + 1)), path, cuts);
        if (entries !== undefined) return pick(table, entries, host, path, request);
      }
    }
  }
  entries = longestPrefix(index.catchAll, path, cuts);
  return entries === undefined ? undefined : pick(table, entries, host, path, request);
}

/** The first entry whose headers match, or undefined: the decision is final for this request. */
function pick(
  table: RoutingTable,
  entries: readonly TableEntry[],
  host: string,
  path: string,
  request: RouteRequest,
): RouteMatch | undefined {
  for (const entry of entries) {
    if (headersMatch(entry.headers, request.headers))
      return withStaticRoute(table, entry, host, path, request);
  }
  return undefined;
}

function longestPrefix(
  level: HostLevel | undefined,
  path: string,
  cuts: number[],
): readonly TableEntry[] | undefined {
  if (level === undefined) return undefined;
  for (let depth = Math.min(level.maxDepth, cuts.length - 1); depth >= 0; depth--) {
    const entries = level.prefixes.get(depth === 0 ? '' : path.slice(0, cuts[depth]));
    if (entries !== undefined) return entries;
  }
  return undefined;
}

function withStaticRoute(
  table: RoutingTable,
  entry: TableEntry,
  host: string,
  path: string,
  request: RouteRequest,
): RouteMatch {
  const statics = table[INDEX].staticRules.get(entry.route);
  if (statics === undefined) return entry.match;
  for (let i = 0; i < statics.length; i++) {
    if ((statics[i] ?? []).some((rule) => ruleMatches(rule, host, path, request.headers))) {
      return { ...entry.match, staticRoute: entry.route.staticRoutes[i], staticRouteIndex: i };
    }
  }
  return entry.match;
}

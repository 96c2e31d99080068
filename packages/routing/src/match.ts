// The lookup (SPEC §2). Host levels are tried in order: the exact host, its wildcards from most to least
// specific, then the catch-all. The first level that has any entry whose path prefix matches decides: within
// it the longest prefix wins, and among that prefix's entries the first whose headers all match. If none of
// them match the headers, the answer is "no route": there is no fallback to a shorter prefix or to a later
// host level.
import { headersMatch, type RequestHeaders } from './headers.js';
import { normalizeHost } from './host.js';
import { longestPrefix } from './host-level.js';
import { depthBetween, pathEnd, pathStart } from './path.js';
import { type CompiledRule, ruleMatches } from './rule-match.js';
import type { RouteMatch, TableEntry } from './table-entry.js';
import { INDEX, type RoutingTable } from './table.js';

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
  // The normalised path is raw.slice(start, end); it is only sliced where a map probe needs a key.
  const raw = request.path;
  const end = pathEnd(raw);
  const start = pathStart(raw, end);
  const depth = depthBetween(raw, start, end);
  let entries: readonly TableEntry[] | undefined;

  if (host !== '') {
    entries = longestPrefix(index.exact.get(host), raw, start, end, depth);
    if (entries !== undefined) return pick(entries, host, raw, start, end, request);
    if (index.wildcard.size > 0) {
      // The wildcard suffixes of a.b.c.com, most specific first: b.c.com, c.com, com.
      for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
        entries = longestPrefix(index.wildcard.get(host.slice(dot + 1)), raw, start, end, depth);
        if (entries !== undefined) return pick(entries, host, raw, start, end, request);
      }
    }
  }
  entries = longestPrefix(index.catchAll, raw, start, end, depth);
  return entries === undefined ? undefined : pick(entries, host, raw, start, end, request);
}

/** The first entry whose headers match, or undefined: the decision is final for this request. */
function pick(
  entries: readonly TableEntry[],
  host: string,
  raw: string,
  start: number,
  end: number,
  request: RouteRequest,
): RouteMatch | undefined {
  for (const entry of entries) {
    if (!headersMatch(entry.headers, request.headers)) continue;
    return entry.statics === undefined
      ? entry
      : withStaticRoute(entry, entry.statics, host, raw.slice(start, end), request);
  }
  return undefined;
}

function withStaticRoute(
  entry: TableEntry,
  statics: readonly (readonly CompiledRule[])[],
  host: string,
  path: string,
  request: RouteRequest,
): RouteMatch {
  for (let i = 0; i < statics.length; i++) {
    if ((statics[i] ?? []).some((rule) => ruleMatches(rule, host, path, request.headers))) {
      const { route, ruleIndex, rule } = entry;
      return { route, ruleIndex, rule, staticRoute: route.staticRoutes[i], staticRouteIndex: i };
    }
  }
  return entry;
}

// The routing table: an immutable snapshot built from routes, indexed so that a lookup costs a few Map
// probes whatever the number of routes. Host level → path prefix → entries in SPEC §2 order.
import { type CompiledHeader, compileHeaders, headersMatch, type RequestHeaders } from './headers.js';
import { hostPattern, wildcardSuffixes } from './host.js';
import { hasPathPrefix, normalizePath, prefixDepth } from './path.js';
import type { Route, RouteRule, StaticRoute } from './route.js';
import { tableVersion } from './table-version.js';

/** What a lookup returns: the route, which of its rules matched, and the static route if one applies. */
export interface RouteMatch {
  readonly route: Route;
  readonly ruleIndex: number;
  readonly rule: RouteRule;
  readonly staticRoute?: StaticRoute;
  readonly staticRouteIndex?: number;
}

export interface TableEntry {
  readonly route: Route;
  readonly ruleIndex: number;
  readonly headers: readonly CompiledHeader[];
  /** Valued headers, for ordering. */
  readonly valuedHeaders: number;
  readonly createdAt: number;
  /** The match result for this entry when no static route applies; built once. */
  readonly match: RouteMatch;
}

export interface HostLevel {
  /** Normalised prefix (no leading or trailing slash) → entries, best first. */
  readonly prefixes: ReadonlyMap<string, readonly TableEntry[]>;
  readonly maxDepth: number;
}

export interface CompiledRule {
  readonly exactHosts: ReadonlySet<string>;
  readonly wildcardSuffixes: ReadonlySet<string>;
  readonly anyHost: boolean;
  readonly prefixes: readonly string[];
  readonly headers: readonly CompiledHeader[];
}

export interface TableIndex {
  readonly exact: ReadonlyMap<string, HostLevel>;
  readonly wildcard: ReadonlyMap<string, HostLevel>;
  readonly catchAll: HostLevel | undefined;
  readonly byKey: ReadonlyMap<string, Route>;
  /** The deepest prefix in the table, in segments: a lookup never probes deeper. */
  readonly maxDepth: number;
  /** Compiled rules of each route's static routes, only for routes that have some. */
  readonly staticRules: ReadonlyMap<Route, readonly (readonly CompiledRule[])[]>;
}

export const INDEX: unique symbol = Symbol('routing-table-index');

export interface RoutingTable {
  /** Content hash of the routes (tableVersion), or the version the operator sent. */
  readonly version: string;
  /** Every route, sorted by key, deeply frozen. */
  readonly routes: readonly Route[];
  readonly [INDEX]: TableIndex;
}

/**
 * Builds a frozen table. Routes are frozen in place. Two routes with the same key keep one: the
 * InterceptorRoute if there is one, else the first.
 */
export function buildTable(routes: readonly Route[], options: { version?: string } = {}): RoutingTable {
  const byKey = new Map<string, Route>();
  for (const route of routes) {
    const seen = byKey.get(route.key);
    if (seen === undefined || (seen.kind !== 'InterceptorRoute' && route.kind === 'InterceptorRoute')) {
      byKey.set(route.key, route);
    }
  }
  const sorted = [...byKey.values()].sort((a, b) => compareStrings(a.key, b.key));
  for (const route of sorted) deepFreeze(route);

  const exact = new Map<string, Map<string, TableEntry[]>>();
  const wildcard = new Map<string, Map<string, TableEntry[]>>();
  const catchAll = new Map<string, TableEntry[]>();
  const staticRules = new Map<Route, CompiledRule[][]>();

  for (const route of sorted) {
    const createdAt = timestamp(route.creationTimestamp);
    route.rules.forEach((rule, ruleIndex) => {
      const headers = compileHeaders(rule.headers);
      const entry: TableEntry = Object.freeze({
        route,
        ruleIndex,
        headers,
        valuedHeaders: headers.filter((h) => h.value !== undefined).length,
        createdAt,
        match: Object.freeze({ route, ruleIndex, rule }),
      });
      const levels = new Set<Map<string, TableEntry[]>>();
      const patterns = rule.hosts.length === 0 ? ['*'] : rule.hosts;
      for (const pattern of patterns.map(hostPattern)) {
        if (pattern.type === 'catch-all') levels.add(catchAll);
        else if (pattern.type === 'wildcard') levels.add(getOrCreate(wildcard, pattern.suffix));
        else levels.add(getOrCreate(exact, pattern.host));
      }
      const prefixes = new Set((rule.paths.length === 0 ? ['/'] : rule.paths).map(normalizePath));
      for (const level of levels) {
        for (const prefix of prefixes) {
          const bucket = level.get(prefix);
          if (bucket === undefined) level.set(prefix, [entry]);
          else bucket.push(entry);
        }
      }
    });
    if (route.staticRoutes.length > 0) {
      staticRules.set(
        route,
        route.staticRoutes.map((s) => s.rules.map(compileRule)),
      );
    }
  }

  const exactLevels = finishLevels(exact);
  const wildcardLevels = finishLevels(wildcard);
  const catchAllLevel = catchAll.size > 0 ? finishLevel(catchAll) : undefined;
  let maxDepth = catchAllLevel?.maxDepth ?? 0;
  for (const level of [...exactLevels.values(), ...wildcardLevels.values()])
    maxDepth = Math.max(maxDepth, level.maxDepth);
  const index: TableIndex = {
    exact: exactLevels,
    wildcard: wildcardLevels,
    catchAll: catchAllLevel,
    byKey,
    maxDepth,
    staticRules,
  };
  return Object.freeze({
    version: options.version ?? tableVersion(sorted),
    routes: Object.freeze(sorted),
    [INDEX]: index,
  });
}

/** The route with this `namespace/name` key, if the table has it. */
export function findRoute(table: RoutingTable, key: string): Route | undefined {
  return table[INDEX].byKey.get(key);
}

/** SPEC §2 step 3: more headers, then more valued headers, then older, then namespace and name. */
export function compareEntries(a: TableEntry, b: TableEntry): number {
  return (
    b.headers.length - a.headers.length ||
    b.valuedHeaders - a.valuedHeaders ||
    a.createdAt - b.createdAt ||
    compareStrings(a.route.namespace, b.route.namespace) ||
    compareStrings(a.route.name, b.route.name) ||
    a.ruleIndex - b.ruleIndex
  );
}

export function compileRule(rule: RouteRule): CompiledRule {
  const exactHosts = new Set<string>();
  const suffixes = new Set<string>();
  let anyHost = rule.hosts.length === 0;
  for (const pattern of rule.hosts.map(hostPattern)) {
    if (pattern.type === 'catch-all') anyHost = true;
    else if (pattern.type === 'wildcard') suffixes.add(pattern.suffix);
    else exactHosts.add(pattern.host);
  }
  return {
    exactHosts,
    wildcardSuffixes: suffixes,
    anyHost,
    prefixes: (rule.paths.length === 0 ? ['/'] : rule.paths).map(normalizePath),
    headers: compileHeaders(rule.headers),
  };
}

/** Whether a request (normalised host and path) matches a compiled rule as a whole. */
export function ruleMatches(
  rule: CompiledRule,
  host: string,
  path: string,
  headers: RequestHeaders | undefined,
): boolean {
  if (!rule.anyHost && !rule.exactHosts.has(host)) {
    let found = false;
    for (const suffix of wildcardSuffixes(host)) {
      if (rule.wildcardSuffixes.has(suffix)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (!rule.prefixes.some((p) => hasPathPrefix(path, p))) return false;
  return headersMatch(rule.headers, headers);
}

function finishLevels(levels: Map<string, Map<string, TableEntry[]>>): ReadonlyMap<string, HostLevel> {
  const out = new Map<string, HostLevel>();
  for (const [host, prefixes] of levels) out.set(host, finishLevel(prefixes));
  return out;
}

function finishLevel(prefixes: Map<string, TableEntry[]>): HostLevel {
  let maxDepth = 0;
  for (const [prefix, entries] of prefixes) {
    entries.sort(compareEntries);
    Object.freeze(entries);
    maxDepth = Math.max(maxDepth, prefixDepth(prefix));
  }
  return Object.freeze({ prefixes, maxDepth });
}

function getOrCreate<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let value = map.get(key);
  if (value === undefined) {
    value = new Map();
    map.set(key, value);
  }
  return value;
}

function timestamp(text: string): number {
  const t = Date.parse(text);
  return Number.isNaN(t) ? 0 : t;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

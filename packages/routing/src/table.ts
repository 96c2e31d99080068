// The routing table: an immutable snapshot built from routes, indexed so that a lookup costs a few Map
// probes whatever the number of routes. Host level → path prefix → entries in SPEC §2 order.
import { compileHeaders } from './headers.js';
import { hostPattern } from './host.js';
import { finishLevel, type HostLevel, SCAN_LEVEL_LIMIT } from './host-level.js';
import { normalizePath } from './path.js';
import type { Route } from './route.js';
import { compileRule } from './rule-match.js';
import { compareStrings, type TableEntry } from './table-entry.js';
import { tableVersion } from './table-version.js';

export interface TableIndex {
  readonly exact: ReadonlyMap<string, HostLevel>;
  readonly wildcard: ReadonlyMap<string, HostLevel>;
  readonly catchAll: HostLevel | undefined;
  readonly byKey: ReadonlyMap<string, Route>;
}

const NO_HEADERS: readonly never[] = Object.freeze([]);

export const INDEX: unique symbol = Symbol('routing-table-index');

export interface RoutingTable {
  /** Content hash of the routes (tableVersion), or the version the operator sent. */
  readonly version: string;
  /** Every route, sorted by key, deeply frozen. */
  readonly routes: readonly Route[];
  readonly [INDEX]: TableIndex;
}

export interface BuildTableOptions {
  /** The version to carry; by default the content hash of the routes. */
  readonly version?: string;
  /** Levels with at most this many prefixes are scanned, larger ones probed (default SCAN_LEVEL_LIMIT). */
  readonly scanLevelLimit?: number;
}

/**
 * Builds a frozen table. Routes are frozen in place. Two routes with the same key keep one: the
 * InterceptorRoute if there is one, else the first.
 */
export function buildTable(routes: readonly Route[], options: BuildTableOptions = {}): RoutingTable {
  const scanLimit = options.scanLevelLimit ?? SCAN_LEVEL_LIMIT;
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

  for (const route of sorted) {
    const createdAt = timestamp(route.creationTimestamp);
    const statics =
      route.staticRoutes.length > 0 ? route.staticRoutes.map((s) => s.rules.map(compileRule)) : undefined;
    route.rules.forEach((rule, ruleIndex) => {
      const headers = rule.headers.length > 0 ? compileHeaders(rule.headers) : NO_HEADERS;
      const entry: TableEntry = Object.freeze({
        route,
        ruleIndex,
        rule,
        headers,
        valuedHeaders: headers.filter((h) => h.value !== undefined).length,
        createdAt,
        statics,
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
  }

  const index: TableIndex = {
    exact: finishLevels(exact, scanLimit),
    wildcard: finishLevels(wildcard, scanLimit),
    catchAll: catchAll.size > 0 ? finishLevel(catchAll, scanLimit) : undefined,
    byKey,
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

function finishLevels(
  levels: Map<string, Map<string, TableEntry[]>>,
  scanLimit: number,
): ReadonlyMap<string, HostLevel> {
  const out = new Map<string, HostLevel>();
  for (const [host, prefixes] of levels) out.set(host, finishLevel(prefixes, scanLimit));
  return out;
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

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

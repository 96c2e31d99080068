// One table entry: a rule of a route, at one host level and path prefix. It doubles as the lookup's result
// (RouteMatch), so that a match allocates nothing and touches as little memory as possible.
import type { CompiledHeader } from './headers.js';
import type { Route, RouteRule, StaticRoute } from './route.js';
import type { CompiledRule } from './rule-match.js';

/** What a lookup returns: the route, which of its rules matched, and the static route if one applies. */
export interface RouteMatch {
  readonly route: Route;
  readonly ruleIndex: number;
  readonly rule: RouteRule;
  readonly staticRoute?: StaticRoute;
  readonly staticRouteIndex?: number;
}

export interface TableEntry extends RouteMatch {
  /** Lower-cased header matches of the rule. */
  readonly headers: readonly CompiledHeader[];
  /** How many of them require a value, for ordering. */
  readonly valuedHeaders: number;
  /** creationTimestamp in ms (0 when missing or unreadable), for ordering. */
  readonly createdAt: number;
  /** The compiled rules of the route's static routes, or undefined when it has none. */
  readonly statics: readonly (readonly CompiledRule[])[] | undefined;
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

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

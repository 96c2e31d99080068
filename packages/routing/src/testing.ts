// Builders for routes in tests (here and in the packages that consume routing tables). Every field has a
// plain default, so a test only writes what it is about.
import type { Route, RouteRule } from './route.js';

export interface TestRouteOptions extends Partial<Omit<Route, 'key' | 'rules'>> {
  /** Rules as partial objects; default: one catch-all rule on `/`. */
  readonly rules?: readonly Partial<RouteRule>[];
}

export function testRule(rule: Partial<RouteRule> = {}): RouteRule {
  return { hosts: rule.hosts ?? [], paths: rule.paths ?? ['/'], headers: rule.headers ?? [] };
}

export function testRoute(options: TestRouteOptions = {}): Route {
  const namespace = options.namespace ?? 'default';
  const name = options.name ?? 'route';
  const { rules, ...rest } = options;
  return {
    kind: 'HTTPScaledObject',
    creationTimestamp: '2026-01-01T00:00:00Z',
    target: { service: name, port: 8080 },
    scaling: {},
    timeouts: {},
    staticRoutes: [],
    ...rest,
    namespace,
    name,
    key: `${namespace}/${name}`,
    rules: (rules ?? [{}]).map(testRule),
  };
}

import { describe, expect, it } from 'vitest';
import type { RequestHeaders } from './headers.js';
import { match } from './match.js';
import type { Route, RouteRule } from './route.js';
import { buildTable, findRoute } from './table.js';
import { testRoute, type TestRouteOptions } from './testing.js';

function route(name: string, rule: Partial<RouteRule>, extra: TestRouteOptions = {}): Route {
  return testRoute({ name, rules: [rule], ...extra });
}

interface Case {
  readonly routes: readonly Route[];
  readonly host?: string;
  readonly path?: string;
  readonly headers?: RequestHeaders;
  /** `namespace/name` of the expected route, or undefined for no match. */
  readonly expected: string | undefined;
}

function lookup(c: Case, scanLevelLimit: number | undefined): string | undefined {
  const table = buildTable(c.routes, { scanLevelLimit });
  return match(table, { host: c.host, path: c.path ?? '/', headers: c.headers })?.route.key;
}

const exact = route('exact', { hosts: ['a.b.c.com'] });
const wildB = route('wild-b', { hosts: ['*.b.c.com'] });
const wildC = route('wild-c', { hosts: ['*.c.com'] });
const wildCom = route('wild-com', { hosts: ['*.com'] });
const star = route('star', { hosts: ['*'] });
const api = route('api', { hosts: ['a.com'], paths: ['/api'] });
const apiV1 = route('api-v1', { hosts: ['a.com'], paths: ['/api/v1'] });
const root = route('root', { hosts: ['a.com'], paths: ['/'] });

const cases: Record<string, Case> = {
  // Host normalisation
  'a port on the Host is stripped': {
    routes: [api],
    host: 'a.com:8080',
    path: '/api',
    expected: 'default/api',
  },
  'an IPv6 Host with a port is unbracketed': {
    routes: [route('v6', { hosts: ['::1'] })],
    host: '[::1]:80',
    expected: 'default/v6',
  },
  'an IPv6 Host without a port is unbracketed': {
    routes: [route('v6', { hosts: ['::1'] })],
    host: '[::1]',
    expected: 'default/v6',
  },
  'a bare IPv6 Host is kept whole': {
    routes: [route('v6', { hosts: ['::1'] })],
    host: '::1',
    expected: 'default/v6',
  },
  'the Host is compared without case': {
    routes: [api],
    host: 'A.COM',
    path: '/api',
    expected: 'default/api',
  },
  'a route host is compared without case': {
    routes: [route('upper', { hosts: ['Upper.Example.COM'] })],
    host: 'upper.example.com',
    expected: 'default/upper',
  },

  // Host levels
  'the exact host wins over every wildcard and the catch-all': {
    routes: [star, wildCom, wildC, wildB, exact],
    host: 'a.b.c.com',
    expected: 'default/exact',
  },
  'the most specific wildcard wins': {
    routes: [star, wildCom, wildC, wildB],
    host: 'a.b.c.com',
    expected: 'default/wild-b',
  },
  'a less specific wildcard takes hosts the specific one does not cover': {
    routes: [wildC, wildB],
    host: 'x.c.com',
    expected: 'default/wild-c',
  },
  'a wildcard matches any depth of subdomain': {
    routes: [wildCom],
    host: 'a.b.c.d.com',
    expected: 'default/wild-com',
  },
  'a wildcard does not match its bare suffix': { routes: [wildC], host: 'c.com', expected: undefined },
  'a wildcard wins over the catch-all': {
    routes: [star, wildCom],
    host: 'x.com',
    expected: 'default/wild-com',
  },
  'a * host is the catch-all': { routes: [star], host: 'anything.example', expected: 'default/star' },
  'an empty hosts list is the catch-all': {
    routes: [route('empty', { hosts: [] })],
    host: 'anything.example',
    expected: 'default/empty',
  },
  'an empty string host is the catch-all': {
    routes: [route('blank', { hosts: [''] })],
    host: 'anything.example',
    expected: 'default/blank',
  },
  'a request without Host reaches only the catch-all': {
    routes: [exact, star],
    host: undefined,
    expected: 'default/star',
  },
  'a request without Host and no catch-all matches nothing': {
    routes: [exact, wildCom],
    host: '',
    expected: undefined,
  },
  'an unknown host without a catch-all matches nothing': {
    routes: [exact],
    host: 'other.org',
    expected: undefined,
  },

  // Paths
  'the longest prefix wins': {
    routes: [root, api, apiV1],
    host: 'a.com',
    path: '/api/v1/users',
    expected: 'default/api-v1',
  },
  'a shorter prefix takes what the longer one does not cover': {
    routes: [root, api, apiV1],
    host: 'a.com',
    path: '/api/v2',
    expected: 'default/api',
  },
  'a prefix matches itself': { routes: [api], host: 'a.com', path: '/api', expected: 'default/api' },
  'a prefix matches itself with a trailing slash': {
    routes: [api],
    host: 'a.com',
    path: '/api/',
    expected: 'default/api',
  },
  'a prefix does not match inside a segment': {
    routes: [api],
    host: 'a.com',
    path: '/apix',
    expected: undefined,
  },
  '/apix falls to the root prefix, not /api': {
    routes: [api, root],
    host: 'a.com',
    path: '/apix',
    expected: 'default/root',
  },
  'the query string is not part of the path': {
    routes: [api, root],
    host: 'a.com',
    path: '/api?next=/x',
    expected: 'default/api',
  },
  'a prefix written with a trailing slash is the same prefix': {
    routes: [route('slash', { hosts: ['a.com'], paths: ['/api/'] })],
    host: 'a.com',
    path: '/api',
    expected: 'default/slash',
  },
  'the root prefix matches every path': {
    routes: [root],
    host: 'a.com',
    path: '/deep/down/here',
    expected: 'default/root',
  },
  'an empty request path is the root': { routes: [root], host: 'a.com', path: '', expected: 'default/root' },
  'a path longer than any prefix still finds its prefix': {
    routes: [apiV1],
    host: 'a.com',
    path: `/api/v1/${'x/'.repeat(200)}`,
    expected: 'default/api-v1',
  },

  // Headers
  'all headers must match': {
    routes: [
      route('and', {
        headers: [
          { name: 'x-a', value: '1' },
          { name: 'x-b', value: '2' },
        ],
      }),
    ],
    headers: { 'x-a': '1' },
    expected: undefined,
  },
  'all headers matching selects the entry': {
    routes: [
      route('and', {
        headers: [
          { name: 'x-a', value: '1' },
          { name: 'x-b', value: '2' },
        ],
      }),
    ],
    headers: { 'x-a': '1', 'x-b': '2' },
    expected: 'default/and',
  },
  'a header without a value only needs to be present': {
    routes: [route('present', { headers: [{ name: 'x-canary' }] })],
    headers: { 'x-canary': 'whatever' },
    expected: 'default/present',
  },
  'a header without a value is still required': {
    routes: [route('present', { headers: [{ name: 'x-canary' }] })],
    headers: {},
    expected: undefined,
  },
  'a header value must be equal, not similar': {
    routes: [route('v', { headers: [{ name: 'x-v', value: 'v2' }] })],
    headers: { 'x-v': 'V2' },
    expected: undefined,
  },
  'header names are compared without case': {
    routes: [route('named', { headers: [{ name: 'X-Version', value: 'v2' }] })],
    headers: { 'x-version': 'v2' },
    expected: 'default/named',
  },
  'a repeated header matches on any of its values': {
    routes: [route('multi', { headers: [{ name: 'x-v', value: 'b' }] })],
    headers: { 'x-v': ['a', 'b'] },
    expected: 'default/multi',
  },

  // Ordering within one host level and prefix
  'more headers come first': {
    routes: [
      route('one', { headers: [{ name: 'x-a' }] }),
      route('two', { headers: [{ name: 'x-a' }, { name: 'x-b' }] }),
    ],
    headers: { 'x-a': '1', 'x-b': '1' },
    expected: 'default/two',
  },
  'with equal header counts, more valued headers come first': {
    routes: [
      route('presence', { headers: [{ name: 'x-a' }] }),
      route('valued', { headers: [{ name: 'x-a', value: '1' }] }),
    ],
    headers: { 'x-a': '1' },
    expected: 'default/valued',
  },
  'then the older route comes first': {
    routes: [
      route('newer', {}, { creationTimestamp: '2026-02-01T00:00:00Z' }),
      route('older', {}, { creationTimestamp: '2026-01-01T00:00:00Z' }),
    ],
    expected: 'default/older',
  },
  'then the namespace decides': {
    routes: [route('same', {}, { namespace: 'b' }), route('same', {}, { namespace: 'a' })],
    expected: 'a/same',
  },
  'then the name decides': { routes: [route('b', {}), route('a', {})], expected: 'default/a' },
  'a route without headers catches what the header routes do not': {
    routes: [route('plain', {}), route('canary', { headers: [{ name: 'x-canary', value: 'yes' }] })],
    headers: { 'x-canary': 'no' },
    expected: 'default/plain',
  },

  // No fallback once a host level and prefix are chosen
  'no fallback to a shorter prefix when the longer prefix’s headers do not match': {
    routes: [
      route('api-h', { hosts: ['a.com'], paths: ['/api'], headers: [{ name: 'x-a', value: '1' }] }),
      root,
    ],
    host: 'a.com',
    path: '/api/x',
    expected: undefined,
  },
  'no fallback to a later host level when the headers do not match': {
    routes: [
      route('api-h', { hosts: ['a.com'], paths: ['/api'], headers: [{ name: 'x-a', value: '1' }] }),
      star,
    ],
    host: 'a.com',
    path: '/api/x',
    expected: undefined,
  },
  'a host level with no prefix for the path is skipped': {
    routes: [api, star],
    host: 'a.com',
    path: '/other',
    expected: 'default/star',
  },
  'a wildcard level with no prefix for the path is skipped': {
    routes: [route('wb-api', { hosts: ['*.b.c.com'], paths: ['/api'] }), wildC],
    host: 'a.b.c.com',
    path: '/web',
    expected: 'default/wild-c',
  },

  // Several rules and hosts
  'the rules of one route are OR-ed': {
    routes: [testRoute({ name: 'multi', rules: [{ hosts: ['a.com'] }, { hosts: ['b.com'] }] })],
    host: 'b.com',
    expected: 'default/multi',
  },
  'several hosts in one rule are OR-ed': {
    routes: [route('hosts', { hosts: ['a.com', 'b.com'] })],
    host: 'b.com',
    expected: 'default/hosts',
  },
  'an InterceptorRoute wins over an HTTPScaledObject with the same key': {
    routes: [
      route('same', { hosts: ['a.com'] }, { kind: 'InterceptorRoute', target: { service: 'ir', port: 1 } }),
      route('same', { hosts: ['b.com'] }),
    ],
    host: 'a.com',
    expected: 'default/same',
  },
};

describe.each([
  ['scanned', undefined],
  ['probed', 0],
])('match, with %s prefix lists', (_mode, scanLevelLimit) => {
  it.each(Object.entries(cases))('%s', (_name, c) => {
    expect(lookup(c, scanLevelLimit)).toBe(c.expected);
  });
});

describe('match', () => {
  it('reports which rule of the route matched', () => {
    const table = buildTable([
      testRoute({ name: 'multi', rules: [{ hosts: ['a.com'] }, { hosts: ['b.com'] }] }),
    ]);
    const found = match(table, { host: 'b.com', path: '/' });
    expect(found?.ruleIndex).toBe(1);
    expect(found?.rule.hosts).toEqual(['b.com']);
    expect(found?.staticRoute).toBeUndefined();
  });

  it('keeps the InterceptorRoute of two routes with the same key, whichever comes first', () => {
    const ir = route('same', {}, { kind: 'InterceptorRoute' });
    const hso = route('same', {});
    expect(buildTable([ir, hso]).routes).toEqual([ir]);
    expect(buildTable([hso, ir]).routes).toEqual([ir]);
  });

  it('keeps the first of two routes of one kind with the same key', () => {
    const first = route('same', { hosts: ['first.com'] });
    expect(buildTable([first, route('same', { hosts: ['second.com'] })]).routes).toEqual([first]);
  });
});

describe('static routes', () => {
  const withStatics = testRoute({
    name: 'site',
    kind: 'InterceptorRoute',
    rules: [{ hosts: ['site.com'] }],
    staticRoutes: [
      {
        rules: [{ hosts: [], paths: ['/healthz'], headers: [] }],
        response: { statusCode: 200, body: 'ok', headers: {} },
        responseMode: 'WhenUnavailable',
      },
      {
        rules: [
          { hosts: ['*.com'], paths: ['/old'], headers: [] },
          { hosts: [], paths: ['/'], headers: [{ name: 'X-Maintenance', value: 'on' }] },
        ],
        response: { statusCode: 307, headers: { location: '/new' } },
        responseMode: 'Always',
      },
    ],
  });
  const table = buildTable([withStatics]);

  it.each([
    ['/healthz', {}, 0],
    ['/healthz/deep', {}, 0],
    ['/old/page', {}, 1],
    ['/anything', { 'x-maintenance': 'on' }, 1],
    ['/healthz', { 'x-maintenance': 'on' }, 0],
    ['/healthzz', {}, undefined],
    ['/anything', { 'x-maintenance': 'off' }, undefined],
  ] as const)('%s with headers %j uses static route %s', (path, headers, index) => {
    const found = match(table, { host: 'site.com', path, headers });
    expect(found?.route.key).toBe('default/site');
    expect(found?.staticRouteIndex).toBe(index);
    expect(found?.staticRoute).toBe(index === undefined ? undefined : withStatics.staticRoutes[index]);
  });

  it('only applies to requests the route itself matches', () => {
    expect(match(table, { host: 'other.com', path: '/healthz' })).toBeUndefined();
  });
});

describe('buildTable', () => {
  it('freezes the table and every route in it', () => {
    const table = buildTable([route('r', { hosts: ['a.com'] })]);
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table.routes)).toBe(true);
    expect(Object.isFrozen(table.routes[0]?.rules[0]?.hosts)).toBe(true);
  });

  it('sorts routes by key and finds them by key', () => {
    const table = buildTable([route('b', {}), route('a', {}, { namespace: 'z' }), route('a', {})]);
    expect(table.routes.map((r) => r.key)).toEqual(['default/a', 'default/b', 'z/a']);
    expect(findRoute(table, 'z/a')?.namespace).toBe('z');
    expect(findRoute(table, 'nope/x')).toBeUndefined();
  });

  it('keeps a version it is given and computes one otherwise', () => {
    expect(buildTable([], { version: 'v1' }).version).toBe('v1');
    expect(buildTable([]).version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('answers nothing from an empty table', () => {
    expect(match(buildTable([]), { host: 'a.com', path: '/' })).toBeUndefined();
  });
});

// Property test: random tables and requests (seeded, so a failure reproduces) never make match throw, and
// match agrees with a brute-force reference that applies SPEC §2 literally, route by route.
import { describe, expect, it } from 'vitest';
import type { RequestHeaders } from './headers.js';
import { match } from './match.js';
import type { Route, RouteRule } from './route.js';
import { buildTable } from './table.js';
import { testRoute } from './testing.js';

/** mulberry32: a tiny deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOST_PATTERNS = [
  'a.com',
  'b.a.com',
  'c.b.a.com',
  'A.com',
  'x.org',
  '*.a.com',
  '*.b.a.com',
  '*.com',
  '*',
  '',
  '::1',
];
const REQUEST_HOSTS = [
  'a.com',
  'b.a.com',
  'c.b.a.com',
  'd.c.b.a.com',
  'x.org',
  'y.x.org',
  'com',
  'A.COM:8080',
  '[::1]:80',
  '::1',
  '',
];
const PREFIXES = ['/', '', '/api', '/api/', '/api/v1', '/apix', '/api/v1/users', '/static', '//api'];
const REQUEST_PATHS = [
  '/',
  '',
  '/api',
  '/api/',
  '/api/v1',
  '/api/v1/users/7',
  '/apix',
  '/apix/y',
  '/static/a.css',
  '/api?x=1',
  '//api',
  '/api//v1',
  '/other',
];
const HEADER_NAMES = ['x-a', 'X-B', 'x-c'];
const HEADER_VALUES = ['1', '2'];
const TIMES = ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', ''];

function pickOne<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)] as T;
}

function some<T>(rand: () => number, items: readonly T[], max: number): T[] {
  const n = Math.floor(rand() * (max + 1));
  return Array.from({ length: n }, () => pickOne(rand, items));
}

function randomRule(rand: () => number): Partial<RouteRule> {
  const names = [...new Set(some(rand, HEADER_NAMES, 2))];
  return {
    hosts: some(rand, HOST_PATTERNS, 2),
    paths: some(rand, PREFIXES, 2),
    headers: names.map((name) => (rand() < 0.5 ? { name } : { name, value: pickOne(rand, HEADER_VALUES) })),
  };
}

function randomRoutes(rand: () => number): Route[] {
  return Array.from({ length: 1 + Math.floor(rand() * 12) }, () =>
    testRoute({
      kind: rand() < 0.3 ? 'InterceptorRoute' : 'HTTPScaledObject',
      namespace: pickOne(rand, ['a', 'b']),
      name: pickOne(rand, ['r1', 'r2', 'r3', 'r4', 'r5']),
      creationTimestamp: pickOne(rand, TIMES),
      rules: Array.from({ length: 1 + Math.floor(rand() * 2) }, () => randomRule(rand)),
    }),
  );
}

function randomHeaders(rand: () => number): RequestHeaders {
  const headers: Record<string, string | string[]> = {};
  for (const name of some(rand, HEADER_NAMES, 3)) {
    headers[name.toLowerCase()] =
      rand() < 0.2 ? [pickOne(rand, HEADER_VALUES), 'zz'] : pickOne(rand, HEADER_VALUES);
  }
  return headers;
}

// ---- The reference: SPEC §2 written as plainly as possible, with no index. ----

function refHost(host: string): string {
  if (host.startsWith('['))
    return host.slice(1, host.includes(']') ? host.indexOf(']') : undefined).toLowerCase();
  const parts = host.split(':');
  return (parts.length === 2 ? (parts[0] ?? '') : host).toLowerCase();
}

function refPath(path: string): string {
  return path.split('?')[0]!.split('#')[0]!.replace(/^\/+/, '').replace(/\/+$/, '');
}

function hostLevels(host: string): ((pattern: string) => boolean)[] {
  const levels: ((pattern: string) => boolean)[] = [];
  if (host !== '') {
    levels.push((p) => p.toLowerCase() === host);
    const labels = host.split('.');
    for (let i = 1; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      levels.push((p) => p.toLowerCase() === `*.${suffix}`);
    }
  }
  levels.push((p) => p === '*' || p === '');
  return levels;
}

function headerOk(rule: RouteRule, headers: RequestHeaders): boolean {
  return rule.headers.every((h) => {
    const v = headers[h.name.toLowerCase()];
    if (v === undefined) return false;
    if (h.value === undefined) return true;
    return typeof v === 'string' ? v === h.value : v.includes(h.value);
  });
}

function order(a: [Route, number, RouteRule], b: [Route, number, RouteRule]): number {
  const valued = (r: RouteRule) => r.headers.filter((h) => h.value !== undefined).length;
  const time = (r: Route) => (r.creationTimestamp === '' ? 0 : Date.parse(r.creationTimestamp));
  return (
    b[2].headers.length - a[2].headers.length ||
    valued(b[2]) - valued(a[2]) ||
    time(a[0]) - time(b[0]) ||
    (a[0].namespace < b[0].namespace ? -1 : a[0].namespace > b[0].namespace ? 1 : 0) ||
    (a[0].name < b[0].name ? -1 : a[0].name > b[0].name ? 1 : 0) ||
    a[1] - b[1]
  );
}

function reference(
  routes: readonly Route[],
  rawHost: string,
  rawPath: string,
  headers: RequestHeaders,
): [string, number] | undefined {
  const host = refHost(rawHost);
  const path = refPath(rawPath);
  for (const atLevel of hostLevels(host)) {
    const candidates: [Route, number, RouteRule, string][] = [];
    for (const route of routes) {
      route.rules.forEach((rule, i) => {
        const hosts = rule.hosts.length === 0 ? ['*'] : rule.hosts;
        if (!hosts.some(atLevel)) return;
        for (const prefix of (rule.paths.length === 0 ? ['/'] : rule.paths).map(refPath)) {
          if (prefix === '' || path === prefix || path.startsWith(`${prefix}/`))
            candidates.push([route, i, rule, prefix]);
        }
      });
    }
    if (candidates.length === 0) continue;
    const longest = Math.max(...candidates.map((c) => c[3].length));
    const best = candidates
      .filter((c) => c[3].length === longest)
      .map((c) => [c[0], c[1], c[2]] as [Route, number, RouteRule])
      .sort(order)
      .find((c) => headerOk(c[2], headers));
    return best === undefined ? undefined : [best[0].key, best[1]];
  }
  return undefined;
}

describe('match against the brute-force reference', () => {
  it.each([
    ['scanned prefix lists', undefined],
    ['probed prefix maps', 0],
  ])(
    'agrees on 400 random tables with 50 requests each, and never throws, with %s',
    (_name, scanLevelLimit) => {
      const rand = prng(20260101);
      let matched = 0;
      let unmatched = 0;
      for (let t = 0; t < 400; t++) {
        const table = buildTable(randomRoutes(rand), { scanLevelLimit });
        for (let q = 0; q < 50; q++) {
          const host = pickOne(rand, REQUEST_HOSTS);
          const path = pickOne(rand, REQUEST_PATHS);
          const headers = randomHeaders(rand);
          const found = match(table, { host, path, headers });
          const expected = reference(table.routes, host, path, headers);
          const context = JSON.stringify({ t, q, host, path, headers, routes: table.routes });
          expect(found === undefined ? undefined : [found.route.key, found.ruleIndex], context).toEqual(
            expected,
          );
          if (found) matched++;
          else unmatched++;
        }
      }
      // Both outcomes must be common, or the property says little.
      expect(matched).toBeGreaterThan(2000);
      expect(unmatched).toBeGreaterThan(2000);
    },
  );
});

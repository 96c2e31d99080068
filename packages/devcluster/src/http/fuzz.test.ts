// Seeded fuzzing of the HTTP API: random methods, paths, query strings, content types, bodies and patch
// documents. Whatever arrives, the server must keep answering with a Status (never a 5xx from a bug), and
// what it stores must stay valid JSON with consistent resourceVersions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';

/** mulberry32: a small deterministic PRNG, so a failing seed can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED = Number(process.env['DEVCLUSTER_FUZZ_SEED'] ?? 20251128);
const ROUNDS = 600;

let cluster: DevCluster;
const internalErrors: unknown[] = [];

beforeAll(async () => {
  cluster = await startDevCluster({ onError: (err) => internalErrors.push(err), maxWatchSeconds: 1 });
  cluster.store.resource({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }).create({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: {
            status: {},
            scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
          },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    replicas: { type: 'integer', minimum: 0 },
                    size: { type: 'string', enum: ['s', 'l'] },
                    tags: { type: 'array', items: { type: 'string' } },
                  },
                  'x-kubernetes-validations': [{ rule: 'self.replicas <= 10', message: 'at most 10' }],
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  });
});
afterAll(() => cluster.stop());

function generators(next: () => number) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const int = (n: number): number => Math.floor(next() * n);
  const word = (): string =>
    pick([
      'a',
      'web',
      'x-y',
      'Z',
      '',
      '..',
      '%zz',
      '%2F',
      'ü',
      'a'.repeat(300),
      'status',
      'scale',
      'proxy',
      'name:80',
    ]);
  function value(depth: number): unknown {
    switch (depth > 3 ? int(4) : int(8)) {
      case 0:
        return null;
      case 1:
        return next() < 0.5;
      case 2:
        return pick([0, -1, 1.5, 1e308, 2 ** 53, -0]);
      case 3:
        return word();
      case 4:
        return Array.from({ length: int(4) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = 0; i < int(5); i++)
          o[
            pick(['metadata', 'spec', 'status', 'data', 'name', 'replicas', 'labels', 'finalizers', word()])
          ] = value(depth + 1);
        return o;
      }
    }
  }
  const objectBody = (): unknown => {
    const base: Record<string, unknown> = pick([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: pick(['a', 'b', 'c']) }, data: { k: 'v' } },
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: pick(['w1', 'w2']) },
        spec: { replicas: int(15), size: pick(['s', 'l', 'm']) },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          selector: { matchLabels: { a: 'b' } },
          template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        },
      },
    ]);
    if (next() < 0.5) base[pick(['metadata', 'spec', 'status', 'data', 'kind', 'apiVersion'])] = value(1);
    return base;
  };
  const patchBody = (): unknown =>
    pick([
      () =>
        Array.from({ length: int(4) }, () => ({
          op: pick(['add', 'remove', 'replace', 'test', 'move', 'copy', 'bogus']),
          path: pick([
            '/spec/replicas',
            '/metadata/labels',
            '/data/k',
            '',
            '/',
            '/metadata/finalizers/-',
            '/~2',
          ]),
          value: value(2),
          from: '/data',
        })),
      () => ({ metadata: { labels: value(2), finalizers: value(2) }, spec: value(2) }),
      () => ({ spec: { replicas: pick([1, -1, 'x', null, 11]) }, status: value(2) }),
      () => value(0),
    ])();
  return { pick, int, word, value, objectBody, patchBody };
}

const PATHS = [
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/namespaces/default/configmaps/a',
  '/api/v1/namespaces/default/configmaps/b',
  '/apis/example.com/v1/namespaces/default/widgets',
  '/apis/example.com/v1/namespaces/default/widgets/w1',
  '/apis/example.com/v1/namespaces/default/widgets/w1/status',
  '/apis/example.com/v1/namespaces/default/widgets/w1/scale',
  '/apis/apps/v1/namespaces/default/deployments',
  '/apis/apps/v1/namespaces/default/deployments/d/scale',
  '/api/v1/namespaces',
  '/api/v1/namespaces/default',
  '/api/v1/namespaces/default/services/x:80/proxy/y',
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
  '/openapi/v3',
  '/apis',
];
const CONTENT_TYPES = [
  'application/json',
  'application/yaml',
  'application/merge-patch+json',
  'application/json-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
  'application/vnd.kubernetes.protobuf',
  'text/plain',
  undefined,
];

describe('fuzzing the HTTP API', () => {
  it(`survives ${ROUNDS} random requests (seed ${SEED}) and keeps stored state consistent`, async () => {
    const g = generators(rng(SEED));
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const method = g.pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
      let path = g.pick(PATHS);
      if (g.int(5) === 0) path = `/${Array.from({ length: g.int(7) }, () => g.word()).join('/')}`;
      const query = g.pick([
        '',
        '?watch=true&timeoutSeconds=1',
        '?labelSelector=a%20in%20(',
        '?fieldSelector=metadata.name%3Da',
        '?dryRun=All',
        '?fieldValidation=Strict',
        '?resourceVersion=1&watch=1',
        '?fieldManager=f&force=true',
        '?propagationPolicy=Orphan',
      ]);
      const contentType = g.pick(CONTENT_TYPES);
      const bodyKind = g.int(5);
      let body: string | Uint8Array | undefined;
      if (method !== 'GET' && method !== 'OPTIONS') {
        if (bodyKind === 0) body = Uint8Array.from({ length: g.int(64) }, () => g.int(256));
        else if (bodyKind === 1)
          body = Buffer.concat([
            Buffer.from('k8s\0'),
            Buffer.from(Array.from({ length: g.int(40) }, () => g.int(256))),
          ]);
        else if (bodyKind === 2) body = JSON.stringify(g.patchBody());
        else if (bodyKind === 3) body = JSON.stringify(g.objectBody());
        else body = JSON.stringify(g.value(0)).slice(0, g.int(200) + 1);
      }
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 10_000);
      try {
        const res = await fetch(`${cluster.url}${path}${query}`, {
          method,
          signal: controller.signal,
          headers: contentType ? { 'content-type': contentType } : {},
          ...(body !== undefined ? { body } : {}),
        });
        const text = await res.text();
        if (res.status >= 500 && res.status !== 503)
          problems.push(
            `round ${round}: ${method} ${path}${query} (${String(contentType)}) → ${res.status} ${text.slice(0, 300)}`,
          );
        if (res.status >= 400 && !query.includes('watch')) {
          const parsed = JSON.parse(text) as { kind?: string };
          if (parsed.kind !== 'Status')
            problems.push(`round ${round}: ${res.status} without a Status: ${text.slice(0, 200)}`);
        }
      } catch (err) {
        problems.push(`round ${round}: ${method} ${path}${query} failed: ${String(err)}`);
      } finally {
        clearTimeout(timer);
      }
    }
    expect(problems).toEqual([]);
    expect(internalErrors).toEqual([]);

    expect((await fetch(`${cluster.url}/version`)).status).toBe(200);
    const current = Number(cluster.store.resourceVersion);
    const seen = new Set<string>();
    cluster.store.forEachObject((_type, obj: KubeObject) => {
      const rv = obj.metadata.resourceVersion ?? '';
      expect(JSON.parse(JSON.stringify(obj))).toEqual(obj);
      expect(Number(rv)).toBeGreaterThan(0);
      expect(Number(rv)).toBeLessThanOrEqual(current);
      expect(seen.has(rv), `resourceVersion ${rv} used twice`).toBe(false);
      seen.add(rv);
      expect(obj.metadata.uid).toBeTypeOf('string');
    });
    for (const path of PATHS.slice(0, 10).filter((p) => !p.includes('/proxy/'))) {
      const res = await fetch(`${cluster.url}${path}`);
      expect([200, 404]).toContain(res.status);
      JSON.parse(await res.text());
    }
  });
});

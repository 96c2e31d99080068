import { describe, expect, it } from 'vitest';
import {
  StrategicMergePatchError,
  StrategicMergeUnsupportedError,
  applyStrategicMergePatch,
} from './strategic-merge.js';

const deployment = { group: 'apps', version: 'v1', kind: 'Deployment' };
const service = { group: '', version: 'v1', kind: 'Service' };

function deploy(
  podSpec: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: podSpec }, ...extra },
  };
}

const web = {
  name: 'web',
  image: 'nginx:1',
  ports: [{ containerPort: 80 }],
  env: [{ name: 'A', value: '1' }],
};
const side = { name: 'side', image: 'busybox' };

describe('applyStrategicMergePatch on a Deployment', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>]>([
    [
      'merges a container by name',
      deploy({ containers: [web, side] }),
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } },
      deploy({ containers: [{ ...web, image: 'nginx:2' }, side] }),
    ],
    [
      'puts a container with a new name before the others, as Kubernetes does without $setElementOrder',
      deploy({ containers: [web] }),
      { spec: { template: { spec: { containers: [side] } } } },
      deploy({ containers: [side, web] }),
    ],
    [
      'removes a container with $patch: delete',
      deploy({ containers: [web, side] }),
      { spec: { template: { spec: { containers: [{ name: 'side', $patch: 'delete' }] } } } },
      deploy({ containers: [web] }),
    ],
    [
      'replaces the list with a $patch: replace item',
      deploy({ containers: [web, side] }),
      { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'x' }] } } } },
      deploy({ containers: [{ name: 'only', image: 'x' }] }),
    ],
    [
      'merges env by name (new names first) and container ports by containerPort',
      deploy({ containers: [web] }),
      {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'web',
                  env: [{ name: 'B', value: '2' }],
                  ports: [{ containerPort: 80, name: 'http' }],
                },
              ],
            },
          },
        },
      },
      deploy({
        containers: [
          {
            ...web,
            ports: [{ containerPort: 80, name: 'http' }],
            env: [
              { name: 'B', value: '2' },
              { name: 'A', value: '1' },
            ],
          },
        ],
      }),
    ],
    [
      'orders a merged list by $setElementOrder',
      deploy({ containers: [web, side] }),
      {
        spec: {
          template: {
            spec: {
              '$setElementOrder/containers': [{ name: 'side' }, { name: 'web' }],
              containers: [{ name: 'web', image: 'nginx:3' }],
            },
          },
        },
      },
      deploy({ containers: [side, { ...web, image: 'nginx:3' }] }),
    ],
    [
      'deletes a field with null',
      deploy({ containers: [web] }, { paused: true }),
      { spec: { paused: null } },
      deploy({ containers: [web] }),
    ],
    [
      'ignores null for a field that is not there',
      deploy({ containers: [web] }),
      { spec: { minReadySeconds: null } },
      deploy({ containers: [web] }),
    ],
    [
      'replaces a list without a merge key',
      deploy({ containers: [web], tolerations: [{ key: 'a' }, { key: 'b' }] }),
      { spec: { template: { spec: { tolerations: [{ key: 'c' }] } } } },
      deploy({ containers: [web], tolerations: [{ key: 'c' }] }),
    ],
    [
      'clears the keys $retainKeys does not list',
      deploy({ containers: [web] }, { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      deploy({ containers: [web] }, { strategy: { type: 'Recreate' } }),
    ],
    [
      'replaces a map with $patch: replace',
      deploy({ containers: [web] }),
      { metadata: { labels: { $patch: 'replace', tier: 'a' } } },
      { ...deploy({ containers: [web] }), metadata: { name: 'web', labels: { tier: 'a' } } },
    ],
    [
      'merges maps key by key',
      deploy({ containers: [web] }),
      { metadata: { labels: { tier: 'a', app: null } } },
      { ...deploy({ containers: [web] }), metadata: { name: 'web', labels: { tier: 'a' } } },
    ],
    [
      'unions a primitive merge list and deletes from it with $deleteFromPrimitiveList',
      { ...deploy({ containers: [web] }), metadata: { name: 'web', finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['c', 'a'], '$deleteFromPrimitiveList/finalizers': ['b'] } },
      { ...deploy({ containers: [web] }), metadata: { name: 'web', finalizers: ['c', 'a'] } },
    ],
    [
      'strips directives from items it adds',
      deploy({ containers: [web] }),
      {
        spec: {
          template: {
            spec: { volumes: [{ name: 'data', $retainKeys: ['name', 'emptyDir'], emptyDir: {} }] },
          },
        },
      },
      deploy({ containers: [web], volumes: [{ name: 'data', emptyDir: {} }] }),
    ],
    [
      'merges status conditions by type',
      {
        ...deploy({ containers: [web] }),
        status: {
          conditions: [
            { type: 'Available', status: 'False' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
      { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      {
        ...deploy({ containers: [web] }),
        status: {
          conditions: [
            { type: 'Available', status: 'True' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
    ],
  ])('%s', (_name, original, patch, expected) => {
    const before = JSON.stringify(original);
    expect(applyStrategicMergePatch(original, patch, deployment)).toEqual(expected);
    expect(JSON.stringify(original)).toBe(before);
  });
});

describe('applyStrategicMergePatch on other kinds', () => {
  it('merges Service ports by port', () => {
    const original = { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } };
    expect(
      applyStrategicMergePatch(original, { spec: { ports: [{ port: 80, name: 'http' }] } }, service),
    ).toEqual({
      spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443 }] },
    });
  });

  it('patches a Scale', () => {
    expect(
      applyStrategicMergePatch(
        { spec: { replicas: 1 } },
        { spec: { replicas: 3 } },
        { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      ),
    ).toEqual({ spec: { replicas: 3 } });
  });

  it("replaces a PodDisruptionBudget's selector whole (patchStrategy replace) and merges the rest", () => {
    const pdb = { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' };
    const original = {
      metadata: { labels: { a: '1' } },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web', tier: 'front' } } },
    };
    expect(
      applyStrategicMergePatch(
        original,
        { metadata: { labels: { b: '2' } }, spec: { selector: { matchLabels: { app: 'api' } } } },
        pdb,
      ),
    ).toEqual({
      metadata: { labels: { a: '1', b: '2' } },
      spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } },
    });
  });

  it('replaces a ConfigMap data key and keeps the others', () => {
    expect(
      applyStrategicMergePatch(
        { data: { a: '1', b: '2' } },
        { data: { a: '3' } },
        { group: '', version: 'v1', kind: 'ConfigMap' },
      ),
    ).toEqual({ data: { a: '3', b: '2' } });
  });

  it.each([
    { group: 'http.keda.sh', version: 'v1alpha1', kind: 'HTTPScaledObject' },
    { group: 'keda.sh', version: 'v1alpha1', kind: 'ScaledObject' },
    { group: 'apps', version: 'v1beta1', kind: 'Deployment' },
  ])('refuses $kind of $group/$version with StrategicMergeUnsupportedError', (target) => {
    expect(() => applyStrategicMergePatch({}, {}, target)).toThrow(StrategicMergeUnsupportedError);
  });

  it.each<[string, unknown]>([
    ['a patch that is a list', []],
    ['an unknown $patch directive', { metadata: { $patch: 'explode' } }],
    ['a keyed list item without its key', { spec: { template: { spec: { containers: [{ image: 'x' }] } } } }],
    ['a $patch: merge list item', { spec: { template: { spec: { containers: [{ $patch: 'merge' }] } } } }],
    ['$retainKeys that is not a list', { spec: { strategy: { $retainKeys: 'type' } } }],
    ['a key missing from $retainKeys', { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } }],
    ['a list mixing objects and strings', { spec: { template: { spec: { containers: ['web'] } } } }],
    [
      'a patch list out of $setElementOrder order',
      {
        spec: {
          template: { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ name: 'b' }] } },
        },
      },
    ],
  ])('refuses %s with StrategicMergePatchError', (_name, patch) => {
    expect(() => applyStrategicMergePatch(deploy({ containers: [web] }), patch, deployment)).toThrow(
      StrategicMergePatchError,
    );
  });
});

describe('applyStrategicMergePatch on random patches', () => {
  it('either applies or throws StrategicMergePatchError', () => {
    let seed = 99;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const keys = [
      'spec',
      'template',
      'containers',
      'name',
      'env',
      '$patch',
      '$retainKeys',
      '$setElementOrder/containers',
      '$deleteFromPrimitiveList/finalizers',
      'metadata',
      'finalizers',
    ];
    const values = ['replace', 'delete', 'merge', 'web', null, 1, true];
    const build = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.3) return values[Math.floor(random() * values.length)];
      if (r < 0.55) return Array.from({ length: Math.floor(random() * 3) }, () => build(depth + 1));
      const out: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 3); i >= 0; i -= 1)
        out[keys[Math.floor(random() * keys.length)] as string] = build(depth + 1);
      return out;
    };
    for (let i = 0; i < 3000; i += 1) {
      const patch = build(0);
      try {
        applyStrategicMergePatch(deploy({ containers: [web, side] }), patch, deployment);
      } catch (e) {
        expect(e, JSON.stringify(patch)).toBeInstanceOf(StrategicMergePatchError);
      }
    }
  });
});

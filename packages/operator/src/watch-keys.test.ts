import { describe, expect, it } from 'vitest';
import type { KubeObject } from '@keda-http/k8s';
import { WorkKeyError } from './errors.js';
import { parseWorkKey, workKey } from './resources.js';
import { keyForScaledObject, keysForService, servicesOf } from './watch-keys.js';

const obj = (namespace: string, name: string, spec: unknown): KubeObject => ({
  metadata: { namespace, name },
  spec,
});

describe('work keys', () => {
  it('round-trip kind, namespace and name', () => {
    expect(parseWorkKey(workKey('InterceptorRoute', 'apps', 'r'))).toEqual({
      kind: 'InterceptorRoute',
      namespace: 'apps',
      name: 'r',
    });
  });

  it.each(['Deployment/apps/x', 'HTTPScaledObject/apps', 'HTTPScaledObject//x', 'HTTPScaledObject/a/b/c'])(
    'rejects %s',
    (key) => {
      expect(() => parseWorkKey(key)).toThrow(WorkKeyError);
    },
  );
});

describe('keyForScaledObject', () => {
  it.each([
    [
      'maps an owned ScaledObject to its controller',
      [{ kind: 'HTTPScaledObject', name: 'owner', controller: true }],
      'owner',
    ],
    ['maps an orphaned ScaledObject to the HTTPScaledObject of its name', [], 'so'],
    ['ignores owners of other kinds', [{ kind: 'Other', name: 'x', controller: true }], 'so'],
  ])('%s', (_name, ownerReferences, expected) => {
    const so = { metadata: { namespace: 'apps', name: 'so', ownerReferences } } as KubeObject;
    expect(keyForScaledObject(so)).toBe(`HTTPScaledObject/apps/${expected}`);
  });
});

describe('servicesOf', () => {
  it('reads the target and failover Services of an HTTPScaledObject', () => {
    const o = obj('apps', 'h', {
      scaleTargetRef: { service: 'web' },
      coldStartTimeoutFailoverRef: { service: 'fb' },
    });
    expect(servicesOf('HTTPScaledObject', o)).toEqual(['web', 'fb']);
  });

  it('reads the target and fallback Services of an InterceptorRoute', () => {
    const o = obj('apps', 'r', {
      target: { service: 'web' },
      coldStart: { fallback: { service: { name: 'fb' } } },
    });
    expect(servicesOf('InterceptorRoute', o)).toEqual(['web', 'fb']);
  });

  it('survives objects that do not validate', () => {
    expect(servicesOf('HTTPScaledObject', obj('apps', 'h', 'not an object'))).toEqual([]);
  });
});

describe('keysForService', () => {
  it('names every object in the Service namespace that routes to it', () => {
    const hsos = [
      obj('apps', 'a', { scaleTargetRef: { service: 'web' } }),
      obj('apps', 'b', { scaleTargetRef: { service: 'other' } }),
      obj('elsewhere', 'c', { scaleTargetRef: { service: 'web' } }),
    ];
    const irs = [obj('apps', 'r', { target: { service: 'web' } })];
    expect(keysForService({ metadata: { namespace: 'apps', name: 'web' } }, hsos, irs)).toEqual([
      'HTTPScaledObject/apps/a',
      'InterceptorRoute/apps/r',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { BadScaledObjectRef } from '../errors.js';
import { parseScaledObjectRef, type ScaledObjectRefLike } from './scaler-query.js';

const ref = (
  scalerMetadata: Record<string, string>,
  extra: Partial<ScaledObjectRefLike> = {},
): ScaledObjectRefLike => ({
  name: 'so',
  namespace: 'ns',
  scalerMetadata,
  ...extra,
});

describe('parseScaledObjectRef', () => {
  it.each([
    [
      'interceptorRoute names an InterceptorRoute in the ScaledObject namespace',
      ref({ interceptorRoute: 'shop' }),
      {
        kind: 'interceptorRoute',
        namespace: 'ns',
        name: 'shop',
        key: 'ns/shop',
        field: 'scalerMetadata.interceptorRoute',
      },
    ],
    [
      'httpScaledObject names an HTTPScaledObject',
      ref({ httpScaledObject: 'app' }),
      {
        kind: 'httpScaledObject',
        namespace: 'ns',
        name: 'app',
        key: 'ns/app',
        field: 'scalerMetadata.httpScaledObject',
      },
    ],
    [
      'interceptorRoute wins over httpScaledObject when both are set',
      ref({ httpScaledObject: 'app', interceptorRoute: 'shop' }),
      { kind: 'interceptorRoute', key: 'ns/shop' },
    ],
    [
      'httpScaledObject wins over interceptorTargetPendingRequests',
      ref({ interceptorTargetPendingRequests: '200', httpScaledObject: 'app' }),
      { kind: 'httpScaledObject', key: 'ns/app' },
    ],
    [
      "interceptorTargetPendingRequests is the interceptor's own ScaledObject",
      ref({ interceptorTargetPendingRequests: '200' }),
      { kind: 'interceptor', namespace: 'ns', name: 'so', target: 200 },
    ],
    [
      'other metadata keys are ignored',
      ref({ scalerAddress: 'x:9090', httpScaledObject: 'app' }),
      { kind: 'httpScaledObject', key: 'ns/app' },
    ],
  ])('%s', (_name, input, want) => {
    expect(parseScaledObjectRef(input)).toMatchObject(want);
  });

  it.each([
    [
      'no metadata names the expected keys',
      ref({}),
      'scalerMetadata: needs one of interceptorRoute, httpScaledObject or interceptorTargetPendingRequests; got no keys',
    ],
    ['unrelated keys are listed', ref({ host: 'x' }), 'got keys "host"'],
    [
      'an empty interceptorRoute names the field',
      ref({ interceptorRoute: '' }),
      'scalerMetadata.interceptorRoute: must name a route, got ""',
    ],
    [
      'a name with a slash is refused',
      ref({ httpScaledObject: 'a/b' }),
      `scalerMetadata.httpScaledObject: must be a name in the ScaledObject's namespace, got "a/b"`,
    ],
    [
      'a target that is not a number names the value',
      ref({ interceptorTargetPendingRequests: 'lots' }),
      'scalerMetadata.interceptorTargetPendingRequests: expected a whole number of at least 1, got "lots"',
    ],
    ['a target of 0 is refused', ref({ interceptorTargetPendingRequests: '0' }), 'got "0"'],
    ['a negative target is refused', ref({ interceptorTargetPendingRequests: '-5' }), 'got "-5"'],
    [
      'an empty namespace is refused',
      ref({ httpScaledObject: 'a' }, { namespace: '' }),
      'namespace: must not be empty',
    ],
    [
      'the interceptor query needs the ScaledObject name',
      ref({ interceptorTargetPendingRequests: '1' }, { name: '' }),
      'name: must not be empty',
    ],
  ])('%s', (_name, input, message) => {
    let caught: unknown;
    try {
      parseScaledObjectRef(input);
    } catch (err) {
      caught = err;
    }
    expect(BadScaledObjectRef.is(caught)).toBe(true);
    expect((caught as Error).message).toContain(message);
  });

  it('a missing ScaledObjectRef is a bad request', () => {
    expect(() => parseScaledObjectRef(null)).toThrow('scaledObjectRef: is required');
  });
});

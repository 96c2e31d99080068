import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  formatIssues,
  validateHTTPScaledObject,
  validateInterceptorRoute,
  validateWith,
  type ValidationResult,
} from './validate.js';

const metadata = { name: 'web', namespace: 'apps' };

function hso(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'http.keda.sh/v1alpha1',
    kind: 'HTTPScaledObject',
    metadata,
    spec: { scaleTargetRef: { name: 'web', service: 'web', port: 8080 }, ...spec },
    ...extra,
  };
}

function ir(spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'http.keda.sh/v1beta1',
    kind: 'InterceptorRoute',
    metadata,
    spec: { target: { service: 'web', port: 8080 }, scalingMetric: { concurrency: {} }, ...spec },
  };
}

function messages<T>(result: ValidationResult<T>): readonly string[] {
  return result.ok ? [] : result.issues.map((i) => i.message);
}

describe('validateHTTPScaledObject', () => {
  it('applies every default of a minimal object', () => {
    const result = validateHTTPScaledObject({
      metadata,
      spec: { scaleTargetRef: { service: 'web', port: 80 } },
    });
    expect(result).toEqual({
      ok: true,
      value: {
        apiVersion: 'http.keda.sh/v1alpha1',
        kind: 'HTTPScaledObject',
        metadata,
        spec: {
          scaleTargetRef: { kind: 'Deployment', apiVersion: 'apps/v1', service: 'web', port: 80 },
          scaledownPeriod: 300,
        },
      },
    });
  });

  it('fills the defaults inside scalingMetric and the failover reference', () => {
    const result = validateHTTPScaledObject(
      hso({
        scalingMetric: { requestRate: {} },
        coldStartTimeoutFailoverRef: { service: 'fallback', portName: 'http' },
      }),
    );
    expect(result.ok && result.value.spec.scalingMetric).toEqual({
      requestRate: { targetValue: 100, window: '1m', granularity: '1s' },
    });
    expect(result.ok && result.value.spec.coldStartTimeoutFailoverRef).toEqual({
      service: 'fallback',
      portName: 'http',
      timeoutSeconds: 30,
    });
  });

  it('keeps the metadata it does not know and drops unknown spec fields, like the API server prunes them', () => {
    const result = validateHTTPScaledObject(
      hso({ surprise: true }, { metadata: { ...metadata, ownerReferences: [{ name: 'x' }] } }),
    );
    expect(result.ok && result.value.metadata).toEqual({ ...metadata, ownerReferences: [{ name: 'x' }] });
    expect(result.ok && 'surprise' in result.value.spec).toBe(false);
  });

  it('drops an unreadable status instead of rejecting the object', () => {
    const result = validateHTTPScaledObject(hso({}, { status: { conditions: [{ type: 'Ready' }] } }));
    expect(result.ok && result.value.status).toBeUndefined();
  });

  it('keeps a well-formed status', () => {
    const status = {
      observedGeneration: 2,
      targetWorkload: 'apps/v1/Deployment/web',
      targetService: 'web:8080',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Reconciled',
          message: 'ScaledObject created and configured',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    const result = validateHTTPScaledObject(hso({}, { status }));
    expect(result.ok && result.value.status).toEqual(status);
  });

  it.each([
    [
      'both ports are rejected',
      hso({ scaleTargetRef: { service: 'web', port: 80, portName: 'http' } }),
      ["spec.scaleTargetRef: must define either the 'portName' or the 'port'"],
    ],
    [
      'neither port is rejected',
      hso({ scaleTargetRef: { service: 'web' } }),
      ["spec.scaleTargetRef: must define either the 'portName' or the 'port'"],
    ],
    [
      'both scaling metrics are rejected',
      hso({ scalingMetric: { concurrency: {}, requestRate: {} } }),
      ["spec.scalingMetric: must define either the 'concurrency' or the 'requestRate', not both"],
    ],
    [
      'a failover reference with both ports is rejected',
      hso({ coldStartTimeoutFailoverRef: { service: 'f', port: 1, portName: 'x' } }),
      ["spec.coldStartTimeoutFailoverRef: must define either the 'portName' or the 'port'"],
    ],
    [
      'a duration that is not one is rejected with the value',
      hso({ timeouts: { conditionWait: 'abc' } }),
      ['spec.timeouts.conditionWait: expected a duration like 500ms, 5s or 1m, got "abc"'],
    ],
    [
      'a port of 0 is rejected with the value',
      hso({ scaleTargetRef: { service: 'web', port: 0 } }),
      ['spec.scaleTargetRef.port: must be >= 1, got 0'],
    ],
    [
      'a port above 65535 is rejected',
      hso({ scaleTargetRef: { service: 'web', port: 70000 } }),
      ['spec.scaleTargetRef.port: must be <= 65535, got 70000'],
    ],
    [
      'a fractional target is rejected',
      hso({ targetPendingRequests: 1.5 }),
      ['spec.targetPendingRequests: expected an integer, got 1.5'],
    ],
    [
      'a missing Service is reported as required',
      hso({ scaleTargetRef: { port: 80 } }),
      ['spec.scaleTargetRef.service: is required'],
    ],
    [
      'a header without a name is rejected',
      hso({ headers: [{ name: '' }] }),
      ['spec.headers[0].name: must not be empty'],
    ],
    [
      'a host that is not a string is rejected',
      hso({ hosts: ['a.com', 7] }),
      ['spec.hosts[1]: expected string, got 7'],
    ],
    ['an object without spec is rejected', { metadata }, ['spec: is required']],
    [
      'an object without a name is rejected',
      hso({}, { metadata: { namespace: 'apps' } }),
      ['metadata.name: is required'],
    ],
    [
      'a wrong kind is rejected',
      hso({}, { kind: 'InterceptorRoute' }),
      ['kind: must be one of "HTTPScaledObject", got "InterceptorRoute"'],
    ],
    ['something that is not an object is rejected', 'web', ['expected object, got "web"']],
  ])('%s', (_name, input, expected) => {
    expect(messages(validateHTTPScaledObject(input))).toEqual(expected);
  });
});

describe('validateInterceptorRoute', () => {
  it('applies the defaults of the metric, the placeholder and static routes', () => {
    const result = validateInterceptorRoute(
      ir({
        scalingMetric: { concurrency: {}, requestRate: { window: '30s' } },
        coldStart: { placeholder: { response: { body: 'starting' } } },
        staticRoutes: [{ rules: [{ paths: [{ value: '/healthz' }] }], response: { statusCode: 200 } }],
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.spec.scalingMetric).toEqual({
      concurrency: { targetValue: 100 },
      requestRate: { targetValue: 100, window: '30s', granularity: '1s' },
    });
    expect(result.value.spec.coldStart?.placeholder?.response).toEqual({ statusCode: 503, body: 'starting' });
    expect(result.value.spec.staticRoutes?.[0]?.responseMode).toBe('WhenUnavailable');
    expect(result.value.spec.staticRoutes?.[0]?.response.statusCode).toBe(200);
  });

  it('leaves a static response without a status code for the route to decide', () => {
    const result = validateInterceptorRoute(ir({ staticRoutes: [{ rules: [{}], response: {} }] }));
    expect(result.ok && result.value.spec.staticRoutes?.[0]?.response.statusCode).toBeUndefined();
  });

  it.each([
    [
      'a target with both ports is rejected',
      ir({ target: { service: 'web', port: 80, portName: 'http' } }),
      ["spec.target: must define either the 'portName' or the 'port'"],
    ],
    [
      'a target with neither port is rejected',
      ir({ target: { service: 'web' } }),
      ["spec.target: must define either the 'portName' or the 'port'"],
    ],
    [
      'an empty scaling metric is rejected',
      ir({ scalingMetric: {} }),
      ["spec.scalingMetric: must define at least one of 'concurrency' or 'requestRate'"],
    ],
    [
      'a missing scaling metric is rejected',
      ir({ scalingMetric: undefined }),
      ['spec.scalingMetric: is required'],
    ],
    [
      'an empty coldStart is rejected',
      ir({ coldStart: {} }),
      ["spec.coldStart: must define at least one of 'fallback' or 'placeholder'"],
    ],
    [
      'a fallback Service with both ports is rejected',
      ir({ coldStart: { fallback: { service: { name: 'f', port: 80, portName: 'http' } } } }),
      ["spec.coldStart.fallback.service: must define either the 'portName' or the 'port'"],
    ],
    [
      'a placeholder with body and bodyFromConfigMap is rejected',
      ir({ coldStart: { placeholder: { response: { body: 'x', bodyFromConfigMap: { name: 'cm' } } } } }),
      [
        "spec.coldStart.placeholder.response: must define either the 'body' or the 'bodyFromConfigMap', not both",
      ],
    ],
    [
      'a static route without rules is rejected',
      ir({ staticRoutes: [{ rules: [], response: {} }] }),
      ['spec.staticRoutes[0].rules: must have at least 1 item'],
    ],
    [
      'a status code above 599 is rejected',
      ir({ staticRoutes: [{ rules: [{}], response: { statusCode: 600 } }] }),
      ['spec.staticRoutes[0].response.statusCode: must be <= 599, got 600'],
    ],
    [
      'a status code below 100 is rejected',
      ir({ staticRoutes: [{ rules: [{}], response: { statusCode: 99 } }] }),
      ['spec.staticRoutes[0].response.statusCode: must be >= 100, got 99'],
    ],
    [
      'a body over 32 KiB is rejected',
      ir({ staticRoutes: [{ rules: [{}], response: { body: 'x'.repeat(32 * 1024 + 1) } }] }),
      ['spec.staticRoutes[0].response.body: must be at most 32768 characters long'],
    ],
    [
      'an unknown response mode is rejected',
      ir({ staticRoutes: [{ rules: [{}], response: {}, responseMode: 'Sometimes' }] }),
      ['spec.staticRoutes[0].responseMode: must be one of "Always", "WhenUnavailable", got "Sometimes"'],
    ],
    [
      'an empty path is rejected',
      ir({ rules: [{ paths: [{ value: '' }] }] }),
      ['spec.rules[0].paths[0].value: must not be empty'],
    ],
    [
      'a bad granularity is rejected',
      ir({ scalingMetric: { requestRate: { granularity: '1x' } } }),
      ['spec.scalingMetric.requestRate.granularity: expected a duration like 500ms, 5s or 1m, got "1x"'],
    ],
    [
      'a target value of 0 is rejected',
      ir({ scalingMetric: { concurrency: { targetValue: 0 } } }),
      ['spec.scalingMetric.concurrency.targetValue: must be >= 1, got 0'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(messages(validateInterceptorRoute(input))).toEqual(expected);
  });
});

describe('formatIssues', () => {
  it('joins the messages of several issues into one line', () => {
    const result = validateInterceptorRoute(ir({ target: { service: 'web' }, coldStart: {} }));
    expect(result.ok ? '' : formatIssues(result.issues)).toBe(
      "spec.target: must define either the 'portName' or the 'port'; spec.coldStart: must define at least one of 'fallback' or 'placeholder'",
    );
  });
});

describe('validateWith', () => {
  it.each([
    [
      'a pattern mismatch names the pattern and the value',
      z.string().regex(/^a+$/),
      'b',
      ['must match /^a+$/, got "b"'],
    ],
    [
      'a long string is shortened in the message',
      z.number(),
      'x'.repeat(80),
      [`expected number, got "${'x'.repeat(60)}…"`],
    ],
    [
      'a list where a string belongs is described as a list',
      z.string(),
      [1],
      ['expected string, got a list'],
    ],
    ['null is named', z.string(), null, ['expected string, got null']],
    ['an exclusive bound is shown as such', z.number().gt(3), 3, ['must be > 3, got 3']],
    [
      'other problems keep the zod message',
      z.number().multipleOf(5),
      7,
      ['Invalid number: must be a multiple of 5'],
    ],
  ])('%s', (_name, schema, input, expected) => {
    expect(messages(validateWith(schema, input))).toEqual(expected);
  });

  it('formats nested paths the way the API server does', () => {
    const schema = z.object({ a: z.array(z.object({ b: z.string() })) });
    expect(validateWith(schema, { a: [{ b: 'x' }, { b: 1 }] })).toEqual({
      ok: false,
      issues: [{ path: 'a[1].b', message: 'a[1].b: expected string, got 1' }],
    });
  });
});

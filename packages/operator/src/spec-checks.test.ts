import { describe, expect, it } from 'vitest';
import {
  validateHTTPScaledObject,
  validateInterceptorRoute,
  type HTTPScaledObject,
  type InterceptorRoute,
} from '@keda-http/api';
import {
  httpScaledObjectServiceRefs,
  interceptorRouteServiceRefs,
  scaleTargetIssues,
  serviceIssues,
  type Service,
} from './spec-checks.js';

const services: Record<string, Service> = {
  web: {
    metadata: { name: 'web' },
    spec: {
      ports: [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9100 },
      ],
    },
  },
  bare: { metadata: { name: 'bare' }, spec: { ports: [{ port: 80 }] } },
};
const lookup = (_ns: string, name: string): Service | undefined => services[name];

function hso(scaleTargetRef: Record<string, unknown>, extra: Record<string, unknown> = {}): HTTPScaledObject {
  const r = validateHTTPScaledObject({
    metadata: { name: 'h', namespace: 'apps' },
    spec: { scaleTargetRef, ...extra },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

function ir(target: Record<string, unknown>, coldStart?: unknown): InterceptorRoute {
  const r = validateInterceptorRoute({
    metadata: { name: 'r', namespace: 'apps' },
    spec: { target, scalingMetric: { concurrency: {} }, ...(coldStart ? { coldStart } : {}) },
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

describe('serviceIssues for HTTPScaledObjects', () => {
  it.each([
    ['an existing Service and port name pass', { name: 'w', service: 'web', portName: 'http' }, []],
    ['an existing Service and port number pass', { name: 'w', service: 'web', port: 9100 }, []],
    [
      'a missing Service is named with its field',
      { name: 'w', service: 'nope', port: 80 },
      ['spec.scaleTargetRef.service: Service "nope" not found in namespace "apps"'],
    ],
    [
      'a missing port name lists the ports there are',
      { name: 'w', service: 'web', portName: 'grpc' },
      [
        'spec.scaleTargetRef.portName: Service "web" has no port named "grpc" (it has http (8080), metrics (9100))',
      ],
    ],
    [
      'a missing port number lists the ports there are',
      { name: 'w', service: 'bare', port: 8080 },
      ['spec.scaleTargetRef.port: Service "bare" has no port 8080 (it has 80)'],
    ],
  ])('%s', (_name, ref, messages) => {
    const issues = serviceIssues('apps', httpScaledObjectServiceRefs(hso(ref)), lookup);
    expect(issues.map((i) => i.message)).toEqual(messages);
  });

  it('checks the failover Service too', () => {
    const refs = httpScaledObjectServiceRefs(
      hso(
        { name: 'w', service: 'web', port: 8080 },
        { coldStartTimeoutFailoverRef: { service: 'gone', port: 80 } },
      ),
    );
    expect(serviceIssues('apps', refs, lookup).map((i) => i.path)).toEqual([
      'spec.coldStartTimeoutFailoverRef.service',
    ]);
  });
});

describe('serviceIssues for InterceptorRoutes', () => {
  it('checks the target and the fallback Service by their own field names', () => {
    const refs = interceptorRouteServiceRefs(
      ir({ service: 'web', portName: 'admin' }, { fallback: { service: { name: 'gone', port: 80 } } }),
    );
    expect(serviceIssues('apps', refs, lookup).map((i) => i.path)).toEqual([
      'spec.target.portName',
      'spec.coldStart.fallback.service.name',
    ]);
  });
});

describe('scaleTargetIssues', () => {
  it.each([
    ['a named workload passes', { name: 'w', service: 'web', port: 1 }, false, 0],
    ['a missing workload name is an issue', { service: 'web', port: 1 }, false, 1],
    ['a missing workload name is fine when no ScaledObject is made', { service: 'web', port: 1 }, true, 0],
  ])('%s', (_name, ref, skip, count) => {
    expect(scaleTargetIssues(hso(ref), skip)).toHaveLength(count);
  });
});

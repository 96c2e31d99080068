// The CRDs `make manifests` generates (config/crd/bases) must be enforced the way a real API server enforces
// them: these are the objects SPEC §1 says the schemas reject, with the CRDs' own messages.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { compileCrdSchemas, invalidStatus, type StatusCause } from './index.js';

function loadCrd(file: string): Record<string, unknown> {
  const text = readFileSync(new URL(`../../../../config/crd/bases/${file}`, import.meta.url), 'utf8');
  const docs = YAML.parseAllDocuments(text)
    .map((d) => d.toJS() as unknown)
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object');
  return docs[0] as Record<string, unknown>;
}

const httpso = compileCrdSchemas(loadCrd('http.keda.sh_httpscaledobjects.yaml'));
const route = compileCrdSchemas(loadCrd('http.keda.sh_interceptorroutes.yaml'));

function admitHttpso(spec: unknown): { object: Record<string, unknown>; causes: StatusCause[] } {
  return httpso.admit(
    'v1alpha1',
    {
      apiVersion: 'http.keda.sh/v1alpha1',
      kind: 'HTTPScaledObject',
      metadata: { name: 'web', namespace: 'default' },
      spec,
    },
    undefined,
  );
}

function admitRoute(spec: unknown): { object: Record<string, unknown>; causes: StatusCause[] } {
  return route.admit(
    'v1beta1',
    {
      apiVersion: 'http.keda.sh/v1beta1',
      kind: 'InterceptorRoute',
      metadata: { name: 'web', namespace: 'default' },
      spec,
    },
    undefined,
  );
}

const PORTS = "Invalid value: \"object\": must define either the 'portName' or the 'port'";

describe('HTTPScaledObject (config/crd/bases)', () => {
  it.each<[string, unknown, StatusCause[]]>([
    [
      'both port and portName are rejected with the CRD message',
      { scaleTargetRef: { name: 'web', service: 'web', port: 80, portName: 'http' } },
      [{ reason: 'FieldValueInvalid', message: PORTS, field: 'spec.scaleTargetRef' }],
    ],
    [
      'neither port nor portName is rejected with the CRD message',
      { scaleTargetRef: { name: 'web', service: 'web' } },
      [{ reason: 'FieldValueInvalid', message: PORTS, field: 'spec.scaleTargetRef' }],
    ],
    [
      'both scaling metrics are rejected with the CRD message',
      {
        scaleTargetRef: { name: 'web', service: 'web', port: 80 },
        scalingMetric: { concurrency: {}, requestRate: {} },
      },
      [
        {
          reason: 'FieldValueInvalid',
          message:
            "Invalid value: \"object\": must define either the 'concurrency' or the 'requestRate', not both",
          field: 'spec.scalingMetric',
        },
      ],
    ],
    [
      'a missing service is "Required value"',
      { scaleTargetRef: { name: 'web', port: 80 } },
      [
        { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.scaleTargetRef.service' },
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
          field: '<nil>',
        },
      ],
    ],
    [
      'a failover without a port is rejected too',
      {
        scaleTargetRef: { name: 'web', service: 'web', port: 80 },
        coldStartTimeoutFailoverRef: { service: 'sorry' },
      },
      [{ reason: 'FieldValueInvalid', message: PORTS, field: 'spec.coldStartTimeoutFailoverRef' }],
    ],
  ])('%s', (_name, spec, causes) => {
    expect(admitHttpso(spec).causes).toEqual(causes);
  });

  it('gets its defaults: workload kind and apiVersion, scaledownPeriod, the metric targets', () => {
    const result = admitHttpso({
      hosts: ['example.com'],
      scaleTargetRef: { name: 'web', service: 'web', port: 8080 },
      scalingMetric: { requestRate: {} },
      unknownField: true,
    });
    expect(result.causes).toEqual([]);
    expect(result.object.spec).toEqual({
      hosts: ['example.com'],
      scaleTargetRef: { name: 'web', service: 'web', port: 8080, kind: 'Deployment', apiVersion: 'apps/v1' },
      scaledownPeriod: 300,
      scalingMetric: { requestRate: { targetValue: 100, window: '1m', granularity: '1s' } },
    });
  });

  it('reads as kubectl prints it, in the 422 Status', () => {
    const { causes } = admitHttpso({ scaleTargetRef: { name: 'web', service: 'web' } });
    expect(
      invalidStatus({ group: 'http.keda.sh', kind: 'HTTPScaledObject', name: 'web', causes }).message,
    ).toBe(`HTTPScaledObject.http.keda.sh "web" is invalid: spec.scaleTargetRef: ${PORTS}`);
  });

  it('validates a status write against the status schema', () => {
    const object = {
      apiVersion: 'http.keda.sh/v1alpha1',
      kind: 'HTTPScaledObject',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { name: 'web', service: 'web', port: 80 } },
      status: {
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Reconciled',
            message: '',
            lastTransitionTime: '2024-01-01T00:00:00Z',
          },
        ],
      },
    };
    expect(httpso.admit('v1alpha1', object, object).causes).toEqual([]);
    const changed = {
      ...object,
      status: { conditions: [{ ...object.status.conditions[0], status: 'Perhaps' }] },
    };
    expect(httpso.admit('v1alpha1', changed, object).causes).toEqual([
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "Perhaps": supported values: "True", "False", "Unknown"',
        field: 'status.conditions[0].status',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
        field: '<nil>',
      },
    ]);
  });
});

describe('InterceptorRoute (config/crd/bases)', () => {
  const target = { service: 'web', port: 8080 };
  const scalingMetric = { concurrency: {} };

  it.each<[string, unknown, StatusCause[]]>([
    [
      'both port and portName on the target are rejected',
      { target: { service: 'web', port: 80, portName: 'http' }, scalingMetric },
      [{ reason: 'FieldValueInvalid', message: PORTS, field: 'spec.target' }],
    ],
    [
      'neither port nor portName on the target is rejected',
      { target: { service: 'web' }, scalingMetric },
      [{ reason: 'FieldValueInvalid', message: PORTS, field: 'spec.target' }],
    ],
    [
      'no scaling metric at all is rejected with the CRD message',
      { target, scalingMetric: {} },
      [
        {
          reason: 'FieldValueInvalid',
          message: "Invalid value: \"object\": must define at least one of 'concurrency' or 'requestRate'",
          field: 'spec.scalingMetric',
        },
      ],
    ],
    [
      'an empty coldStart is rejected with the CRD message',
      { target, scalingMetric, coldStart: {} },
      [
        {
          reason: 'FieldValueInvalid',
          message: "Invalid value: \"object\": must define at least one of 'fallback' or 'placeholder'",
          field: 'spec.coldStart',
        },
      ],
    ],
    [
      'both scaling metrics are allowed on an InterceptorRoute',
      { target, scalingMetric: { concurrency: {}, requestRate: {} } },
      [],
    ],
    [
      'a placeholder status code outside 100-599 is rejected',
      { target, scalingMetric, coldStart: { placeholder: { response: { statusCode: 99 } } } },
      [
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: 99: spec.coldStart.placeholder.response.statusCode in body should be greater than or equal to 100',
          field: 'spec.coldStart.placeholder.response.statusCode',
        },
      ],
    ],
    [
      'a timeout that is not a duration is rejected by its pattern',
      { target, scalingMetric, timeouts: { readiness: 'soon' } },
      [
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: "soon": spec.timeouts.readiness in body should match \'^(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$\'',
          field: 'spec.timeouts.readiness',
        },
      ],
    ],
  ])('%s', (_name, spec, causes) => {
    expect(admitRoute(spec).causes).toEqual(causes);
  });

  it('gets its defaults: metric targets, placeholder status, static response mode', () => {
    const result = admitRoute({
      target,
      scalingMetric: { concurrency: {}, requestRate: { window: '30s' } },
      coldStart: { placeholder: { response: { body: 'starting' } } },
      staticRoutes: [{ rules: [{ hosts: ['a.example.com'] }], response: { body: 'hi' } }],
    });
    expect(result.causes).toEqual([]);
    expect(result.object.spec).toMatchObject({
      scalingMetric: {
        concurrency: { targetValue: 100 },
        requestRate: { targetValue: 100, window: '30s', granularity: '1s' },
      },
      coldStart: { placeholder: { response: { body: 'starting', statusCode: 503 } } },
      staticRoutes: [{ responseMode: 'WhenUnavailable', response: { body: 'hi' } }],
    });
  });
});

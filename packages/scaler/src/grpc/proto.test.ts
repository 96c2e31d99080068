// The wire contract with KEDA: the bytes KEDA's Go client sends decode to what the handlers expect, and what
// the scaler answers encodes to the bytes KEDA's Go client decodes (field numbers, wire types, proto3 rules).
// The expected bytes are written out by hand from the protobuf encoding rules, not produced by a library.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROTO_PATH, loadExternalScalerProto } from './proto.js';
import { isActiveResponse, metricSpecResponse, metricsResponse } from './responses.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** A string's bytes, in hex. */
const str = (s: string): string => Buffer.from(s, 'utf8').toString('hex');
/** A length-delimited field (wire type 2): the tag byte, the payload's length as one varint byte, the payload. */
const ld = (tag: string, payload: string): string => {
  const length = hex(payload).length;
  if (length > 127) throw new Error('keep test payloads under 128 bytes');
  return `${tag} ${length.toString(16).padStart(2, '0')} ${payload}`;
};
const { service } = loadExternalScalerProto();

describe('externalscaler.proto on the wire', () => {
  it('serves the service and methods at the paths KEDA calls', () => {
    expect(Object.fromEntries(Object.entries(service).map(([name, m]) => [name, m.path]))).toEqual({
      IsActive: '/externalscaler.ExternalScaler/IsActive',
      StreamIsActive: '/externalscaler.ExternalScaler/StreamIsActive',
      GetMetricSpec: '/externalscaler.ExternalScaler/GetMetricSpec',
      GetMetrics: '/externalscaler.ExternalScaler/GetMetrics',
    });
    expect(service.StreamIsActive.responseStream).toBe(true);
    expect(service.GetMetrics.responseStream).toBe(false);
  });

  // ScaledObjectRef{name: "web", namespace: "prod", scalerMetadata: {"httpScaledObject": "web"}}
  const refBytes =
    `${ld('0a', str('web'))} ${ld('12', str('prod'))} ` +
    ld('1a', `${ld('0a', str('httpScaledObject'))} ${ld('12', str('web'))}`);
  const ref = { name: 'web', namespace: 'prod', scalerMetadata: { httpScaledObject: 'web' } };

  it.each([
    ['a ScaledObjectRef (fields 1, 2 and the map as field 3)', 'IsActive', refBytes, ref],
    [
      'an empty ScaledObjectRef reads as defaults',
      'GetMetricSpec',
      '',
      { name: '', namespace: '', scalerMetadata: {} },
    ],
    [
      'a GetMetricsRequest (ref as field 1, metricName as field 2)',
      'GetMetrics',
      `${ld('0a', refBytes)} ${ld('12', str('http-prod_002Fweb'))}`,
      { scaledObjectRef: ref, metricName: 'http-prod_002Fweb' },
    ],
  ] as const)('decodes %s', (_name, method, bytes, want) => {
    expect(service[method].requestDeserialize(hex(bytes))).toEqual(want);
  });

  it.each([
    ['IsActiveResponse{result: true} as field 1, varint', 'IsActive', isActiveResponse(true), '08 01'],
    [
      'IsActiveResponse{result: false} as nothing at all (proto3 default)',
      'IsActive',
      isActiveResponse(false),
      '',
    ],
    [
      'a MetricSpec with an int64 targetSize (field 2) and no float',
      'GetMetricSpec',
      metricSpecResponse([{ metricName: 'http-prod_002Fweb', targetSize: 100, targetSizeFloat: 0 }]),
      ld('0a', `${ld('0a', str('http-prod_002Fweb'))} 10 64`),
    ],
    [
      'a MetricSpec with a double targetSizeFloat (field 3, fixed64)',
      'GetMetricSpec',
      metricSpecResponse([{ metricName: 'http_shop_rate', targetSize: 0, targetSizeFloat: 2.5 }]),
      ld('0a', `${ld('0a', str('http_shop_rate'))} 19 00 00 00 00 00 00 04 40`),
    ],
    [
      'a MetricValue with an int64 metricValue above 32 bits',
      'GetMetrics',
      metricsResponse([{ metricName: 'm', metricValue: 2 ** 40, metricValueFloat: 0 }]),
      ld('0a', `${ld('0a', str('m'))} 10 80 80 80 80 80 20`),
    ],
    [
      'two MetricValues with metricValueFloat (field 3)',
      'GetMetrics',
      metricsResponse([
        { metricName: 'a', metricValue: 0, metricValueFloat: 0.125 },
        { metricName: 'b', metricValue: 300, metricValueFloat: 0 },
      ]),
      `${ld('0a', `${ld('0a', str('a'))} 19 00 00 00 00 00 00 c0 3f`)} ${ld('0a', `${ld('0a', str('b'))} 10 ac 02`)}`,
    ],
  ] as const)('encodes %s as Go would', (_name, method, value, bytes) => {
    const serialize = service[method].responseSerialize as (v: unknown) => Buffer;
    expect(serialize(value).toString('hex')).toBe(hex(bytes).toString('hex'));
  });
});

describe('generated artefacts', () => {
  it("the package's proto is a byte-for-byte copy of proto/externalscaler.proto", () => {
    const source = fileURLToPath(new URL('../../../../proto/externalscaler.proto', import.meta.url));
    expect(readFileSync(PROTO_PATH, 'utf8')).toBe(readFileSync(source, 'utf8'));
  });

  it('src/generated matches what proto-loader-gen-types makes from the proto now', async () => {
    const script = fileURLToPath(new URL('../../scripts/generate-proto.mjs', import.meta.url));
    const run = promisify(execFile);
    const outcome = await run(process.execPath, [script, '--check']).then(
      () => 'fresh',
      (err: Error & { stderr?: string }) => err.stderr ?? err.message,
    );
    expect(outcome).toBe('fresh');
  });
});

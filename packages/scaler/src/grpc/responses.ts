// The response messages as the scaler sends them. protobufjs encodes a scalar field whenever it is present in
// the object, zero included; Go's encoder (KEDA's side, and upstream's scaler) leaves proto3 defaults out. Both
// decode the same, but leaving zeros out makes the scaler's bytes the canonical ones KEDA's tests would expect.
import type { GetMetricSpecResponse } from '../generated/externalscaler/GetMetricSpecResponse.js';
import type { GetMetricsResponse } from '../generated/externalscaler/GetMetricsResponse.js';
import type { IsActiveResponse } from '../generated/externalscaler/IsActiveResponse.js';
import type { MetricSpec } from '../generated/externalscaler/MetricSpec.js';
import type { MetricValue } from '../generated/externalscaler/MetricValue.js';
import type { MetricSpecValue, MetricValueValue } from '../metrics/metric-specs.js';

export function isActiveResponse(active: boolean): IsActiveResponse {
  return active ? { result: true } : {};
}

export function metricSpecResponse(specs: readonly MetricSpecValue[]): GetMetricSpecResponse {
  return {
    metricSpecs: specs.map((s): MetricSpec => {
      const out: MetricSpec = { metricName: s.metricName };
      if (s.targetSize !== 0) out.targetSize = s.targetSize;
      if (s.targetSizeFloat !== 0) out.targetSizeFloat = s.targetSizeFloat;
      return out;
    }),
  };
}

export function metricsResponse(values: readonly MetricValueValue[]): GetMetricsResponse {
  return {
    metricValues: values.map((v): MetricValue => {
      const out: MetricValue = { metricName: v.metricName };
      if (v.metricValue !== 0) out.metricValue = v.metricValue;
      if (v.metricValueFloat !== 0) out.metricValueFloat = v.metricValueFloat;
      return out;
    }),
  };
}

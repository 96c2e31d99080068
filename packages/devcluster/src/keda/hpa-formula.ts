// The HorizontalPodAutoscaler's replica calculation for external metrics, as KEDA's HPA gets them:
// - AverageValue (KEDA's default): the value is shared by the pods, desired = ceil(value / target), unless the
//   per-pod usage is within the tolerance of the target (|value / (target × current) − 1| ≤ 0.1).
// - Value: desired = ceil(current × value / target), unless |value / target − 1| ≤ tolerance.
// Several metrics: the largest answer wins. The result is clamped to [min, max]. Pure: no clock, no I/O.

export type MetricType = 'AverageValue' | 'Value';

export interface MetricInput {
  readonly value: number;
  readonly target: number;
  readonly metricType: MetricType;
}

export const DEFAULT_TOLERANCE = 0.1;

/** What one metric asks for (not clamped). */
export function replicasForMetric(
  metric: MetricInput,
  currentReplicas: number,
  tolerance = DEFAULT_TOLERANCE,
): number {
  const { value, target } = metric;
  if (!(target > 0)) return currentReplicas;
  if (metric.metricType === 'AverageValue') {
    if (currentReplicas > 0 && Math.abs(value / (target * currentReplicas) - 1) <= tolerance)
      return currentReplicas;
    return Math.ceil(value / target);
  }
  const ratio = value / target;
  if (currentReplicas === 0) return Math.ceil(ratio);
  if (Math.abs(ratio - 1) <= tolerance) return currentReplicas;
  return Math.ceil(ratio * currentReplicas);
}

export interface HpaInput {
  readonly currentReplicas: number;
  readonly metrics: readonly MetricInput[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly tolerance?: number;
}

export interface HpaResult {
  /** The replica count to set. */
  readonly desired: number;
  /** Each metric's own answer, in input order. */
  readonly perMetric: readonly number[];
}

export function desiredReplicas(input: HpaInput): HpaResult {
  const perMetric = input.metrics.map((m) => replicasForMetric(m, input.currentReplicas, input.tolerance));
  const wanted = perMetric.length === 0 ? input.currentReplicas : Math.max(...perMetric);
  const desired = Math.min(input.maxReplicas, Math.max(input.minReplicas, wanted));
  return { desired, perMetric };
}

import { describe, expect, it } from 'vitest';
import { desiredReplicas, replicasForMetric, type MetricInput } from './hpa-formula.js';

const avg = (value: number, target: number): MetricInput => ({ value, target, metricType: 'AverageValue' });
const val = (value: number, target: number): MetricInput => ({ value, target, metricType: 'Value' });

describe('the HPA formula for one external metric', () => {
  it.each([
    ['AverageValue divides the value by the target and rounds up', avg(7, 2), 1, 4],
    ['AverageValue ignores the current count outside the tolerance', avg(100, 10), 3, 10],
    ['AverageValue scales down when the per-pod usage is low', avg(2, 10), 5, 1],
    ['AverageValue keeps the count when per-pod usage is exactly on target', avg(30, 10), 3, 3],
    ['AverageValue keeps the count within 10 % above the target', avg(32, 10), 3, 3],
    ['AverageValue keeps the count within 10 % below the target', avg(28, 10), 3, 3],
    ['AverageValue moves just outside the tolerance above', avg(34, 10), 3, 4],
    ['AverageValue just outside the tolerance below asks for ceil(value / target)', avg(26, 10), 3, 3],
    ['AverageValue at 26/10 from 4 pods scales down to 3', avg(26, 10), 4, 3],
    ['AverageValue uses fractional targets', avg(1, 0.25), 1, 4],
    ['AverageValue of zero asks for zero (clamped by the caller)', avg(0, 5), 2, 0],
    ['Value multiplies the current count by value over target', val(20, 10), 3, 6],
    ['Value keeps the count within the tolerance', val(10.5, 10), 3, 3],
    ['Value halves the count when the value is half the target', val(5, 10), 4, 2],
    ['Value rounds up', val(11.5, 10), 3, 4],
    ['a non-positive target changes nothing', avg(50, 0), 3, 3],
  ])('%s', (_name, metric, current, expected) => {
    expect(replicasForMetric(metric, current)).toBe(expected);
  });
});

describe('the HPA over several metrics, clamped', () => {
  it.each([
    ['takes the largest answer over the metrics', [avg(7, 2), avg(1, 1)], 1, [1, 10], 4],
    ['clamps to maxReplicas', [avg(1000, 1)], 2, [1, 10], 10],
    ['clamps to minReplicas', [avg(0, 1)], 4, [2, 10], 2],
    ['keeps the current count with no metrics', [], 3, [1, 10], 3],
    ['keeps the count when every metric is within tolerance', [avg(30, 10), val(10, 10)], 3, [1, 10], 3],
    ['lets one metric outside tolerance win over one inside', [avg(30, 10), val(20, 10)], 3, [1, 10], 6],
  ] as const)('%s', (_name, metrics, current, [min, max], expected) => {
    const result = desiredReplicas({ currentReplicas: current, metrics, minReplicas: min, maxReplicas: max });
    expect(result.desired).toBe(expected);
    expect(result.perMetric).toHaveLength(metrics.length);
  });
});

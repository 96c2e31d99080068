import { describe, expect, it } from 'vitest';
import { createTimeline, formatTimelineEntry } from './event-timeline.js';

describe('the event timeline', () => {
  it('numbers entries, returns those after a sequence number and keeps only the newest', () => {
    let now = Date.parse('2030-01-01T00:00:00.123Z');
    const t = createTimeline({ capacity: 3, now: () => now++ });
    for (let i = 0; i < 5; i++)
      t.record({ kind: 'stream', scaledObject: 'ns/so', trigger: 0, active: i % 2 === 0 });
    expect(t.lastSeq).toBe(5);
    expect(t.since().map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(t.since(4).map((e) => e.seq)).toEqual([5]);
    expect(t.since(4)[0]?.time).toBe('2030-01-01T00:00:00.127Z');
  });

  it('wakes a waiter on the next entry, and answers an empty list on timeout', async () => {
    const t = createTimeline();
    const waiting = t.wait(0, 60_000);
    t.record({ kind: 'pod', pod: 'ns/p', milestone: 'ready' });
    expect((await waiting).map((e) => e.kind)).toEqual(['pod']);
    expect(await t.wait(1, 1)).toEqual([]);
  });

  it('formats scale decisions with their metrics for the CLI log', () => {
    const t = createTimeline({ now: () => Date.parse('2030-01-01T12:34:56.789Z') });
    const entry = t.record({
      kind: 'scale',
      scaledObject: 'ns/so',
      target: 'Deployment ns/web',
      reason: 'hpa',
      from: 1,
      to: 4,
      metrics: [{ trigger: 0, metricName: 'm', value: 7, target: 2, metricType: 'AverageValue', desired: 4 }],
    });
    expect(formatTimelineEntry(entry)).toBe(
      '12:34:56.789 scale Deployment ns/web hpa 1→4 (ScaledObject ns/so) [m=7/2 (AverageValue) → 4]',
    );
  });
});

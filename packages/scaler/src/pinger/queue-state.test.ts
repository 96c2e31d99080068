import { describe, expect, it } from 'vitest';
import { podCountsOf, type PodCounts } from '@keda-http/queue';
import { createQueueState } from './queue-state.js';

const counts = (entries: Record<string, [number, number]>): PodCounts =>
  podCountsOf(
    Object.fromEntries(
      Object.entries(entries).map(([key, [c, r]]) => [key, { Concurrency: c, RequestCount: r }]),
    ),
  );

type Step =
  | { poll: string; counts: Record<string, [number, number]> }
  | { activation: string; counts: Record<string, [number, number]> }
  | { fail: string }
  | { retain: string[] };

function run(steps: Step[]) {
  const state = createQueueState();
  let t = 0;
  for (const step of steps) {
    t += 500;
    if ('poll' in step) state.ingestPoll(step.poll, counts(step.counts), t);
    else if ('activation' in step) state.ingestConcurrency(step.activation, counts(step.counts));
    else if ('fail' in step) state.markFailed(step.fail, 'connection refused');
    else state.retain(new Set(step.retain));
  }
  return state;
}

describe('queue state: concurrency', () => {
  it.each([
    [
      'concurrency adds up over pods',
      [
        { poll: 'a', counts: { 'ns/x': [2, 0] } },
        { poll: 'b', counts: { 'ns/x': [3, 0], 'ns/y': [1, 0] } },
      ],
      { 'ns/x': 5, 'ns/y': 1 },
      6,
    ],
    [
      "a new answer replaces the pod's previous one",
      [
        { poll: 'a', counts: { 'ns/x': [2, 0] } },
        { poll: 'a', counts: { 'ns/x': [0, 5] } },
      ],
      { 'ns/x': 0 },
      0,
    ],
    [
      'a key the pod no longer reports leaves the totals',
      [
        { poll: 'a', counts: { 'ns/x': [2, 0], 'ns/y': [1, 0] } },
        { poll: 'a', counts: { 'ns/x': [2, 0] } },
      ],
      { 'ns/x': 2 },
      2,
    ],
    [
      'an unreachable pod that is still listed keeps its last concurrency',
      [
        { poll: 'a', counts: { 'ns/x': [4, 0] } },
        { poll: 'b', counts: { 'ns/x': [1, 0] } },
        { fail: 'a' },
        { retain: ['a', 'b'] },
      ],
      { 'ns/x': 5 },
      5,
    ],
    [
      'a pod that left the EndpointSlice is forgotten',
      [
        { poll: 'a', counts: { 'ns/x': [4, 0] } },
        { poll: 'b', counts: { 'ns/x': [1, 0], 'ns/y': [0, 0] } },
        { retain: ['a'] },
      ],
      { 'ns/x': 4 },
      4,
    ],
    [
      'an activation answer replaces the concurrency of a listed pod',
      [
        { poll: 'a', counts: { 'ns/x': [0, 0] } },
        { activation: 'a', counts: { 'ns/x': [1, 1] } },
      ],
      { 'ns/x': 1 },
      1,
    ],
    [
      'an activation answer for a pod never polled is ignored',
      [{ activation: 'z', counts: { 'ns/x': [1, 1] } }],
      {},
      0,
    ],
  ] as [string, Step[], Record<string, number>, number][])('%s', (_name, steps, want, total) => {
    const state = run(steps);
    expect(Object.fromEntries([...state.keys()].map((k) => [k, state.concurrency(k)]))).toEqual(want);
    expect(state.totalConcurrency).toBe(total);
  });
});

describe('queue state: request-count deltas', () => {
  it.each([
    ['the first sighting of a pod adds nothing', [{ poll: 'a', counts: { 'ns/x': [0, 1000] } }], {}],
    [
      'later polls add the increase',
      [
        { poll: 'a', counts: { 'ns/x': [0, 10] } },
        { poll: 'a', counts: { 'ns/x': [0, 15] } },
        { poll: 'a', counts: { 'ns/x': [0, 18] } },
      ],
      { 'ns/x': 8 },
    ],
    [
      'increases add up over pods',
      [
        { poll: 'a', counts: { 'ns/x': [0, 10] } },
        { poll: 'b', counts: { 'ns/x': [0, 50] } },
        { poll: 'a', counts: { 'ns/x': [0, 12] } },
        { poll: 'b', counts: { 'ns/x': [0, 53] } },
      ],
      { 'ns/x': 5 },
    ],
    [
      'a decrease means the pod restarted: the delta is the new value',
      [
        { poll: 'a', counts: { 'ns/x': [0, 500] } },
        { poll: 'a', counts: { 'ns/x': [0, 7] } },
      ],
      { 'ns/x': 7 },
    ],
    [
      'a new pod causes no spike',
      [
        { poll: 'a', counts: { 'ns/x': [0, 100] } },
        { poll: 'a', counts: { 'ns/x': [0, 101] } },
        { poll: 'b', counts: { 'ns/x': [0, 90_000] } },
      ],
      { 'ns/x': 1 },
    ],
    [
      'the first sighting of a key on a known pod adds nothing',
      [
        { poll: 'a', counts: { 'ns/x': [0, 1] } },
        { poll: 'a', counts: { 'ns/x': [0, 1], 'ns/y': [0, 40] } },
      ],
      {},
    ],
    [
      'an unreachable pod keeps its baseline: its requests count once it answers again',
      [{ poll: 'a', counts: { 'ns/x': [0, 10] } }, { fail: 'a' }, { poll: 'a', counts: { 'ns/x': [0, 16] } }],
      { 'ns/x': 6 },
    ],
    [
      'a pod that left and came back starts from a new baseline',
      [
        { poll: 'a', counts: { 'ns/x': [0, 10] } },
        { retain: [] },
        { poll: 'a', counts: { 'ns/x': [0, 30] } },
      ],
      {},
    ],
    [
      'an activation answer never moves the baseline, even when it is newer than the next poll',
      [
        { poll: 'a', counts: { 'ns/x': [0, 10] } },
        { activation: 'a', counts: { 'ns/x': [1, 12] } },
        { poll: 'a', counts: { 'ns/x': [1, 11] } },
      ],
      { 'ns/x': 1 },
    ],
  ] as [string, Step[], Record<string, number>][])('%s', (_name, steps, want) => {
    expect(Object.fromEntries(run(steps).takeDeltas())).toEqual(want);
  });

  it('a key written twice in one answer keeps its last concurrency and adds nothing more', () => {
    const state = createQueueState();
    const twice = (c1: number, r1: number, c2: number, r2: number): PodCounts => ({
      keys: ['ns/x', 'ns/x'],
      concurrency: [c1, c2],
      requestCount: [r1, r2],
    });
    state.ingestPoll('a', twice(1, 10, 2, 10), 0);
    state.ingestPoll('a', twice(3, 15, 4, 40), 500);
    expect(state.concurrency('ns/x')).toBe(4);
    expect(state.takeDeltas().get('ns/x')).toBe(5);
  });

  it('takeDeltas drains what it returns', () => {
    const state = run([
      { poll: 'a', counts: { 'ns/x': [0, 1] } },
      { poll: 'a', counts: { 'ns/x': [0, 2] } },
    ]);
    expect(state.takeDeltas().get('ns/x')).toBe(1);
    expect(state.takeDeltas().size).toBe(0);
  });
});

describe('queue state: pod status', () => {
  it('reports which pods answered and why the others did not', () => {
    const state = run([{ poll: 'a', counts: { 'ns/x': [1, 1] } }, { poll: 'b', counts: {} }, { fail: 'b' }]);
    expect(state.pods()).toEqual([
      { address: 'a', reachable: true, lastSuccessMs: 500, lastError: undefined, keys: 1 },
      { address: 'b', reachable: false, lastSuccessMs: 1000, lastError: 'connection refused', keys: 0 },
    ]);
  });
});

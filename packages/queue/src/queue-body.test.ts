import { describe, expect, it } from 'vitest';
import { parseQueueBody, podCountsOf, type PodCounts } from './queue-body.js';
import { queueCountsSchema } from './queue-endpoint.js';

const compact = (entries: Record<string, [number, number]>): string =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(entries).map(([k, [c, r]]) => [k, { Concurrency: c, RequestCount: r }]),
    ),
  );

const valid: [string, string, PodCounts][] = [
  ['an empty body', '{}', { keys: [], concurrency: [], requestCount: [] }],
  [
    'the compact form JSON.stringify writes',
    compact({ 'ns/a': [1, 2], 'ns/b': [0, 9_007_199_254_740_991] }),
    { keys: ['ns/a', 'ns/b'], concurrency: [1, 0], requestCount: [2, 9_007_199_254_740_991] },
  ],
  [
    'whitespace',
    ' { "ns/a" : { "Concurrency" : 1 , "RequestCount" : 2 } } ',
    { keys: ['ns/a'], concurrency: [1], requestCount: [2] },
  ],
  [
    'the fields in the other order',
    '{"ns/a":{"RequestCount":2,"Concurrency":1}}',
    { keys: ['ns/a'], concurrency: [1], requestCount: [2] },
  ],
  [
    'extra fields',
    '{"ns/a":{"Concurrency":1,"RequestCount":2,"Extra":true}}',
    { keys: ['ns/a'], concurrency: [1], requestCount: [2] },
  ],
  [
    'an escaped key',
    '{"ns/\\u0061":{"Concurrency":1,"RequestCount":2}}',
    { keys: ['ns/a'], concurrency: [1], requestCount: [2] },
  ],
  [
    'a count written as 1e3',
    '{"ns/a":{"Concurrency":1e3,"RequestCount":2}}',
    { keys: ['ns/a'], concurrency: [1000], requestCount: [2] },
  ],
];

const invalid: [string, string, string][] = [
  ['text that is not JSON', '<html>', 'GET x: body is not JSON: "<html>"'],
  ['a truncated compact body', compact({ 'ns/a': [1, 2] }).slice(0, -1), 'GET x: body is not JSON'],
  ['an array', '[]', 'body: expected an object keyed by namespace/name, got []'],
  ['null', 'null', 'body: expected an object keyed by namespace/name, got null'],
  [
    'a key without a slash',
    compact({ app: [0, 0] }),
    'body["app"]: expected a key like namespace/name, got "app"',
  ],
  [
    'a key with two slashes',
    compact({ 'a/b/c': [0, 0] }),
    'body["a/b/c"]: expected a key like namespace/name, got "a/b/c"',
  ],
  ['a key with an empty name', compact({ 'a/': [0, 0] }), 'body["a/"]: expected a key like namespace/name'],
  [
    'a record that is not an object',
    '{"a/b":3}',
    'body["a/b"]: expected an object with Concurrency and RequestCount, got 3',
  ],
  [
    'a missing RequestCount',
    '{"a/b":{"Concurrency":1}}',
    'body["a/b"].RequestCount: expected a non-negative integer, got nothing',
  ],
  [
    'a negative count',
    compact({ 'a/b': [-1, 0] }),
    'body["a/b"].Concurrency: expected a non-negative integer, got -1',
  ],
  [
    'a fractional count',
    '{"a/b":{"Concurrency":1.5,"RequestCount":0}}',
    'body["a/b"].Concurrency: expected a non-negative integer, got 1.5',
  ],
  [
    'a count as a string',
    '{"a/b":{"Concurrency":"1","RequestCount":0}}',
    'body["a/b"].Concurrency: expected a non-negative integer, got "1"',
  ],
  [
    'a count beyond 2^53',
    '{"a/b":{"Concurrency":0,"RequestCount":90071992547409930}}',
    'body["a/b"].RequestCount: expected a non-negative integer',
  ],
  ['a count with a leading zero', '{"a/b":{"Concurrency":01,"RequestCount":0}}', 'GET x: body is not JSON'],
];

describe('parseQueueBody', () => {
  it.each(valid)('reads %s', (_name, text, want) => {
    expect(parseQueueBody(text, 'GET x')).toEqual(want);
  });

  it.each(invalid)('refuses %s, naming the field', (_name, text, message) => {
    expect(() => parseQueueBody(text, 'GET x')).toThrow(message);
  });

  it('reads a thousand keys the fast way and the general way alike', () => {
    const entries = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`ns-${i % 7}/route-${i}`, [i % 5, i * 31] as [number, number]]),
    );
    const text = compact(entries);
    const spaced = JSON.stringify(JSON.parse(text), null, 1);
    expect(parseQueueBody(spaced, 'x')).toEqual(parseQueueBody(text, 'x'));
    expect(parseQueueBody(text, 'x').keys).toHaveLength(1000);
  });
});

describe('parseQueueBody reads the format queueCountsSchema defines', () => {
  it.each(valid)('both accept %s, with the same counts', (_name, text) => {
    const parsed = queueCountsSchema.parse(JSON.parse(text));
    expect(podCountsOf(parsed)).toEqual(parseQueueBody(text, 'x'));
  });

  it.each(invalid.filter(([, text]) => isJson(text)))('both refuse %s', (_name, text) => {
    expect(queueCountsSchema.safeParse(JSON.parse(text)).success).toBe(false);
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

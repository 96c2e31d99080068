import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['1s', 1000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['2h45m', 9_900_000],
    ['1h0m0s', 3_600_000],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['1000000ns', 1],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5', '1x', 's', '-1s', '1s ', ' 1s', '1ms2', '1.2.3s', '1h-5m'])(
    'rejects %j',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [60_000, '1m0s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [9_900_000, '2h45m0s'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });
});

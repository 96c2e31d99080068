import { testRoute } from '@keda-http/routing/testing';
import { describe, expect, it } from 'vitest';
import { createRequestRates } from './request-rates.js';

const rateRoute = (name: string, windowMs = 10_000, granularityMs = 1_000) =>
  testRoute({ namespace: 'ns', name, scaling: { requestRate: { targetValue: 5, windowMs, granularityMs } } });

describe('request rates', () => {
  it('keeps one window per route with requestRate and averages its deltas per second', () => {
    const rates = createRequestRates();
    expect(rates.configure([rateRoute('a'), testRoute({ namespace: 'ns', name: 'b' })])).toEqual(['ns/a']);
    rates.record(new Map([['ns/a', 10]]), 0);
    rates.record(new Map(), 1_000);
    expect(rates.rate('ns/a', 1_000)).toBe(5);
    expect(rates.rate('ns/b', 1_000)).toBeUndefined();
    expect([...rates.keys()]).toEqual(['ns/a']);
  });

  it('records silence as zeros, so the rate decays', () => {
    const rates = createRequestRates();
    rates.configure([rateRoute('a', 4_000)]);
    rates.record(new Map([['ns/a', 8]]), 0);
    for (let t = 1_000; t <= 3_000; t += 1_000) rates.record(new Map(), t);
    expect(rates.rate('ns/a', 3_000)).toBe(2);
    rates.record(new Map(), 4_000);
    expect(rates.rate('ns/a', 4_000)).toBe(0);
  });

  it.each([
    ['a changed window resets the ring', rateRoute('a', 20_000), ['ns/a'], 0],
    ['a changed granularity resets the ring', rateRoute('a', 10_000, 500), ['ns/a'], 0],
    ['an unchanged config keeps the data', rateRoute('a'), [], 10],
  ])('%s', (_name, next, reset, rate) => {
    const rates = createRequestRates();
    rates.configure([rateRoute('a')]);
    rates.record(new Map([['ns/a', 10]]), 0);
    expect(rates.configure([next])).toEqual(reset);
    expect(rates.rate('ns/a', 0)).toBe(rate);
  });

  it('drops the window of a route that left the table or lost requestRate', () => {
    const rates = createRequestRates();
    rates.configure([rateRoute('a'), rateRoute('b')]);
    rates.configure([rateRoute('a'), testRoute({ namespace: 'ns', name: 'b' })]);
    expect([...rates.keys()]).toEqual(['ns/a']);
  });
});

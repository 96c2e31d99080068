import { describe, expect, it } from 'vitest';
import {
  concurrencyMetricName,
  escapeMetricName,
  httpScaledObjectMetricName,
  rateMetricName,
} from './metric-names.js';

describe('metric names', () => {
  it.each([
    [
      'an HTTPScaledObject metric escapes the slash as _002F',
      () => httpScaledObjectMetricName('default', 'app'),
      'http-default_002Fapp',
    ],
    [
      'dots and dashes stay as they are',
      () => httpScaledObjectMetricName('team-a', 'web.v2'),
      'http-team-a_002Fweb.v2',
    ],
    [
      'an InterceptorRoute concurrency metric uses the name only',
      () => concurrencyMetricName('shop'),
      'http_shop_concurrency',
    ],
    ['an InterceptorRoute rate metric uses the name only', () => rateMetricName('shop'), 'http_shop_rate'],
  ])('%s', (_name, make, want) => {
    expect(make()).toBe(want);
  });

  it.each([
    ['an underscore is escaped like any byte outside [-.0-9A-Za-z]', 'a_b', 'a_005Fb'],
    ['a space becomes _0020', 'a b', 'a_0020b'],
    ['each byte of a non-ASCII character is escaped on its own', 'é', '_00C3_00A9'],
    ['an empty string stays empty', '', ''],
  ])('%s', (_name, input, want) => {
    expect(escapeMetricName(input)).toBe(want);
  });
});

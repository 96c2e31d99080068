import { testRoute } from '@keda-http/routing/testing';
import { describe, expect, it } from 'vitest';
import { FALLBACK_READINESS_MS, resolveTimeouts, type GlobalTimeouts } from './timeouts.js';

const globals: GlobalTimeouts = { requestMs: 0, readinessMs: 0, responseHeaderMs: 300_000 };

describe('resolveTimeouts', () => {
  const cases: {
    name: string;
    route: Parameters<typeof testRoute>[0];
    globals?: Partial<GlobalTimeouts>;
    want: { requestMs: number; readinessMs: number; responseHeaderMs: number };
  }[] = [
    {
      name: 'a route without timeouts takes the global settings',
      route: {},
      globals: { requestMs: 10_000, readinessMs: 2_000, responseHeaderMs: 5_000 },
      want: { requestMs: 10_000, readinessMs: 2_000, responseHeaderMs: 5_000 },
    },
    {
      name: 'the defaults leave only the 300 s response-header timeout on',
      route: {},
      want: { requestMs: 0, readinessMs: 0, responseHeaderMs: 300_000 },
    },
    {
      name: "a route's own timeouts win over the global ones",
      route: { timeouts: { readinessMs: 1_500, requestMs: 9_000, responseHeaderMs: 700 } },
      globals: { requestMs: 10_000, readinessMs: 2_000, responseHeaderMs: 5_000 },
      want: { requestMs: 9_000, readinessMs: 1_500, responseHeaderMs: 700 },
    },
    {
      name: "a route's 0 turns a global timeout off",
      route: { timeouts: { requestMs: 0, responseHeaderMs: 0 } },
      globals: { requestMs: 10_000, responseHeaderMs: 5_000 },
      want: { requestMs: 0, readinessMs: 0, responseHeaderMs: 0 },
    },
    {
      name: 'a fallback with no readiness timeout waits 30 s',
      route: { coldStart: { fallback: { service: 'fb', port: 80 } } },
      want: { requestMs: 0, readinessMs: FALLBACK_READINESS_MS, responseHeaderMs: 300_000 },
    },
    {
      name: "an HTTPScaledObject's failover waits its timeoutSeconds",
      route: { coldStart: { fallback: { service: 'fb', port: 80, timeoutSeconds: 7 } } },
      want: { requestMs: 0, readinessMs: 7_000, responseHeaderMs: 300_000 },
    },
    {
      name: 'a fallback keeps a readiness timeout that is set',
      route: { coldStart: { fallback: { service: 'fb', port: 80 } }, timeouts: { readinessMs: 4_000 } },
      want: { requestMs: 0, readinessMs: 4_000, responseHeaderMs: 300_000 },
    },
    {
      name: 'a fallback keeps a global readiness timeout that is set',
      route: { coldStart: { fallback: { service: 'fb', port: 80 } } },
      globals: { readinessMs: 3_000 },
      want: { requestMs: 0, readinessMs: 3_000, responseHeaderMs: 300_000 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(resolveTimeouts(testRoute(c.route), { ...globals, ...c.globals })).toEqual(c.want);
    });
  }
});

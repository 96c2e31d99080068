// How a route's port is resolved, with and without direct pod routing, on devcluster. Without it, the upstream
// is http://<service>.<namespace>:<port>; the test resolves Service host names to 127.0.0.1 (an injected
// lookup), so the Service port must be the upstream's own port. A port or port name the Service does not
// have gives 500 (SPEC §2.4).
import type { LookupFunction } from 'node:net';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire, type Route } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import {
  applyObject,
  endpointSliceObject,
  serviceObject,
  startEchoUpstream,
  startStandInOperator,
  type EchoUpstream,
} from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let upstream: EchoUpstream;
const looked: string[] = [];
const interceptors: Record<'direct' | 'service', TestInterceptor | undefined> = {
  direct: undefined,
  service: undefined,
};
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Resolves `<service>.<namespace>` names to 127.0.0.1 and records what was asked. */
const lookup: LookupFunction = (hostname, options, callback) => {
  looked.push(hostname);
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  upstream = await startEchoUpstream({ name: 'web' });
  cleanups.push(() => upstream.close());
  // Two named Service ports; both lead to the upstream (in direct mode through the endpoint port of the name).
  applyObject(
    dc.store,
    serviceObject(ns, 'web', [
      { name: 'http', port: upstream.port },
      { name: 'other', port: 81 },
    ]),
  );
  applyObject(
    dc.store,
    endpointSliceObject({
      namespace: ns,
      service: 'web',
      endpoints: [{ address: '127.0.0.1' }],
      ports: [
        { name: 'http', port: upstream.port },
        { name: 'other', port: 1 },
      ],
    }),
  );
  const route = (name: string, target: Partial<Route['target']>): Route =>
    testRoute({
      namespace: ns,
      name,
      target: { service: 'web', ...target },
      rules: [{ hosts: [`${name}.test`] }],
    });
  const table = buildTable([
    route('by-port', { port: upstream.port }),
    route('by-name', { portName: 'http' }),
    route('bad-name', { portName: 'nope' }),
    route('bad-port', { port: 9999 }),
  ]);
  const op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
  for (const mode of ['direct', 'service'] as const) {
    const icp = await startTestInterceptor({
      kubeconfigPath: dc.kubeconfigPath,
      operatorUrl: op.url,
      env: { KEDA_HTTP_DIRECT_POD_ROUTING: String(mode === 'direct') },
      lookup,
    });
    cleanups.push(() => icp.stop());
    interceptors[mode] = icp;
  }
});

describe('port resolution', () => {
  const cases: { name: string; host: string; want: number }[] = [
    {
      name: 'a route port is mapped to the endpoint port of the same Service port',
      host: 'by-port.test',
      want: 200,
    },
    { name: 'a route port name is resolved through the Service', host: 'by-name.test', want: 200 },
    { name: 'a port name the Service does not have gives 500', host: 'bad-name.test', want: 500 },
    { name: 'a port the Service does not have gives 500', host: 'bad-port.test', want: 500 },
  ];
  for (const mode of ['direct', 'service'] as const) {
    for (const c of cases) {
      if (mode === 'service' && c.host === 'bad-port.test') continue; // a numeric port needs no Service lookup
      it(`${mode} routing: ${c.name}`, async () => {
        const icp = interceptors[mode];
        const res = await icp!.proxy('/', { host: c.host });
        expect(res.status).toBe(c.want);
        if (c.want === 200)
          expect(res.json<{ name: string; host: string }>()).toMatchObject({ name: 'web', host: c.host });
      });
    }
  }

  it('resolves <service>.<namespace> only without direct pod routing', () => {
    // Every lookup so far came from the requests above; direct routing connects to pod IPs, which need none.
    expect(new Set(looked)).toEqual(new Set(['web.default']));
  });
});

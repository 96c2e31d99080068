// Bad input at a live interceptor on devcluster: malformed requests, oversized headers, missing Host, slow
// clients, and a fuzz run of random Host, path and header values checked against the routing package's own
// match() as the oracle: no crash, no answer from the wrong route, and /queue back at 0 afterwards.
import { connect } from 'node:net';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, match, toWire } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { startBackendService, startStandInOperator, waitFor } from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let icp: TestInterceptor;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const table = buildTable([
  testRoute({
    namespace: ns,
    name: 'alpha',
    target: { service: 'alpha', port: 80 },
    rules: [{ hosts: ['alpha.test'] }],
  }),
  testRoute({
    namespace: ns,
    name: 'beta',
    target: { service: 'beta', port: 80 },
    rules: [{ hosts: ['*.beta.test'], paths: ['/b'] }],
  }),
  testRoute({
    namespace: ns,
    name: 'gamma',
    target: { service: 'gamma', port: 80 },
    rules: [{ hosts: ['alpha.test'], paths: ['/g'], headers: [{ name: 'x-g', value: '1' }] }],
  }),
  testRoute({
    namespace: ns,
    name: 'delta',
    target: { service: 'delta', port: 80 },
    rules: [{ hosts: ['*'], paths: ['/d'] }],
  }),
]);

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  for (const name of ['alpha', 'beta', 'gamma', 'delta']) {
    const backend = await startBackendService(dc.store, { namespace: ns, service: name });
    cleanups.push(() => backend.close());
  }
  const op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
  icp = await startTestInterceptor({ kubeconfigPath: dc.kubeconfigPath, operatorUrl: op.url });
  cleanups.push(() => icp.stop());
});

const statusOf = (text: string): number => Number(/^HTTP\/1\.[01] (\d{3}) /.exec(text)?.[1] ?? 0);

describe('malformed requests', () => {
  const cases: { name: string; text: string; want: number }[] = [
    { name: 'an HTTP/1.0 request without Host gets 400', text: 'GET / HTTP/1.0\r\n\r\n', want: 400 },
    {
      name: 'an HTTP/1.1 request without Host gets 400',
      text: 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n',
      want: 400,
    },
    {
      name: 'a malformed request line gets 400',
      text: 'GET\x01/ HTTP/1.1\r\nHost: alpha.test\r\n\r\n',
      want: 400,
    },
    {
      name: 'a header with a bad character gets 400',
      text: 'GET / HTTP/1.1\r\nHost: alpha.test\r\nX-Bad: a\x00b\r\n\r\n',
      want: 400,
    },
    {
      name: 'headers larger than 16 KiB get 431',
      text: `GET / HTTP/1.1\r\nHost: alpha.test\r\nX-Big: ${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
      want: 431,
    },
    {
      name: 'a well-formed request on the same path works',
      text: 'GET / HTTP/1.1\r\nHost: alpha.test\r\nConnection: close\r\n\r\n',
      want: 200,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      expect(statusOf(await rawExchange(icp.proxyPort, c.text))).toBe(c.want);
    });
  }
});

describe('slow clients', () => {
  it('do not hold up other requests', async () => {
    // One client sends half its headers, another a fraction of a large body, and neither finishes.
    const slow = [
      'GET / HTTP/1.1\r\nHost: alpha.test\r\nX-Slow: ',
      'POST / HTTP/1.1\r\nHost: alpha.test\r\nContent-Length: 1000000\r\n\r\nabc',
    ].map((text) => {
      const socket = connect({ port: icp.proxyPort, host: '127.0.0.1' }, () => socket.write(text));
      socket.on('error', () => undefined);
      return socket;
    });
    cleanups.push(async () => slow.forEach((s) => s.destroy()));
    await waitFor('the slow clients to be connected', () => slow.every((s) => !s.connecting));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => icp.proxy('/', { host: 'alpha.test' })),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(slow.every((s) => !s.destroyed)).toBe(true);
    // The half-uploaded request is in flight at the backend; the client leaving ends it.
    slow.forEach((s) => s.destroy());
    await waitFor('concurrency back at 0', async () => {
      const queue = (await icp.admin('/queue')).json<Record<string, { Concurrency: number }>>();
      return queue[`${ns}/alpha`]?.Concurrency === 0;
    });
  });
});

describe('fuzz', () => {
  // A small deterministic generator, so a failure can be replayed.
  let seed = 0x5eed;
  const rand = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;
  const junk = (max: number): string =>
    Array.from({ length: rand(max) }, () =>
      String.fromCharCode(pick([0x20 + rand(95), 0x80 + rand(128), pick([9, 0x2f, 0x3a, 0x2e])])),
    ).join('');
  const hosts = [
    'alpha.test',
    'ALPHA.test:80',
    'x.beta.test',
    'a.b.beta.test',
    'beta.test',
    '[::1]:8080',
    'other.org',
    '',
    'alpha.test.',
    '*',
  ];
  const paths = ['/', '/b', '/b/x', '/bx', '/g', '/g/1', '/d', '/d/', '//d', '/%2e%2e/d', '/?q=/d', '/a b'];

  it('sends random Host, path and header values: no crash, never the wrong route, /queue back at 0', async () => {
    const outcomes = new Map<number, number>();
    for (let i = 0; i < 300; i++) {
      const host = rand(3) === 0 ? junk(30) : pick(hosts);
      const path = rand(3) === 0 ? `/${junk(40)}` : pick(paths);
      const headerValue = rand(2) === 0 ? '1' : junk(20);
      const text = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nX-G: ${headerValue}\r\nX-Junk: ${junk(50)}\r\nConnection: close\r\n\r\n`;
      const answer = await rawExchange(icp.proxyPort, text);
      const status = statusOf(answer);
      outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
      expect([200, 400, 404], `status for ${JSON.stringify(text)}`).toContain(status);
      if (status === 400) continue;
      const expected = match(table, { host: host.trim(), path, headers: { 'x-g': headerValue.trim() } })
        ?.route.name;
      if (status === 404) {
        expect(expected, `404 for ${JSON.stringify(text)}`).toBeUndefined();
        continue;
      }
      const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
      expect((JSON.parse(body) as { name: string }).name, `route for ${JSON.stringify(text)}`).toBe(expected);
    }
    expect(outcomes.get(200)).toBeGreaterThan(0);
    expect(outcomes.get(404)).toBeGreaterThan(0);
    const queue = (await icp.admin('/queue')).json<Record<string, { Concurrency: number }>>();
    expect(Object.values(queue).map((r) => r.Concurrency)).toEqual([0, 0, 0, 0]);
    expect((await icp.admin('/livez')).status).toBe(200);
  });
});

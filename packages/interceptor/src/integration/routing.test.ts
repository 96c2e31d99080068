// Routing end to end on devcluster: routes from a stand-in operator, backends as EndpointSlices that point at
// real echo upstreams, requests through the real proxy port. Each backend names itself in its answer, so a
// response from the wrong route cannot pass.
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { buildTable, toWire } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { startBackendService, startStandInOperator, type BackendService } from '@keda-http/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange, startTestInterceptor, type TestInterceptor } from './harness.js';

const ns = 'default';
let dc: DevCluster;
let icp: TestInterceptor;
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const route = (
  name: string,
  rule: { hosts?: string[]; paths?: string[]; headers?: { name: string; value?: string }[] },
  created = '2026-01-01T00:00:00Z',
) =>
  testRoute({
    namespace: ns,
    name,
    target: { service: name, port: 80 },
    creationTimestamp: created,
    rules: [rule],
  });

beforeAll(async () => {
  dc = await startDevCluster();
  cleanups.push(() => dc.stop());
  for (const name of ['exact', 'api', 'canary', 'wild', 'deep', 'catch', 'older', 'newer']) {
    const backend: BackendService = await startBackendService(dc.store, { namespace: ns, service: name });
    cleanups.push(() => backend.close());
  }
  const table = buildTable([
    route('exact', { hosts: ['app.example.com'] }),
    route('api', { hosts: ['app.example.com'], paths: ['/api'] }),
    route('canary', {
      hosts: ['app.example.com'],
      paths: ['/api'],
      headers: [{ name: 'X-Canary', value: '1' }],
    }),
    route('wild', { hosts: ['*.example.com'] }),
    route('deep', { hosts: ['*.b.example.com'] }),
    route('catch', { hosts: ['*'], paths: ['/catch'] }),
    route('older', { hosts: ['tie.example.org'] }, '2026-01-01T00:00:00Z'),
    route('newer', { hosts: ['tie.example.org'] }, '2026-02-01T00:00:00Z'),
  ]);
  const op = await startStandInOperator({ table: toWire(table) });
  cleanups.push(() => op.close());
  icp = await startTestInterceptor({ kubeconfigPath: dc.kubeconfigPath, operatorUrl: op.url });
  cleanups.push(() => icp.stop());
});

describe('routing precedence through the proxy', () => {
  const cases: {
    name: string;
    host: string;
    path: string;
    headers?: Record<string, string>;
    want: string | 404;
  }[] = [
    { name: 'an exact host on / goes to its route', host: 'app.example.com', path: '/', want: 'exact' },
    {
      name: 'the longest path prefix wins within a host',
      host: 'app.example.com',
      path: '/api/v1?x=1',
      want: 'api',
    },
    {
      name: 'prefixes match on segments, so /apix is not under /api',
      host: 'app.example.com',
      path: '/apix',
      want: 'exact',
    },
    {
      name: 'an entry with matching headers comes before one without',
      host: 'app.example.com',
      path: '/api',
      headers: { 'x-canary': '1' },
      want: 'canary',
    },
    {
      name: 'a header with another value does not match it',
      host: 'app.example.com',
      path: '/api',
      headers: { 'x-canary': '2' },
      want: 'api',
    },
    {
      name: 'the host is matched without its port and case',
      host: 'APP.Example.com:8080',
      path: '/',
      want: 'exact',
    },
    {
      name: 'a host with no exact entry falls to its wildcard',
      host: 'other.example.com',
      path: '/',
      want: 'wild',
    },
    { name: 'a wildcard covers any depth', host: 'x.y.example.com', path: '/', want: 'wild' },
    { name: 'the most specific wildcard wins', host: 'a.b.example.com', path: '/', want: 'deep' },
    { name: 'the catch-all takes any other host', host: 'unknown.org', path: '/catch/me', want: 'catch' },
    { name: 'among equal entries the older route wins', host: 'tie.example.org', path: '/', want: 'older' },
    { name: 'nothing matching gives 404', host: 'unknown.org', path: '/', want: 404 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const res = await icp.proxy(c.path, { host: c.host, ...(c.headers ? { headers: c.headers } : {}) });
      if (c.want === 404) {
        expect(res.status).toBe(404);
        return;
      }
      expect(res.status).toBe(200);
      expect(res.json<{ name: string }>().name).toBe(c.want);
    });
  }
});

describe('forwarding', () => {
  it('keeps Host, path and raw query, sets X-Forwarded-*, strips hop-by-hop headers and says it was warm', async () => {
    const res = await icp.proxy('/a%20b/c?q=1&q=2&x=%2F', {
      host: 'app.example.com',
      headers: { 'x-forwarded-for': '203.0.113.9', te: 'trailers', 'x-custom': 'kept' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('false');
    const echo = res.json<{ url: string; host: string; headers: Record<string, string> }>();
    expect(echo.url).toBe('/a%20b/c?q=1&q=2&x=%2F');
    expect(echo.host).toBe('app.example.com');
    expect(echo.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe('app.example.com');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    expect(echo.headers['x-custom']).toBe('kept');
    expect(echo.headers.te).toBeUndefined();
  });

  it('drops the headers named by the Connection header', async () => {
    const text = await rawExchange(
      icp.proxyPort,
      'GET /h HTTP/1.1\r\nHost: app.example.com\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\nX-Kept: 2\r\n\r\n',
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    const echo = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { headers: Record<string, string> };
    expect(echo.headers['x-kept']).toBe('2');
    expect(echo.headers['x-hop']).toBeUndefined();
    expect(echo.headers.connection).not.toMatch(/x-hop/i);
  });

  it('streams a request body to the backend', async () => {
    const body = 'x'.repeat(256 * 1024);
    const res = await icp.proxy('/upload', { method: 'POST', host: 'app.example.com', body });
    expect(res.status).toBe(200);
    const echo = res.json<{ method: string; body: string }>();
    expect(echo.method).toBe('POST');
    expect(echo.body.length).toBe(body.length);
  });

  it('never serves admin paths on the proxy port', async () => {
    for (const path of [
      '/queue',
      '/routing_table',
      '/routing_ping',
      '/deployments',
      '/config',
      '/livez',
      '/readyz',
      '/metrics',
    ]) {
      const res = await icp.proxy(path, { host: 'nothing.invalid' });
      expect(res.status, path).toBe(404);
    }
  });
});

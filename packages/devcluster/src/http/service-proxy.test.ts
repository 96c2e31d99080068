import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { upstreamPath } from './service-proxy.js';

let cluster: DevCluster;
let upstream: http.Server;
let upstreamPort: number;

beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
  upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-upstream', 'yes');
      res.end(
        JSON.stringify({ method: req.method, url: req.url, body, header: req.headers['x-test'] ?? null }),
      );
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamPort = (upstream.address() as AddressInfo).port;
  const services = cluster.store.resource({ apiVersion: 'v1', kind: 'Service' });
  for (const name of ['via-endpoints', 'via-slices', 'empty']) {
    services.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: 'default' },
      spec: { ports: [{ name: 'http', port: 9090, targetPort: 8080 }] },
    });
  }
  cluster.store.resource({ apiVersion: 'v1', kind: 'Endpoints' }).create({
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'via-endpoints', namespace: 'default' },
    subsets: [{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'http', port: upstreamPort }] }],
  });
  cluster.store.resource({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }).create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: 'via-slices-abc',
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': 'via-slices' },
    },
    addressType: 'IPv4',
    endpoints: [
      { addresses: ['127.0.0.9'], conditions: { ready: false } },
      { addresses: ['127.0.0.1'], conditions: { ready: true } },
    ],
    ports: [{ name: 'http', port: upstreamPort }],
  });
});
afterAll(async () => {
  await cluster.stop();
  await new Promise((r) => upstream.close(r));
});

const proxied = (id: string, rest: string) =>
  `${cluster.url}/api/v1/namespaces/default/services/${id}/proxy${rest}`;

describe('service proxy', () => {
  it.each([
    ['a port name, through Endpoints', 'via-endpoints:http'],
    ['a port number, through EndpointSlices (ready endpoints only)', 'via-slices:9090'],
    ['a scheme and a percent-encoded id', 'http%3Avia-slices%3Ahttp'],
  ])('forwards method, path, query, headers and body for %s', async (_name, id) => {
    const res = await fetch(`${proxied(id, '/routing_table/a%2Fb')}?x=1&y=two`, {
      method: 'POST',
      body: 'hello',
      headers: { 'x-test': 'kept' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(await res.json()).toEqual({
      method: 'POST',
      url: '/routing_table/a/b?x=1&y=two',
      body: 'hello',
      header: 'kept',
    });
  });

  it('answers 503 when the service has no ready endpoint', async () => {
    const res = await fetch(proxied('empty:9090', '/'));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      reason: 'ServiceUnavailable',
      message: 'no endpoints available for service "empty:9090"',
    });
  });

  it('answers 404 for an unknown service', async () => {
    const res = await fetch(proxied('nope:80', '/'));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ reason: 'NotFound', message: 'services "nope" not found' });
  });

  it.each([
    [[], false, '/'],
    [['a', 'b'], false, '/a/b'],
    [['a', 'b'], true, '/a/b/'],
    [['from/client'], false, '/from/client'],
    [['sp ace?#'], false, '/sp%20ace%3F%23'],
  ])('maps the segments %j (trailing slash %s) to %s', (rest, slash, path) => {
    expect(upstreamPath(rest, slash)).toBe(path);
  });
});

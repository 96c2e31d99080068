import Fastify from 'fastify';
import { Counter, register as globalRegistry } from 'prom-client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { addMetricsRoute, createMetricsRegistry } from './metrics.js';

describe('createMetricsRegistry', () => {
  it('makes independent registries and leaves the global one empty', async () => {
    const a = createMetricsRegistry();
    const b = createMetricsRegistry({ processMetrics: true });
    new Counter({ name: 'example_total', help: 'An example.', registers: [a] }).inc(3);
    expect(await a.metrics()).toContain('example_total 3');
    expect(await b.metrics()).not.toContain('example_total');
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
  });

  it.each([
    ['without', false, false],
    ['with', true, true],
  ])(
    'collects process metrics only when asked: %s processMetrics',
    async (_name, processMetrics, expected) => {
      const text = await createMetricsRegistry({ processMetrics }).metrics();
      expect(text.includes('process_cpu_user_seconds_total')).toBe(expected);
      expect(text.includes('nodejs_eventloop_lag_seconds')).toBe(expected);
    },
  );

  it('adds the default labels to every series', async () => {
    const registry = createMetricsRegistry({ defaultLabels: { pod: 'interceptor-0' } });
    new Counter({ name: 'example_total', help: 'An example.', registers: [registry] }).inc();
    expect(await registry.metrics()).toContain('example_total{pod="interceptor-0"} 1');
  });
});

describe('addMetricsRoute', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const registry = createMetricsRegistry();
    const requests = new Counter({
      name: 'requests_total',
      help: 'Requests.',
      labelNames: ['code'],
      registers: [registry],
    });
    const app = Fastify();
    onTestFinished(() => app.close());
    addMetricsRoute(app, registry);
    requests.inc({ code: '200' }, 2);
    const res = await app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(registry.contentType);
    expect(res.body).toContain('# TYPE requests_total counter');
    expect(res.body).toContain('requests_total{code="200"} 2');
  });

  it('serves at another path when asked', async () => {
    const app = Fastify();
    onTestFinished(() => app.close());
    addMetricsRoute(app, createMetricsRegistry(), '/custom');
    expect((await app.inject('/custom')).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(404);
  });
});

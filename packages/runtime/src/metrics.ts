// Prometheus metrics with prom-client. Every registry is created here and passed down; nothing registers on
// prom-client's global default registry. Process metrics (CPU, memory, event-loop lag, GC, …) are opt-in.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Also collect prom-client's default process and Node.js metrics. Default false. */
  processMetrics?: boolean;
  /** Labels added to every series of this registry. */
  defaultLabels?: Record<string, string>;
}

export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.defaultLabels) registry.setDefaultLabels(options.defaultLabels);
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return registry;
}

/** Serves `registry` in the Prometheus text format at GET `path` (default /metrics). */
export function addMetricsRoute(app: FastifyInstance, registry: Registry, path = '/metrics'): void {
  app.get(path, async (_req, reply) => {
    const body = await registry.metrics();
    return reply.type(registry.contentType).send(body);
  });
}

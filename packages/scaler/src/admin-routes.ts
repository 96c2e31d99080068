// The scaler's own admin routes (SPEC §5), added to the runtime's admin server (/config, /livez, /readyz,
// /metrics): GET /queue, the totals from the last poll as `{"ns/name": {"Concurrency": n, "RPS": x}}`; and
// GET /queue_ping, which polls every interceptor pod now and returns the new totals, or 502 with the reason and
// the per-pod errors when no pod answered.
import type { FastifyInstance } from 'fastify';
import type { PollReport } from './pinger/pinger.js';
import type { QueueTotals } from './pinger/queue-totals.js';

export interface AdminRoutesOptions {
  readonly totals: () => QueueTotals;
  readonly pollNow: () => Promise<PollReport>;
}

export function addScalerAdminRoutes(app: FastifyInstance, options: AdminRoutesOptions): void {
  app.get('/queue', (_req, reply) => reply.type('application/json').send(options.totals().toJSON()));
  app.get('/queue_ping', async (_req, reply) => {
    const report = await options.pollNow();
    if (!report.ok) {
      return reply.status(502).send({
        error: report.error?.message ?? 'the poll failed',
        code: report.error?.code,
        endpoints: report.endpoints,
        failures: report.failures,
      });
    }
    return reply.type('application/json').send(options.totals().toJSON());
  });
}

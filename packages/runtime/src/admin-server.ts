// The admin server each deployable starts: /livez, /readyz, /config, and optionally /metrics. It is returned
// built but not listening (DESIGN habit 14): the deployable adds its own routes (/queue, /routing_table, …),
// then main.ts calls listen(). Errors never crash it: malformed requests get fastify's 400, unknown paths a
// JSON 404, and a throwing route a JSON 500 that is logged.
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { configEndpointBody, type RedactedConfig } from './effective-config.js';
import { addMetricsRoute } from './metrics.js';
import type { Readiness } from './readiness.js';

export interface AdminServerOptions {
  logger: Logger;
  readiness: Readiness;
  /** What /config shows: one entry per config schema, made by redactConfig. Default none. */
  configs?: readonly RedactedConfig[];
  /** When given, served at /metrics. */
  metrics?: Registry;
  /** Log every request (the probes make this noisy). Default false. */
  logRequests?: boolean;
}

export function buildAdminServer(options: AdminServerOptions): FastifyInstance {
  const app = Fastify({
    loggerInstance: options.logger,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    // A client gets this long to send a whole request; it does not limit how long a response may take.
    requestTimeout: 30_000,
    // Typed as a plain FastifyInstance (pino's Logger in the type parameter makes it unassignable to one), so
    // route helpers such as addQueueRoute and addMetricsRoute accept it.
  }) as unknown as FastifyInstance;

  app.setErrorHandler((err: FastifyError, req, reply) => {
    const status =
      err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err, method: req.method, url: req.url }, 'admin request failed');
    return reply
      .status(status)
      .send({ error: status >= 500 ? 'internal error' : err.message, code: err.code });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: 'not found', path: req.url }));

  app.get('/livez', (_req, reply) => reply.send({ status: 'ok' }));

  app.get('/readyz', async (_req, reply) => {
    const report = await options.readiness.evaluate();
    if (report.ready) return reply.send({ ready: true, checks: report.checks });
    const failing = report.checks.filter((c) => !c.ready);
    return reply.status(503).send({ ready: false, failing, checks: report.checks });
  });

  const body = configEndpointBody(options.configs ?? []);
  app.get('/config', (_req, reply) => reply.send(body));

  if (options.metrics) addMetricsRoute(app, options.metrics);
  return app;
}

// The interceptor's admin server (KEDA_HTTP_ADMIN_PORT): the runtime's /livez, /readyz and /config, plus
// /queue (with the activation long-poll), /routing_table, /routing_ping and /deployments. Built, not
// listening. None of these paths is served on the proxy port: the proxy has no admin routes at all.
import { addQueueRoute, type CountReader } from '@keda-http/queue';
import { buildAdminServer, type Logger, type Readiness, type RedactedConfig } from '@keda-http/runtime';
import type { FastifyInstance } from 'fastify';
import type { ActivityEpoch } from './activity-epoch.js';
import { addDeploymentsRoute, type DeploymentLookup } from './deployments-route.js';
import { addRoutingRoutes, type RoutingTableAccess } from './routing-routes.js';

export interface InterceptorAdminOptions {
  readonly logger: Logger;
  readonly readiness: Readiness;
  readonly config: RedactedConfig;
  readonly counts: CountReader;
  readonly epoch: ActivityEpoch;
  readonly tables: RoutingTableAccess;
  readonly deployments: DeploymentLookup;
}

export function buildInterceptorAdmin(options: InterceptorAdminOptions): FastifyInstance {
  const app = buildAdminServer({
    logger: options.logger,
    readiness: options.readiness,
    configs: [options.config],
  });
  addQueueRoute(app, options.counts, { epoch: options.epoch });
  addRoutingRoutes(app, options.tables);
  addDeploymentsRoute(app, () => options.tables.current(), options.deployments);
  return app;
}

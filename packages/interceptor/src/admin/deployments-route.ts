// GET /deployments: `{"<namespace>/<name>": replicas}` for the scale target of every route that has one
// (HTTPScaledObjects; InterceptorRoutes name no workload), from a Deployment watch. The count is the
// Deployment's spec.replicas: the replica count KEDA and the HPA set through /scale, which changes the moment a
// route is activated or scaled to zero. status.replicas trails it by however long pods take to start or stop
// (and stays unset on a cluster without a Deployment controller), so it answers "how many pods exist", not
// "how many replicas does the autoscaler want", which is what this endpoint is for. A target whose Deployment
// is not (yet) in the watch is left out.
import type { RoutingTable } from '@keda-http/routing';
import type { FastifyInstance } from 'fastify';

/** The parts of a Deployment object read here. */
export interface DeploymentReplicas {
  readonly spec?: { readonly replicas?: number | null };
}

export type DeploymentLookup = (namespace: string, name: string) => DeploymentReplicas | undefined;

/** Kubernetes defaults spec.replicas to 1. */
const DEFAULT_REPLICAS = 1;

export function scaleTargetReplicas(
  table: RoutingTable | undefined,
  deployments: DeploymentLookup,
): Record<string, number> {
  const out = Object.create(null) as Record<string, number>;
  for (const route of table?.routes ?? []) {
    const target = route.scaleTarget;
    if (target?.name === undefined || target.kind !== 'Deployment') continue;
    const deployment = deployments(route.namespace, target.name);
    if (deployment === undefined) continue;
    out[`${route.namespace}/${target.name}`] = deployment.spec?.replicas ?? DEFAULT_REPLICAS;
  }
  return out;
}

export function addDeploymentsRoute(
  app: FastifyInstance,
  table: () => RoutingTable | undefined,
  deployments: DeploymentLookup,
): void {
  app.get('/deployments', (_request, reply) =>
    reply.type('application/json').send(scaleTargetReplicas(table(), deployments)),
  );
}

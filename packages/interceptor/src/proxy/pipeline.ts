// The request pipeline, built in this one function, innermost step first (DESIGN habit 3): each line wraps
// everything built above it, so reading bottom-up gives the order a request goes through (SPEC §4):
//   1. metrics  2. routing  3. counting  4. wait for the backend  5. forward
// The steps SPEC §4 adds later slot in between without touching the others: static routes between routing
// and counting, the placeholder between counting and waiting, the cold-start fallback inside the wait.
import type { ReadyEndpointsCache } from '@keda-http/k8s';
import type { CountTracker } from '@keda-http/queue';
import type { RoutingTable } from '@keda-http/routing';
import type { Logger } from '@keda-http/runtime';
import type { ProxyMetrics } from '../metrics/proxy-metrics.js';
import type { Balancer } from '../upstream/balancer.js';
import type { TargetResolver } from '../upstream/target-resolver.js';
import { countingStep } from './counting-step.js';
import { forwardHandler } from './forward-step.js';
import { metricsStep } from './metrics-step.js';
import type { RouteRuntimes } from './route-runtime.js';
import { routingStep } from './routing-step.js';
import type { Handler } from './step.js';
import { waitForBackendStep } from './wait-step.js';

export interface PipelineDeps {
  readonly logger: Logger;
  readonly metrics: ProxyMetrics;
  readonly logRequests: boolean;
  readonly table: () => RoutingTable | undefined;
  readonly runtimes: RouteRuntimes;
  readonly counter: CountTracker;
  readonly endpoints: Pick<ReadyEndpointsCache, 'get' | 'waitForReady'>;
  readonly resolver: TargetResolver;
  readonly balancer: Balancer;
  readonly directPodRouting: boolean;
  readonly coldStartHeader: boolean;
  /** Overrides for tests: connection retry pacing and budget. */
  readonly retryIntervalMs?: number;
  readonly retryLimitMs?: number;
}

export function buildPipeline(deps: PipelineDeps): Handler {
  let handler: Handler = forwardHandler({
    resolver: deps.resolver,
    balancer: deps.balancer,
    endpoints: deps.endpoints,
    directPodRouting: deps.directPodRouting,
    coldStartHeader: deps.coldStartHeader,
    ...(deps.retryIntervalMs !== undefined ? { retryIntervalMs: deps.retryIntervalMs } : {}),
    ...(deps.retryLimitMs !== undefined ? { retryLimitMs: deps.retryLimitMs } : {}),
  }); //                                                                    5. forward
  handler = waitForBackendStep(deps.endpoints)(handler); //                 4. wait for the backend
  handler = countingStep(deps.counter)(handler); //                         3. counting
  handler = routingStep({ table: deps.table, runtimes: deps.runtimes })(handler); // 2. routing
  handler = metricsStep({
    metrics: deps.metrics,
    logger: deps.logger,
    logRequests: deps.logRequests,
  })(handler); //                                                           1. metrics
  return handler;
}

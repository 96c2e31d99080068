// The innermost handler: forwards the request to the backend and streams the response back (SPEC §4
// Forwarding). With direct pod routing it picks one of the Service's ready endpoints (least outstanding
// requests) from the same snapshot the wait step read, and every retry picks again from the current one, so
// an endpoint that turned not-ready or terminating gets no new request. Without it, the request goes to the
// Service's DNS name.
import type { ReadyEndpointsCache } from '@keda-http/k8s';
import { UpstreamUnreachableError } from '../errors.js';
import type { Balancer } from '../upstream/balancer.js';
import { ForwardCall, type ForwardContext, type ForwardTarget } from '../upstream/forward-call.js';
import { clientAddress, upstreamRequestHeaders } from '../upstream/forwarded-headers.js';
import type { TargetResolver } from '../upstream/target-resolver.js';
import type { UpstreamPool } from '../upstream/upstream-pool.js';
import type { Exchange } from './exchange.js';
import { requestPath } from './routing-step.js';
import type { Handler } from './step.js';

export interface ForwardOptions {
  readonly resolver: TargetResolver;
  readonly balancer: Balancer;
  readonly endpoints: Pick<ReadyEndpointsCache, 'get'>;
  /** KEDA_HTTP_DIRECT_POD_ROUTING */
  readonly directPodRouting: boolean;
  /** KEDA_HTTP_ENABLE_COLD_START_HEADER */
  readonly coldStartHeader: boolean;
  /** Pause between connection attempts; default 50 ms. */
  readonly retryIntervalMs?: number;
  /** How long connection attempts go on when no request deadline ends them first; default 60 s. */
  readonly retryLimitMs?: number;
  readonly now?: () => number;
}

export function forwardHandler(options: ForwardOptions): Handler {
  const { resolver, balancer, endpoints, directPodRouting, coldStartHeader } = options;
  const retryIntervalMs = options.retryIntervalMs ?? 50;
  const retryLimitMs = options.retryLimitMs ?? 60_000;
  const now = options.now ?? (() => performance.now());

  const target: ForwardTarget = {
    pick(ex, failed) {
      const route = ex.routed();
      if (!directPodRouting) return resolver.service(route);
      // The first attempt uses the snapshot the wait step saw; retries read the current one.
      const view =
        failed === undefined && ex.endpoints !== undefined
          ? ex.endpoints
          : endpoints.get(route.namespace, route.service);
      if (view.ready.length === 0) {
        return (
          failed ??
          new UpstreamUnreachableError({ upstream: route.service, attempts: 0, reason: 'no ready endpoint' })
        );
      }
      const pools = resolver.endpoints(route, view);
      if (pools instanceof Error) return pools;
      return balancer.pick(failed !== undefined && pools.length > 1 ? without(pools, failed) : pools);
    },
  };

  const ctx: ForwardContext = {
    target,
    dispatchOptions: (ex, hasBody) => {
      const { req } = ex;
      return {
        path: requestPath(req.url),
        method: req.method ?? 'GET',
        headers: upstreamRequestHeaders(req.headers, clientAddress(req.socket.remoteAddress), 'http'),
        body: hasBody ? req : null,
        headersTimeout: ex.routed().timeouts.responseHeaderMs,
      };
    },
    coldStartHeader,
    retryIntervalMs,
    retryLimitMs,
    now,
  };

  return (ex: Exchange) =>
    new Promise<void>((resolve, reject) => {
      const headers = ex.req.headers;
      const hasBody =
        (headers['content-length'] !== undefined && headers['content-length'] !== '0') ||
        headers['transfer-encoding'] !== undefined;
      new ForwardCall(ex, ctx, hasBody, resolve, reject).start();
    });
}

function without(pools: readonly UpstreamPool[], failed: UpstreamPool): readonly UpstreamPool[] {
  const rest = pools.filter((p) => p !== failed);
  return rest.length > 0 ? rest : pools;
}

// The interceptor as a function (the deployables' contract): createInterceptor(config, deps) builds the state
// (counter, activation epoch, metrics, upstream pools), the request pipeline and the three servers, without
// listening. main.ts wires it to the cluster and the process; tests and the benchmark entry point run it
// in-process with their own sources of endpoints and routing tables.
import type { Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import type { ReadyEndpointsCache } from '@keda-http/k8s';
import { createCounter, type Counter } from '@keda-http/queue';
import type { RoutingTable } from '@keda-http/routing';
import {
  createMetricsRegistry,
  createReadiness,
  redactConfig,
  type Logger,
  type Readiness,
} from '@keda-http/runtime';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { createActivityEpoch, type ActivityEpoch } from './admin/activity-epoch.js';
import { buildInterceptorAdmin } from './admin/admin-server.js';
import type { DeploymentLookup } from './admin/deployments-route.js';
import { configSchema, type InterceptorConfig } from './config.js';
import { ListenError } from './errors.js';
import { createMetricsServer } from './metrics/metrics-server.js';
import { createProxyMetrics } from './metrics/proxy-metrics.js';
import { buildPipeline } from './proxy/pipeline.js';
import { createProxyServer, type ProxyServer } from './proxy/proxy-server.js';
import { createRouteRuntimes } from './proxy/route-runtime.js';
import { syncKeys, type TableSource } from './table/table-source.js';
import { createLeastOutstandingBalancer } from './upstream/balancer.js';
import { createTargetResolver, type ServiceLookup } from './upstream/target-resolver.js';
import { createUpstreams, type Upstreams } from './upstream/upstreams.js';

export interface InterceptorDeps {
  readonly logger: Logger;
  /** Ready endpoints per Service, kept current by an EndpointSlice watch (or a static source). */
  readonly endpoints: ReadyEndpointsCache;
  readonly services: ServiceLookup;
  readonly deployments: DeploymentLookup;
  /** Starts the routing table source; `onTable` must run for every table before requests see it. */
  readonly tables: (onTable: (table: RoutingTable) => void) => TableSource;
  /** Extra readiness checks (e.g. "the cluster watches have synced"). */
  readonly readinessChecks?: readonly { name: string; check: () => boolean | Promise<boolean> }[];
  /** Name resolution of Service host names when direct pod routing is off (tests inject one). */
  readonly lookup?: LookupFunction;
  /** Connection retry pacing and budget (tests shorten the 60 s budget). */
  readonly retryIntervalMs?: number;
  readonly retryLimitMs?: number;
  /** Listen address of every server; default all interfaces. */
  readonly host?: string;
}

export interface ListeningAddresses {
  readonly proxy: AddressInfo;
  readonly admin: AddressInfo;
  readonly metrics: AddressInfo | undefined;
}

export interface Interceptor {
  readonly counter: Counter;
  readonly epoch: ActivityEpoch;
  readonly tables: TableSource;
  readonly readiness: Readiness;
  readonly registry: Registry;
  readonly proxy: ProxyServer;
  readonly admin: FastifyInstance;
  readonly upstreams: Upstreams;
  /** Starts the three servers on their configured ports; logs one "listening" line each. */
  listen(): Promise<ListeningAddresses>;
  /** Shutdown phase 1: /readyz answers 503 from now on; the proxy keeps serving. */
  markNotReady(): void;
  /** Shutdown phase 3: stop accepting and wait for requests in flight (until `signal` aborts). */
  drain(signal?: AbortSignal): Promise<void>;
  /** Shutdown phase 4: closes the servers and every upstream connection. */
  close(): Promise<void>;
}

export function createInterceptor(config: InterceptorConfig, deps: InterceptorDeps): Interceptor {
  const { logger } = deps;
  const counter = createCounter();
  const epoch = createActivityEpoch(counter);
  const registry = createMetricsRegistry();
  const metrics = createProxyMetrics(counter);
  metrics.register(registry);
  const tables = deps.tables(syncKeys(counter, (keys) => metrics.retainRoutes(keys)));

  const upstreams = createUpstreams({
    connectTimeoutMs: config.connectTimeout,
    maxIdle: config.maxIdleConns,
    maxIdlePerHost: config.maxIdleConnsPerHost,
    ...(deps.lookup !== undefined ? { lookup: deps.lookup } : {}),
  });
  deps.endpoints.subscribe((view) => upstreams.endpointsChanged(view));

  const pipeline = buildPipeline({
    logger: logger.child({ server: 'proxy' }),
    metrics,
    logRequests: config.logRequests,
    table: () => tables.current(),
    runtimes: createRouteRuntimes({
      requestMs: config.requestTimeout,
      readinessMs: config.readinessTimeout,
      responseHeaderMs: config.responseHeaderTimeout,
    }),
    counter: epoch.tracker,
    endpoints: deps.endpoints,
    resolver: createTargetResolver(upstreams, deps.services),
    balancer: createLeastOutstandingBalancer(),
    directPodRouting: config.directPodRouting,
    coldStartHeader: config.enableColdStartHeader,
    ...(deps.retryIntervalMs !== undefined ? { retryIntervalMs: deps.retryIntervalMs } : {}),
    ...(deps.retryLimitMs !== undefined ? { retryLimitMs: deps.retryLimitMs } : {}),
  });
  const proxy = createProxyServer(pipeline);

  let notReady = false;
  const readiness = createReadiness({
    checks: [
      { name: 'routing-table', check: () => tables.current() !== undefined },
      { name: 'not-shutting-down', check: () => !notReady },
      ...(deps.readinessChecks ?? []),
    ],
  });
  const admin = buildInterceptorAdmin({
    logger: logger.child({ server: 'admin' }),
    readiness,
    config: redactConfig(configSchema, config),
    counts: counter,
    epoch,
    tables,
    deployments: deps.deployments,
  });
  const metricsServer = config.metricsEnabled ? createMetricsServer(registry) : undefined;

  const announce = (server: string, address: AddressInfo): AddressInfo => {
    logger.info({ server, address: address.address, port: address.port }, 'listening');
    return address;
  };

  return {
    counter,
    epoch,
    tables,
    readiness,
    registry,
    proxy,
    admin,
    upstreams,
    async listen() {
      const proxyAddress = announce(
        'proxy',
        await listenOr('proxy', config.proxyPort, () => proxy.listen(config.proxyPort, deps.host)),
      );
      // Through the Node server, not fastify's listen(): an unspecified host must mean all interfaces, as for
      // the other servers (fastify would pick localhost).
      await admin.ready();
      const adminAddress = announce(
        'admin',
        await listenOr('admin', config.adminPort, () =>
          listenHttp(admin.server, config.adminPort, deps.host),
        ),
      );
      const metricsAddress =
        metricsServer === undefined
          ? undefined
          : announce(
              'metrics',
              await listenOr('metrics', config.metricsPort, () =>
                listenHttp(metricsServer, config.metricsPort, deps.host),
              ),
            );
      return { proxy: proxyAddress, admin: adminAddress, metrics: metricsAddress };
    },
    markNotReady() {
      notReady = true;
    },
    drain: (signal) => proxy.drain(signal),
    async close() {
      epoch.releaseWatchers();
      proxy.closeAll();
      await Promise.all([
        admin.close(),
        metricsServer === undefined ? undefined : closeHttp(metricsServer),
        upstreams.destroy(),
      ]);
    },
  };
}

async function listenOr<T>(server: string, port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (cause) {
    throw new ListenError(
      { server, port, reason: cause instanceof Error ? cause.message : String(cause) },
      { cause },
    );
  }
}

function listenHttp(server: Server, port: number, host: string | undefined): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    };
    if (host === undefined) server.listen(port, done);
    else server.listen(port, host, done);
  });
}

function closeHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

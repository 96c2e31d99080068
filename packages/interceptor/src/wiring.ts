// The interceptor wired to a cluster: the Kubernetes client from KUBECONFIG (or in-cluster), the watches, the
// routing table follower (operator URL or the operator admin Service's endpoints, then the ConfigMap) and
// createInterceptor on top. main.ts runs it as a process; integration tests run it in-process against
// devcluster. It handles no signals and never exits the process.
import type { LookupFunction } from 'node:net';
import { createKubeClient, loadKubeConfig, type KubeClient } from '@keda-http/k8s';
import type { Logger } from '@keda-http/runtime';
import { createClusterWatch, type ClusterWatch } from './cluster/cluster-watch.js';
import type { InterceptorConfig } from './config.js';
import { createInterceptor, type Interceptor, type ListeningAddresses } from './interceptor.js';
import { operatorUrls } from './table/operator-urls.js';
import { configMapFallback, followTable } from './table/table-source.js';

export interface WiringOptions {
  readonly logger: Logger;
  /** Service name resolution when direct pod routing is off (tests). */
  readonly lookup?: LookupFunction;
  /** Connection retry pacing and budget (tests). */
  readonly retryIntervalMs?: number;
  readonly retryLimitMs?: number;
  /** How long the operator may hold a routing-table long-poll; default 30 s. */
  readonly tableWatchSeconds?: number;
}

export interface WiredInterceptor {
  readonly interceptor: Interceptor;
  readonly cluster: ClusterWatch;
  readonly client: KubeClient;
  /** Starts the watches and the servers; resolves once all three listen. */
  start(): Promise<ListeningAddresses>;
  /** Resolves once the watches synced and the first routing table is in (/readyz is then 200). */
  ready(signal?: AbortSignal): Promise<void>;
  /** Stops the table follower and the watches, and closes every server and connection. */
  stop(): Promise<void>;
}

export function wireInterceptor(config: InterceptorConfig, options: WiringOptions): WiredInterceptor {
  const { logger } = options;
  const client = createKubeClient(loadKubeConfig({ path: config.kubeconfig }), {
    userAgent: 'keda-http-interceptor',
  });
  const cluster = createClusterWatch({
    client,
    watchNamespace: config.watchNamespace,
    operator:
      config.operatorAdminUrl === undefined
        ? { namespace: config.operatorNamespace, service: config.operatorAdminService }
        : undefined,
    onLifecycle: (resource, event) => {
      if (event.type === 'error') {
        logger.warn({ resource, err: event.error, retryInMs: event.retryInMs }, 'watch failed; retrying');
      }
    },
  });
  const following = new AbortController();
  let synced = false;
  const urls = operatorUrls({ url: config.operatorAdminUrl, endpoints: cluster.operatorEndpoints });
  const interceptor = createInterceptor(config, {
    logger,
    endpoints: cluster.endpoints,
    services: cluster.services,
    deployments: cluster.deployments,
    readinessChecks: [{ name: 'cluster-watches', check: () => synced }],
    tables: (onTable) =>
      followTable({
        // The first fetch waits for the watches, so the operator's endpoints are known before falling back.
        baseUrls: async () => {
          await cluster.synced(following.signal);
          return urls();
        },
        loadFallback: configMapFallback(client, config.operatorNamespace),
        signal: following.signal,
        logger,
        onTable,
        ...(options.tableWatchSeconds !== undefined ? { timeoutSeconds: options.tableWatchSeconds } : {}),
      }),
    ...(options.lookup !== undefined ? { lookup: options.lookup } : {}),
    ...(options.retryIntervalMs !== undefined ? { retryIntervalMs: options.retryIntervalMs } : {}),
    ...(options.retryLimitMs !== undefined ? { retryLimitMs: options.retryLimitMs } : {}),
  });

  return {
    interceptor,
    cluster,
    client,
    async start() {
      cluster.start();
      cluster.synced(following.signal).then(
        () => {
          synced = true;
          logger.info('cluster watches synced');
        },
        () => undefined,
      );
      return interceptor.listen();
    },
    async ready(signal) {
      await cluster.synced(signal);
      await interceptor.tables.ready();
    },
    async stop() {
      following.abort();
      await Promise.all([cluster.stop(), interceptor.close(), interceptor.tables.done]);
    },
  };
}

// The external scaler as one function (deployables.md, "Package shape"): createScaler(config, deps) builds the
// state, the watches, the pinger and both servers without starting anything; start() listens and starts the
// background work; the three shutdown steps are separate so that main.ts can run them as numbered phases.
// Tests run it in-process against devcluster; main.ts wires it to the process.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createKubeClient, loadKubeConfig, type KubeClient } from '@keda-http/k8s';
import { followRoutingTable, type RoutingTableFollower } from '@keda-http/routing/follower';
import {
  buildAdminServer,
  createMetricsRegistry,
  createReadiness,
  redactConfig,
  type Logger,
} from '@keda-http/runtime';
import { addScalerAdminRoutes } from './admin-routes.js';
import { configSchema, type ScalerConfig } from './config.js';
import { createEndpointWatches } from './endpoint-watches.js';
import { createActiveStreams } from './grpc/active-streams.js';
import { createExternalScalerHandlers } from './grpc/external-scaler-service.js';
import { buildGrpcServer } from './grpc/grpc-server.js';
import { createScalerHealth, pollIsFresh } from './grpc/health.js';
import { loadExternalScalerProto } from './grpc/proto.js';
import { createScalerAnswers } from './metrics/scaler-answers.js';
import { createActivationWatch } from './pinger/activation-watch.js';
import { createPinger, type PollReport } from './pinger/pinger.js';
import { createQueueClient } from './pinger/queue-client.js';
import { createQueueState } from './pinger/queue-state.js';
import { EMPTY_TOTALS, snapshotTotals, type QueueTotals } from './pinger/queue-totals.js';
import { createRequestRates } from './pinger/request-rates.js';
import { operatorBaseUrls, routingTableFromConfigMap } from './routing-source.js';
import { createScalerMetrics } from './scaler-metrics.js';
import { logCycle, logFollowerEvent, logWatchEvent } from './scaler-logging.js';

export interface ScalerDeps {
  readonly logger: Logger;
  /** Default: a client from config.kubeconfig (or in-cluster). */
  readonly kube?: KubeClient;
  /** A monotonic clock in ms; default performance.now. */
  readonly now?: () => number;
  /** Default: the package's proto/externalscaler.proto. */
  readonly protoPath?: string;
}

export interface Scaler {
  /** Listens (gRPC, then admin) and starts the watches, the routing-table follower and the pinger. */
  start(): Promise<{ readonly grpc: AddressInfo; readonly admin: AddressInfo }>;
  /** Resolves once the EndpointSlice watches synced and a routing table is loaded. */
  ready(signal?: AbortSignal): Promise<void>;
  /** Shutdown step 1: health and /readyz say not ready at once; everything keeps answering. */
  drain(): void;
  /** Shutdown step 2: ends the streams and closes both servers; open calls get `graceMs`. */
  closeServers(graceMs: number): Promise<void>;
  /** Shutdown step 3: stops the pinger, the activation watches, the follower and the Kubernetes watches. */
  stopBackground(): Promise<void>;
  /** Steps 1–3 in order (for tests). */
  stop(): Promise<void>;
  totals(): QueueTotals;
  pollNow(): Promise<PollReport>;
}

export function createScaler(config: ScalerConfig, deps: ScalerDeps): Scaler {
  const log = deps.logger;
  const now = deps.now ?? (() => performance.now());
  const tickMs = config.queueTickMs;
  const kube =
    deps.kube ??
    createKubeClient(loadKubeConfig({ path: config.kubeconfig }), { userAgent: 'keda-http-scaler' });
  const background = new AbortController();

  // EndpointSlice watches: the interceptors' namespace, and the operator's when it is found by Service.
  const watches = createEndpointWatches(
    kube,
    config.operatorAdminUrl === undefined
      ? [config.targetAdminNamespace, config.operatorNamespace]
      : [config.targetAdminNamespace],
    log,
  );
  const interceptorAddresses = (): string[] =>
    watches.readyAddresses(config.targetAdminNamespace, config.targetAdminService);

  // What the scaler knows, and what it answers from.
  const state = createQueueState();
  const rates = createRequestRates();
  let totals = EMPTY_TOTALS;
  let draining = false;
  const health = createScalerHealth();
  const registry = createMetricsRegistry({ processMetrics: true });
  let follower: RoutingTableFollower | undefined;
  const answers = createScalerAnswers({ table: () => follower?.current(), totals: () => totals });
  const onInternalError = (err: unknown, method = 'StreamIsActive'): void =>
    log.error({ err, method }, 'gRPC call failed unexpectedly');
  const streams = createActiveStreams({
    intervalMs: config.streamIntervalMs,
    isActive: (query) => answers.isActive(query),
    onInternalError,
  });

  /** New totals: swap the snapshot and let the streams push activations. */
  const publish = (): void => {
    totals = snapshotTotals(state, rates, now());
    metrics.addActivationPushes(streams.notify());
  };
  const applyTable = (): void => {
    const table = follower?.current();
    if (table === undefined) return;
    const reset = rates.configure(table.routes);
    if (reset.length > 0) log.debug({ routes: reset }, 'request-rate windows created or reset');
    publish();
  };
  const updateHealth = (): void => {
    const serving = !draining && pollIsFresh(pinger.lastSuccessMs, now(), tickMs);
    if (health.set(serving)) log.info({ serving }, serving ? 'health: SERVING' : 'health: NOT_SERVING');
  };

  // Polling the interceptors, and the activation long-polls.
  const client = createQueueClient({ port: config.targetAdminPort });
  const watch = config.activationWatch
    ? createActivationWatch({
        client,
        timeoutSeconds: Math.ceil(config.activationWatchTimeoutMs / 1000),
        retryMs: tickMs,
        // Answers that come back at once (a pod whose routes keep going idle and busy): five back to back, then
        // one per tick (at most a second), so they cost no more than the regular polls. An answer to a watch
        // held for a fifth of that is an activation after a quiet spell: always at once.
        burst: 5,
        refillMs: Math.min(tickMs, 1_000),
        quietMs: Math.min(tickMs, 1_000) / 5,
        now,
        onActivation: (address, counts) => {
          state.ingestConcurrency(address, counts);
          publish();
        },
        onEvent: (e) => logWatchEvent(log, e),
      })
    : undefined;
  const metrics = createScalerMetrics(registry, {
    openStreams: () => streams.size(),
    activationWatches: () => watch?.size() ?? 0,
  });
  const cycleLog = logCycle(log);
  const pinger = createPinger({
    addresses: interceptorAddresses,
    client,
    state,
    rates,
    tickMs,
    timeoutMs: config.pollTimeoutMs ?? tickMs,
    now,
    service: { namespace: config.targetAdminNamespace, name: config.targetAdminService },
    onAnswer: (address, epoch) => watch?.observe(address, epoch),
    onCycle: (report) => {
      watch?.retain(new Set(interceptorAddresses()));
      publish();
      metrics.recordCycle(report, state.pods().filter((p) => !p.reachable).length);
      cycleLog(report);
      updateHealth();
    },
    onTick: updateHealth,
  });

  // The servers.
  const readiness = createReadiness({
    checks: [
      { name: 'endpoint-watch', check: () => watches.hasSynced() },
      { name: 'routing-table', check: () => follower?.current() !== undefined },
      { name: 'interceptor-poll', check: () => pollIsFresh(pinger.lastSuccessMs, now(), tickMs) },
      { name: 'not-draining', check: () => !draining },
    ],
  });
  const admin = buildAdminServer({
    logger: log,
    readiness,
    configs: [redactConfig(configSchema, config)],
    metrics: registry,
  });
  addScalerAdminRoutes(admin, { totals: () => totals, pollNow: () => pinger.pollNow() });
  const grpc = buildGrpcServer({
    proto: loadExternalScalerProto(deps.protoPath),
    handlers: createExternalScalerHandlers({ answers, streams, onInternalError }),
    health,
  });

  let started = false;
  const stopBackground = async (): Promise<void> => {
    background.abort();
    await pinger.stop();
    await watch?.stop();
    await follower?.done;
    await watches.stop();
    await client.close();
  };
  const closeServers = async (graceMs: number): Promise<void> => {
    streams.closeAll();
    await grpc.shutdown(graceMs);
    await admin.close();
  };

  return {
    async start() {
      if (started) throw new Error('the scaler was already started');
      started = true;
      watches.start();
      follower = followRoutingTable({
        baseUrls: operatorBaseUrls(
          {
            url: config.operatorAdminUrl,
            namespace: config.operatorNamespace,
            service: config.operatorAdminService,
          },
          watches.cache(config.operatorNamespace),
        ),
        signal: background.signal,
        loadFallback: routingTableFromConfigMap(kube, config.operatorNamespace),
        onEvent: (e) => {
          logFollowerEvent(log, e);
          if (e.type === 'updated' || e.type === 'fallback-loaded') applyTable();
        },
      });
      void watches.synced(background.signal).then(
        () => pinger.start(),
        () => undefined,
      );
      const grpcAddress = await grpc.listen(config.grpcPort);
      log.info({ server: 'grpc', address: grpcAddress.address, port: grpcAddress.port }, 'listening');
      await admin.ready();
      admin.server.listen(config.healthPort);
      await once(admin.server, 'listening');
      const adminAddress = admin.server.address() as AddressInfo;
      log.info({ server: 'admin', address: adminAddress.address, port: adminAddress.port }, 'listening');
      return { grpc: grpcAddress, admin: adminAddress };
    },
    async ready(signal) {
      await watches.synced(signal);
      if (follower === undefined) throw new Error('the scaler was not started');
      await follower.ready();
    },
    drain() {
      draining = true;
      updateHealth();
    },
    closeServers,
    stopBackground,
    async stop() {
      draining = true;
      updateHealth();
      await closeServers(1_000);
      await stopBackground();
    },
    totals: () => totals,
    pollNow: () => pinger.pollNow(),
  };
}

// The operator as a function (deployables.md, "Package shape"): createOperator(config, deps) builds the
// informers, the reconcile queue, the routing table and the admin server, without starting anything, so tests
// run it in-process and main.ts stays thin wiring.
//
// Every replica watches and serves /routing_table from its own informers; only the Lease holder reconciles
// (writes ScaledObjects, finalizers, status, Events) and writes the ConfigMap copy of the table.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KubeConfig } from '@kubernetes/client-node';
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import {
  createEventRecorder,
  createInformer,
  createKubeClient,
  createLeaderElector,
  type Informer,
  type KubeObject,
  type LeaderElector,
} from '@keda-http/k8s';
import {
  buildAdminServer,
  createMetricsRegistry,
  createReadiness,
  redactConfig,
  type Logger,
  type Readiness,
} from '@keda-http/runtime';
import { configSchema, type OperatorConfig } from './config.js';
import { scalerAddress, type ScaledObject } from './desired-scaled-object.js';
import { createOperatorMetrics } from './operator-metrics.js';
import { createRecentWrites } from './recent-writes.js';
import type { ReconcileContext } from './reconcile-context.js';
import { createReconcileController } from './reconcile-controller.js';
import { httpScaledObjects, interceptorRoutes, scaledObjects, services } from './resources.js';
import { addRoutingTableRoute } from './routing-table-route.js';
import type { Service } from './spec-checks.js';
import { createConfigMapWriter } from './table-configmap.js';
import { createTablePublisher, type TablePublisher } from './table-publisher.js';
import { createTableSource } from './table-source.js';

/** The Lease upstream's operator (controller-runtime, LeaderElectionID) holds: one leader across both. */
export const LEASE_NAME = 'http-add-on.keda.sh';
export const COMPONENT = 'keda-http-operator';

export interface OperatorDeps {
  readonly logger: Logger;
  readonly kubeConfig: KubeConfig;
  /** Leader-election identity; default `<hostname>_<random uuid>`, as controller-runtime makes it. */
  readonly identity?: string;
  readonly now?: () => number;
  /** Delay between a change and the routing-table rebuild; default 2 ms. */
  readonly tableDebounceMs?: number;
  /** Keys reconciled at the same time; default 16. */
  readonly concurrency?: number;
  /** The leader reconciles every object again this often, as a safety net; default 10 minutes. */
  readonly resyncPeriodMs?: number;
  readonly metricsRegistry?: Registry;
}

export interface Operator {
  /** The admin server, built but not listening. */
  readonly admin: FastifyInstance;
  readonly readiness: Readiness;
  readonly publisher: TablePublisher;
  readonly identity: string;
  isLeader(): boolean;
  /** Resolves when no reconcile is queued, waiting for a retry, or running. */
  idle(): Promise<void>;
  /**
   * Starts watching and campaigning: the first table is built once HTTPScaledObjects and InterceptorRoutes
   * are cached; the campaign starts once ScaledObjects and Services are too. Resolves then.
   */
  start(signal?: AbortSignal): Promise<void>;
  /** Shutdown step: stop reconciling and release the Lease so another replica takes over at once. */
  stopLeading(): Promise<void>;
  /** Shutdown step: answer held long-polls and close the admin server. */
  closeAdmin(): Promise<void>;
  /** Shutdown step: stop the watches. */
  stopWatching(): Promise<void>;
  /** All three steps in order. */
  stop(): Promise<void>;
}

export function createOperator(config: OperatorConfig, deps: OperatorDeps): Operator {
  const { logger } = deps;
  const now = deps.now ?? Date.now;
  const identity = deps.identity ?? `${hostname()}_${randomUUID()}`;
  const client = createKubeClient(deps.kubeConfig, { userAgent: COMPONENT });
  const ns = config.watchNamespace;
  const informer = <T extends KubeObject>(resource: typeof httpScaledObjects): Informer<T> =>
    createInformer<T>({ client, resource, namespace: ns });
  const hsoInformer = informer<KubeObject>(httpScaledObjects);
  const irInformer = informer<KubeObject>(interceptorRoutes);
  const soInformer = informer<ScaledObject>(scaledObjects);
  const svcInformer = informer<Service>(services);
  const informers = [hsoInformer, irInformer, soInformer, svcInformer];

  const registry = deps.metricsRegistry ?? createMetricsRegistry();
  const publisher = createTablePublisher();
  const metrics = createOperatorMetrics({ registry, watchers: () => publisher.waiting() });
  const readiness = createReadiness({
    checks: [
      // Ready means "serves the routing table": interceptors and the scaler find the operator through the
      // ready endpoints of its admin Service. The ScaledObject and Service caches only matter to the leader.
      { name: 'informers-synced', check: () => hsoInformer.hasSynced() && irInformer.hasSynced() },
      { name: 'routing-table-built', check: () => publisher.current() !== undefined },
    ],
  });
  const admin = buildAdminServer({
    logger,
    readiness,
    configs: [redactConfig(configSchema, config)],
    metrics: registry,
  });
  addRoutingTableRoute(admin, publisher);

  const writtenScaledObjects = createRecentWrites<ScaledObject>();
  const ctx: ReconcileContext = {
    client,
    httpScaledObject: (n, name) => hsoInformer.get(name, n),
    interceptorRoute: (n, name) => irInformer.get(name, n),
    scaledObject: (n, name) => soInformer.get(name, n),
    service: (n, name) => svcInformer.get(name, n),
    scalerAddress: scalerAddress(config.externalScalerService, config.namespace, config.externalScalerPort),
    recordEvent: createEventRecorder({ client, component: COMPONENT, now }),
    statusMemo: new Map(),
    writtenScaledObjects,
    now,
    log: logger,
  };

  let elector: LeaderElector | undefined;
  const leading = (): boolean => elector?.isLeader() === true;
  const controller = createReconcileController({
    ctx,
    informers: {
      httpScaledObjects: hsoInformer,
      interceptorRoutes: irInformer,
      scaledObjects: soInformer,
      services: svcInformer,
    },
    leading,
    metrics,
    logger,
    concurrency: deps.concurrency ?? 16,
    resyncPeriodMs: deps.resyncPeriodMs ?? 600_000,
  });
  for (const i of informers) {
    i.onLifecycle((e) => {
      const resource = i.resource.plural;
      if (e.type === 'error')
        logger.warn({ resource, err: e.error, retryInMs: e.retryInMs }, 'watch failed; retrying');
      else if (e.type === 'handler-error') logger.error({ resource, err: e.error }, 'watch handler failed');
      else if (e.type === 'synced') logger.info({ resource }, 'cache synced');
    });
  }

  const configMapWriter = createConfigMapWriter({
    client,
    namespace: config.namespace,
    isLeader: leading,
    onEvent: (e) => {
      metrics.configMapWritten(e.type === 'written');
      if (e.type === 'failed')
        logger.warn({ err: e.error, retryInMs: e.retryInMs }, 'routing-table ConfigMap write failed');
      if (e.type === 'too-large')
        logger.error(
          { version: e.version, bytes: e.bytes },
          'routing table too large for its ConfigMap copy',
        );
    },
  });
  const tableSource = createTableSource({
    httpScaledObjects: hsoInformer,
    interceptorRoutes: irInformer,
    publisher,
    ...(deps.tableDebounceMs !== undefined ? { debounceMs: deps.tableDebounceMs } : {}),
    onBuilt: ({ snapshot, routes, durationMs, sinceChangeMs }) => {
      if (snapshot === undefined) return;
      metrics.tablePublished(snapshot.version, routes, sinceChangeMs);
      logger.debug({ version: snapshot.version, routes, durationMs }, 'routing table published');
      if (leading()) configMapWriter.write(snapshot);
    },
  });
  tableSource.attach();

  const election = new AbortController();
  let campaign: Promise<void> | undefined;

  const stopLeading = async (): Promise<void> => {
    election.abort();
    await campaign;
    await controller.shutdown();
    await configMapWriter.stop();
  };
  const closeAdmin = async (): Promise<void> => {
    tableSource.stop();
    publisher.close();
    await admin.close();
  };
  const stopWatching = async (): Promise<void> => {
    await Promise.all(informers.map((i) => i.stop()));
  };

  return {
    admin,
    readiness,
    publisher,
    identity,
    isLeader: leading,
    idle: () => controller.idle(),
    async start(signal) {
      for (const i of informers) i.start();
      // The table first: it needs only the HTTPScaledObjects and InterceptorRoutes (a cluster without KEDA's
      // CRD still gets routes). Campaigning waits for every cache, so the leader reconciles from full ones.
      await Promise.all([hsoInformer.synced(signal), irInformer.synced(signal)]);
      tableSource.buildNow();
      await Promise.all([soInformer.synced(signal), svcInformer.synced(signal)]);
      elector = createLeaderElector({
        client,
        namespace: config.namespace,
        name: LEASE_NAME,
        identity,
        leaseDurationMs: config.leaseDuration,
        renewDeadlineMs: config.renewDeadline,
        retryPeriodMs: config.retryPeriod,
        onEvent: (e) => {
          if (e.type === 'error') return logger.warn({ err: e.error }, 'leader election request failed');
          if (e.type === 'leader-observed') return logger.info({ leader: e.identity }, 'leader observed');
          metrics.leading(LEASE_NAME, e.type === 'started-leading');
          logger.info({ identity, ...(e.type === 'stopped-leading' ? { reason: e.reason } : {}) }, e.type);
          if (e.type !== 'started-leading') return;
          controller.resyncAll();
          const current = publisher.current();
          if (current !== undefined) configMapWriter.write(current);
        },
      });
      metrics.leading(LEASE_NAME, false);
      campaign = elector.run(election.signal);
    },
    stopLeading,
    closeAdmin,
    stopWatching,
    async stop() {
      await stopLeading();
      await closeAdmin();
      await stopWatching();
    },
  };
}

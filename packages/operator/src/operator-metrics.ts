// The operator's Prometheus series. Reconcile series keep controller-runtime's names and labels (upstream's
// operator is a controller-runtime manager, so dashboards built on it keep working); the leader gauge keeps
// client-go's name; the routing-table series are this port's own.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface OperatorMetrics {
  reconciled(controller: string, durationMs: number, ok: boolean): void;
  tablePublished(version: string, routes: number, sinceChangeMs: number): void;
  leading(leaseName: string, isLeader: boolean): void;
  configMapWritten(ok: boolean): void;
}

export interface OperatorMetricsOptions {
  readonly registry: Registry;
  /** Long-polls currently held, read at scrape time. */
  readonly watchers: () => number;
}

export function createOperatorMetrics(opts: OperatorMetricsOptions): OperatorMetrics {
  const registers = [opts.registry];
  const reconcileTotal = new Counter({
    name: 'controller_runtime_reconcile_total',
    help: 'Total number of reconciliations per controller, by result (success or error).',
    labelNames: ['controller', 'result'],
    registers,
  });
  const reconcileErrors = new Counter({
    name: 'controller_runtime_reconcile_errors_total',
    help: 'Total number of reconciliation errors per controller.',
    labelNames: ['controller'],
    registers,
  });
  const reconcileTime = new Histogram({
    name: 'controller_runtime_reconcile_time_seconds',
    help: 'Length of time per reconciliation per controller.',
    labelNames: ['controller'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const leaderStatus = new Gauge({
    name: 'leader_election_master_status',
    help: '1 while this replica holds the leader-election Lease, else 0.',
    labelNames: ['name'],
    registers,
  });
  const tableVersion = new Gauge({
    name: 'keda_http_operator_routing_table_version_info',
    help: 'Always 1, labelled with the version of the routing table this replica serves.',
    labelNames: ['version'],
    registers,
  });
  const tableRoutes = new Gauge({
    name: 'keda_http_operator_routing_table_routes',
    help: 'Routes in the routing table this replica serves.',
    registers,
  });
  const publishDelay = new Histogram({
    name: 'keda_http_operator_routing_table_publish_delay_seconds',
    help: 'From the watch event of a route change to the publish of the table that holds it.',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers,
  });
  const tableUpdates = new Counter({
    name: 'keda_http_operator_routing_table_updates_total',
    help: 'Times this replica swapped in a routing table with a new version.',
    registers,
  });
  new Gauge({
    name: 'keda_http_operator_routing_table_watchers',
    help: 'GET /routing_table long-polls currently held open.',
    registers,
    collect() {
      this.set(opts.watchers());
    },
  });
  const configMapWrites = new Counter({
    name: 'keda_http_operator_routing_table_configmap_writes_total',
    help: 'Writes of the routing-table ConfigMap by this replica, by result (success or error).',
    labelNames: ['result'],
    registers,
  });

  return {
    reconciled(controller, durationMs, ok) {
      reconcileTotal.inc({ controller, result: ok ? 'success' : 'error' });
      if (!ok) reconcileErrors.inc({ controller });
      reconcileTime.observe({ controller }, durationMs / 1000);
    },
    tablePublished(version, routes, sinceChangeMs) {
      publishDelay.observe(sinceChangeMs / 1000);
      tableVersion.reset();
      tableVersion.set({ version }, 1);
      tableRoutes.set(routes);
      tableUpdates.inc();
    },
    leading(leaseName, isLeader) {
      leaderStatus.set({ name: leaseName }, isLeader ? 1 : 0);
    },
    configMapWritten(ok) {
      configMapWrites.inc({ result: ok ? 'success' : 'error' });
    },
  };
}

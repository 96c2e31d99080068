// The scaler's Prometheus series, on the admin server's /metrics. The pinger's series keep upstream's names
// (its OpenTelemetry instruments scaler.pinger.*, as the Prometheus exporter spells them).
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { PollReport } from './pinger/pinger.js';

export interface ScalerMetrics {
  recordCycle(report: PollReport, unreachablePods: number): void;
  addActivationPushes(n: number): void;
}

export interface ScalerMetricsSources {
  /** Read at scrape time. */
  readonly openStreams: () => number;
  readonly activationWatches: () => number;
}

export function createScalerMetrics(registry: Registry, sources: ScalerMetricsSources): ScalerMetrics {
  const registers = [registry];
  const fetchDuration = new Histogram({
    name: 'scaler_pinger_fetch_duration_seconds',
    help: 'Duration of a queue pinger fetch cycle across all interceptor pods',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5],
    registers,
  });
  const fetchErrors = new Counter({
    name: 'scaler_pinger_fetch_errors_total',
    help: 'Queue pinger fetch cycles that failed (no ready interceptor endpoint, or no pod answered)',
    registers,
  });
  const podErrors = new Counter({
    name: 'scaler_pinger_pod_fetch_errors_total',
    help: 'Interceptor pods that did not answer a poll, by error code',
    labelNames: ['code'],
    registers,
  });
  const endpoints = new Gauge({
    name: 'scaler_pinger_endpoints',
    help: 'Number of interceptor endpoints the scaler is polling',
    registers,
  });
  const unreachable = new Gauge({
    name: 'scaler_pinger_unreachable_pods',
    help: 'Interceptor pods still listed whose last poll failed (their last concurrency is still counted)',
    registers,
  });
  new Gauge({
    name: 'scaler_stream_is_active_streams',
    help: 'Open StreamIsActive streams',
    registers,
    collect() {
      this.set(sources.openStreams());
    },
  });
  new Gauge({
    name: 'scaler_activation_watches',
    help: 'Interceptor pods with an open activation long-poll (GET /queue?watch=)',
    registers,
    collect() {
      this.set(sources.activationWatches());
    },
  });
  const pushes = new Counter({
    name: 'scaler_activation_pushes_total',
    help: 'IsActiveResponse{result: true} messages sent at once because a route went from idle to active',
    registers,
  });
  return {
    recordCycle(report, unreachablePods) {
      fetchDuration.observe(report.durationMs / 1000);
      endpoints.set(report.endpoints);
      unreachable.set(unreachablePods);
      if (!report.ok) fetchErrors.inc();
      for (const f of report.failures) podErrors.inc({ code: f.code || 'UNKNOWN' });
    },
    addActivationPushes: (n) => {
      if (n > 0) pushes.inc(n);
    },
  };
}

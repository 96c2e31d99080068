// What the scaler logs about its background work. The pinger runs every tick, so its outcome is logged on
// change only: a poll that starts or stops failing, and each pod that becomes unreachable or answers again.
import type { FollowerEvent } from '@keda-http/routing/follower';
import type { Logger } from '@keda-http/runtime';
import type { ActivationWatchEvent } from './pinger/activation-watch.js';
import type { PollReport } from './pinger/pinger.js';

/** Returns the per-cycle logger; it remembers the previous cycle to log only changes. */
export function logCycle(log: Logger): (report: PollReport) => void {
  let lastError: string | undefined;
  let failing = new Map<string, string>();
  return (report) => {
    log.trace(
      {
        durationMs: Math.round(report.durationMs * 100) / 100,
        slowestFetchMs: Math.round(report.slowestFetchMs * 100) / 100,
        endpoints: report.endpoints,
        failed: report.failures.length,
      },
      'poll cycle',
    );
    const error = report.error?.code;
    if (error !== lastError) {
      if (report.error)
        log.error({ err: report.error, endpoints: report.endpoints }, 'polling the interceptors failed');
      else log.info({ endpoints: report.endpoints }, 'polling the interceptors works');
      lastError = error;
    }
    const now = new Map(report.failures.map((f) => [f.address, f.code]));
    for (const f of report.failures) {
      if (failing.get(f.address) !== f.code)
        log.warn(
          { pod: f.address, code: f.code, error: f.error },
          'interceptor pod did not answer; keeping its last counts',
        );
    }
    for (const address of failing.keys()) {
      if (!now.has(address)) log.info({ pod: address }, 'interceptor pod answers again (or left)');
    }
    failing = now;
  };
}

export function logFollowerEvent(log: Logger, e: FollowerEvent): void {
  switch (e.type) {
    case 'updated':
      log.info({ version: e.version, routes: e.routes, from: e.baseUrl }, 'routing table updated');
      return;
    case 'fallback-loaded':
      log.info({ version: e.version, routes: e.routes }, 'routing table loaded from the ConfigMap');
      return;
    case 'error':
      log.warn({ err: e.error }, 'following the routing table failed');
      return;
    case 'fallback-missing':
      log.debug('no routing-table ConfigMap yet');
      return;
    default:
      log.trace({ event: e.type }, 'routing table follower');
  }
}

export function logWatchEvent(log: Logger, e: ActivationWatchEvent): void {
  if (e.type === 'unsupported') {
    log.info({ pod: e.address }, 'interceptor pod sends no queue epoch; activation push is off for it');
  } else if (e.type === 'error') {
    log.debug({ pod: e.address, error: e.error }, 'activation long-poll failed; retrying');
  } else {
    log.debug(
      { pod: e.address, epoch: e.epoch },
      e.type === 'started' ? 'activation long-poll started' : 'activation',
    );
  }
}

// Step 1 of the pipeline (the outermost): measures every request and records it once it is over. It is also
// where a failure that the inner steps raised becomes a response (failure-response.ts maps it to a status), so
// the recorded code is the one the client got: 499 when the client left first.
import type { Logger } from '@keda-http/runtime';
import type { ProxyMetrics } from '../metrics/proxy-metrics.js';
import type { Exchange } from './exchange.js';
import { CLIENT_CLOSED_STATUS, isExpectedFailure, sendFailure } from './failure-response.js';
import type { Step } from './step.js';

export interface MetricsStepOptions {
  readonly metrics: ProxyMetrics;
  readonly logger: Logger;
  /** KEDA_HTTP_LOG_REQUESTS: one info line per request. */
  readonly logRequests: boolean;
  /** Clock in milliseconds; default performance.now. */
  readonly now?: () => number;
}

export function metricsStep(options: MetricsStepOptions): Step {
  const { metrics, logger, logRequests } = options;
  const now = options.now ?? (() => performance.now());

  const done = (ex: Exchange, code: number): void => {
    ex.finish();
    const ms = now() - ex.startedAt;
    metrics.record(ex.route?.key ?? '', ex.req.method ?? '', code, ms / 1000);
    if (logRequests) logRequest(ex, code, ms);
  };

  const logRequest = (ex: Exchange, code: number, ms: number): void =>
    logger.info(
      {
        method: ex.req.method,
        url: ex.req.url,
        host: ex.req.headers.host,
        route: ex.route?.key,
        status: code,
        durationMs: Math.round(ms * 1000) / 1000,
        coldStart: ex.coldStart,
      },
      'request',
    );

  const failed = (ex: Exchange, err: unknown): void => {
    let code = 500;
    try {
      code = sendFailure(ex.res, err);
    } catch (sendError) {
      ex.res.destroy();
      logger.error({ err: sendError }, 'cannot send the failure response');
    }
    if (!isExpectedFailure(err)) {
      logger.warn({ err, route: ex.route?.key, url: ex.req.url, status: code }, 'request failed');
    } else {
      logger.debug({ err, route: ex.route?.key, url: ex.req.url, status: code }, 'request ended early');
    }
    done(ex, code);
  };

  // The returned promise never rejects: every failure of the inner steps becomes a response here.
  return (next) => (ex) =>
    next(ex).then(
      () => done(ex, ex.res.headersSent ? ex.res.statusCode : CLIENT_CLOSED_STATUS),
      (err: unknown) => failed(ex, err),
    );
}

// The proxy's one place that turns an outcome into a status code and writes the interceptor's own short
// responses (SPEC §4: 404 no route, 504 timeouts, 502 refused or broken backend, 503 draining, 500 a target
// that cannot be resolved). The body is the status text only: reasons go to the log, not to the client.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { hasCode } from '@keda-http/runtime';
import {
  ClientGoneError,
  DrainingError,
  ReadinessTimeoutError,
  RequestTimeoutError,
  ResponseHeaderTimeoutError,
  TargetUnresolvedError,
  UpstreamFailedError,
  UpstreamUnreachableError,
} from '../errors.js';

/** Recorded in metrics and logs for a request whose client left before any status was sent. */
export const CLIENT_CLOSED_STATUS = 499;

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  [ReadinessTimeoutError.code]: 504,
  [RequestTimeoutError.code]: 504,
  [ResponseHeaderTimeoutError.code]: 504,
  [UpstreamUnreachableError.code]: 502,
  [UpstreamFailedError.code]: 502,
  [TargetUnresolvedError.code]: 500,
  [DrainingError.code]: 503,
  [ClientGoneError.code]: CLIENT_CLOSED_STATUS,
  /** undici refused a header value it cannot send (the client sent it): the request is bad. */
  UND_ERR_INVALID_ARG: 400,
};

/** The status for a failure; anything not in the catalogue is an internal error (500). */
export function statusForFailure(err: unknown): number {
  if (typeof err === 'object' && err !== null) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string') return STATUS_BY_CODE[code] ?? 500;
  }
  return 500;
}

/** Whether the failure is the client's doing or an expected timeout, rather than something to investigate. */
export function isExpectedFailure(err: unknown): boolean {
  return (
    hasCode(err, ClientGoneError.code) ||
    hasCode(err, ReadinessTimeoutError.code) ||
    hasCode(err, RequestTimeoutError.code)
  );
}

/**
 * Sends a short plain-text response with `status`, unless the client is gone. When the response has already
 * started (headers sent), the status can no longer change: the connection is cut so the client sees a broken
 * response rather than a truncated one that looks whole.
 */
export function sendStatus(res: ServerResponse, status: number, extra?: readonly string[]): void {
  if (res.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${STATUS_CODES[status] ?? 'Error'}\n`;
  const headers = ['content-type', 'text/plain; charset=utf-8', 'content-length', String(body.length)];
  if (extra !== undefined) headers.push(...extra);
  res.writeHead(status, headers);
  res.end(body);
}

/** Sends the response for a failure and returns the status it stands for. */
export function sendFailure(res: ServerResponse, err: unknown): number {
  const status = statusForFailure(err);
  if (status !== CLIENT_CLOSED_STATUS) {
    sendStatus(res, status, status === 503 ? ['connection', 'close'] : undefined);
  }
  return status;
}

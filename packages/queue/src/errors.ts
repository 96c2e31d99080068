// The queue package's error catalogue. Every error has a stable `code`; callers branch on the code, never on
// the message. (queue may import only api, so it cannot reuse runtime's error factory; the shape is the same.)

export type QueueErrorCode =
  /** The /queue request did not finish within its timeout. */
  | 'QUEUE_TIMEOUT'
  /** The caller's AbortSignal ended the /queue request. */
  | 'QUEUE_ABORTED'
  /** No HTTP exchange happened: refused, reset, unknown host, … (the system error code is in the message). */
  | 'QUEUE_CONNECTION'
  /** The endpoint answered with a status other than 200. */
  | 'QUEUE_STATUS'
  /** The body is not JSON or does not have the /queue shape; the message names the field. */
  | 'QUEUE_BODY'
  /** A rate window was given a window or granularity that is not a positive number of milliseconds. */
  | 'QUEUE_BAD_WINDOW'
  /** A rate window was given a delta that is not a non-negative finite number. */
  | 'QUEUE_BAD_DELTA';

export class QueueError extends Error {
  readonly code: QueueErrorCode;
  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
    this.code = code;
  }
}

/** True when `err` is a QueueError, optionally with the given code. */
export function isQueueError(err: unknown, code?: QueueErrorCode): err is QueueError {
  return err instanceof QueueError && (code === undefined || err.code === code);
}

// Errors raised by the Kubernetes wrappers. Each has a stable `code`; API failures carry the HTTP status and
// the Status `reason` the server sent, so callers branch on values (`isNotFound(err)`), never on messages.

export type K8sErrorCode = 'K8S_API_ERROR' | 'K8S_REQUEST_FAILED' | 'K8S_KUBECONFIG';

export class K8sError extends Error {
  readonly code: K8sErrorCode;
  constructor(code: K8sErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'K8sError';
    this.code = code;
  }
}

/** The API server answered with a non-2xx status. `reason` is the Status reason (NotFound, Conflict, …). */
export class KubeApiError extends K8sError {
  readonly status: number;
  readonly reason: string;
  readonly body: unknown;
  constructor(opts: {
    status: number;
    reason: string;
    message: string;
    method: string;
    path: string;
    body: unknown;
  }) {
    super('K8S_API_ERROR', `${opts.method} ${opts.path}: ${opts.status} ${opts.reason}: ${opts.message}`);
    this.name = 'KubeApiError';
    this.status = opts.status;
    this.reason = opts.reason;
    this.body = opts.body;
  }
}

const statusOf = (err: unknown): number | undefined => (err instanceof KubeApiError ? err.status : undefined);

export const isNotFound = (err: unknown): boolean => statusOf(err) === 404;
export const isConflict = (err: unknown): boolean => statusOf(err) === 409;
export const isAlreadyExists = (err: unknown): boolean =>
  err instanceof KubeApiError && err.status === 409 && err.reason === 'AlreadyExists';
export const isGone = (err: unknown): boolean => statusOf(err) === 410;
export const isInvalid = (err: unknown): boolean => statusOf(err) === 422;

// The error catalogue of devcluster. Every error it throws on purpose is a DevClusterError with a stable
// code; API failures carry the Kubernetes Status object that the HTTP layer writes back unchanged.
import type { Status } from './api/status.js';

export type DevClusterErrorCode =
  /** An API request failed the way a real API server would fail it; `status` says how. */
  | 'API_STATUS'
  /** startDevCluster or the CLI got an option it cannot use. */
  | 'INVALID_OPTIONS'
  /** The --data-dir snapshot could not be read or written. */
  | 'PERSISTENCE'
  /** A pinned tool (kubectl, helm) is missing from .tools/bin. */
  | 'TOOL_NOT_FOUND';

export class DevClusterError extends Error {
  readonly code: DevClusterErrorCode;

  constructor(code: DevClusterErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DevClusterError';
    this.code = code;
  }
}

/** An API failure (404, 409, 422, …) carrying the Status object a real API server would answer with. */
export class ApiStatusError extends DevClusterError {
  readonly status: Status;

  constructor(status: Status, options?: { cause?: unknown }) {
    super('API_STATUS', status.message ?? status.reason ?? 'request failed', options);
    this.name = 'ApiStatusError';
    this.status = status;
  }

  /** The HTTP status code (404, 409, 422, …). */
  get httpCode(): number {
    return this.status.code ?? 500;
  }

  /** The Kubernetes reason (NotFound, Conflict, Invalid, …). */
  get reason(): string {
    return this.status.reason ?? 'Unknown';
  }
}

export function isApiStatusError(err: unknown): err is ApiStatusError {
  return err instanceof ApiStatusError;
}

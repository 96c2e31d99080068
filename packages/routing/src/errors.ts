// The routing package's error catalogue. A request that matches nothing is not an error (match returns
// undefined); these are for bad tables, bad resources and the follower's network failures.

export const RoutingErrorCode = Object.freeze({
  /** A routing table (from the operator or the fallback) does not have the wire format. */
  TableInvalid: 'ROUTING_TABLE_INVALID',
  /** A resource handed to routesFromResources holds a value validation should have rejected. */
  ResourceInvalid: 'ROUTING_RESOURCE_INVALID',
  /** The operator could not be reached. */
  FetchFailed: 'ROUTING_FETCH_FAILED',
  /** The operator answered with a status other than 200 or 304. */
  BadStatus: 'ROUTING_BAD_STATUS',
  /** There is no operator address to ask. */
  NoEndpoints: 'ROUTING_NO_ENDPOINTS',
  /** The fallback loader failed. */
  FallbackFailed: 'ROUTING_FALLBACK_FAILED',
  /** The follower was stopped before it had a table. */
  Stopped: 'ROUTING_FOLLOWER_STOPPED',
} as const);
export type RoutingErrorCode = (typeof RoutingErrorCode)[keyof typeof RoutingErrorCode];

export class RoutingError extends Error {
  override readonly name = 'RoutingError';
  readonly code: RoutingErrorCode;

  constructor(code: RoutingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

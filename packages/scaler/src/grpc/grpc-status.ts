// The one place where the scaler's errors become gRPC statuses (DESIGN habit 11). A message that names the
// field and the value goes to KEDA as the status details; anything unexpected is INTERNAL with a generic
// message (the caller logs the real error).
import { status, type ServiceError, Metadata } from '@grpc/grpc-js';
import { BadScaledObjectRef, RouteNotFound, RoutingTableNotLoaded } from '../errors.js';

export interface GrpcFailure {
  readonly code: status;
  readonly details: string;
  /** False for errors that are the scaler's own fault, which the caller should log. */
  readonly expected: boolean;
}

export function grpcFailureOf(err: unknown): GrpcFailure {
  if (BadScaledObjectRef.is(err))
    return { code: status.INVALID_ARGUMENT, details: err.message, expected: true };
  if (RouteNotFound.is(err)) return { code: status.NOT_FOUND, details: err.message, expected: true };
  if (RoutingTableNotLoaded.is(err))
    return { code: status.UNAVAILABLE, details: err.message, expected: true };
  return { code: status.INTERNAL, details: 'internal error in the external scaler', expected: false };
}

/** The error object grpc-js sends as a status. */
export function toServiceError(failure: GrpcFailure): Partial<ServiceError> {
  return Object.assign(new Error(failure.details), {
    code: failure.code,
    details: failure.details,
    metadata: new Metadata(),
  });
}

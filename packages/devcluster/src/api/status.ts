// Kubernetes Status objects, worded the way a real API server words them (kubectl prints `message`
// verbatim after "Error from server (<reason>): ").
import { ApiStatusError } from '../errors.js';
import { qualifiedResource, type GroupResource } from './types.js';

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code?: number;
}

export function failure(code: number, reason: string, message: string, details?: StatusDetails): Status {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
  };
  if (details !== undefined) status.details = details;
  status.code = code;
  return status;
}

function details(gr: GroupResource, name: string): StatusDetails {
  const d: StatusDetails = { name };
  if (gr.group !== '') d.group = gr.group;
  d.kind = gr.resource;
  return d;
}

/** Throws the Status as an ApiStatusError: the one way request handling reports an API failure. */
export function fail(status: Status): never {
  throw new ApiStatusError(status);
}

export const statuses = {
  notFound: (gr: GroupResource, name: string): Status =>
    failure(404, 'NotFound', `${qualifiedResource(gr)} "${name}" not found`, details(gr, name)),

  alreadyExists: (gr: GroupResource, name: string): Status =>
    failure(409, 'AlreadyExists', `${qualifiedResource(gr)} "${name}" already exists`, details(gr, name)),

  conflict: (gr: GroupResource, name: string, why: string): Status =>
    failure(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
      details(gr, name),
    ),

  staleResourceVersion: (gr: GroupResource, name: string): Status =>
    statuses.conflict(
      gr,
      name,
      'the object has been modified; please apply your changes to the latest version and try again',
    ),

  badRequest: (message: string): Status => failure(400, 'BadRequest', message),

  forbidden: (gr: GroupResource, name: string, why: string): Status =>
    failure(403, 'Forbidden', `${qualifiedResource(gr)} "${name}" is forbidden: ${why}`, details(gr, name)),

  pathNotFound: (): Status => failure(404, 'NotFound', 'the server could not find the requested resource'),

  methodNotAllowed: (method: string): Status =>
    failure(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`, {
      causes: [{ message: `method ${method}` }],
    }),

  unsupportedMediaType: (contentType: string, message?: string): Status =>
    failure(
      415,
      'UnsupportedMediaType',
      message ??
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got "${contentType}")`,
    ),

  notAcceptable: (): Status =>
    failure(
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json, application/yaml, application/json;as=Table;v=v1;g=meta.k8s.io',
    ),

  expired: (requested: number, oldest: number): Status =>
    failure(410, 'Expired', `too old resource version: ${requested} (${oldest})`),

  tooLarge: (limit: number): Status =>
    failure(413, 'RequestEntityTooLarge', `the request body is larger than ${limit} bytes`),

  unprocessable: (message: string): Status => failure(422, 'Invalid', message),

  serviceUnavailable: (message: string): Status => failure(503, 'ServiceUnavailable', message),

  internal: (message: string): Status =>
    failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }),
};

/** The Status a successful immediate delete of a built-in object returns. */
export function deleteSuccess(gr: GroupResource, name: string, uid: string | undefined): Status {
  const d = details(gr, name);
  if (uid !== undefined) d.uid = uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: d };
}

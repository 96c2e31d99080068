// The 422 Status an API server answers for an invalid object (k8s.io/apimachinery/pkg/api/errors: NewInvalid).
import { causeText } from './field-errors.js';
import type { StatusCause } from './types.js';

export interface InvalidStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: 'Invalid';
  details: { name: string; group: string; kind: string; causes: StatusCause[] };
  code: 422;
}

/**
 * Builds the Status for `causes`. The message is "<Kind>.<group> "<name>" is invalid: <errors>", with the errors
 * de-duplicated and bracketed when there are several, as Go's error aggregate prints them.
 */
export function invalidStatus(options: {
  group: string;
  kind: string;
  name: string;
  causes: readonly StatusCause[];
}): InvalidStatus {
  const { group, kind, name } = options;
  const qualifiedKind = group === '' ? kind : `${kind}.${group}`;
  const texts = [...new Set(options.causes.map(causeText))];
  const aggregate =
    texts.length === 0 ? '' : texts.length === 1 ? `: ${texts[0]}` : `: [${texts.join(', ')}]`;
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `${qualifiedKind} ${JSON.stringify(name)} is invalid${aggregate}`,
    reason: 'Invalid',
    details: { name, group, kind, causes: options.causes.map((c) => ({ ...c })) },
    code: 422,
  };
}

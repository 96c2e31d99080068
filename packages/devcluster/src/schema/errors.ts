import { causeText } from './field-errors.js';
import type { StatusCause } from './types.js';

/**
 * A CRD whose schema the API server would refuse: not structural, an unsupported construct, a default that
 * does not validate, or a validation rule that does not compile. `causes` name the offending paths, in the
 * shape of a 422 Status' causes, so the server can answer the CRD create with them.
 */
export class CrdDefinitionError extends Error {
  override readonly name = 'CrdDefinitionError';
  readonly code = 'DEVCLUSTER_CRD_DEFINITION_INVALID';
  readonly crdName: string;
  readonly causes: readonly StatusCause[];

  constructor(crdName: string, causes: readonly StatusCause[]) {
    super(
      `CustomResourceDefinition.apiextensions.k8s.io "${crdName}" is invalid: ${
        causes.length === 1 ? causeText(causes[0] as StatusCause) : `[${causes.map(causeText).join(', ')}]`
      }`,
    );
    this.crdName = crdName;
    this.causes = causes;
  }
}

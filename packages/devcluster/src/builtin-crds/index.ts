// The CustomResourceDefinitions devcluster installs by default.
import type { CustomResourceDefinition } from '../schema/types.js';
import { scaledObjectCrd } from './scaled-object-crd.js';

export { scaledObjectCrd } from './scaled-object-crd.js';

/** Fresh copies of the built-in CRDs (apiextensions.k8s.io/v1): KEDA's ScaledObject. */
export function builtinCrds(): CustomResourceDefinition[] {
  return [scaledObjectCrd()];
}

export { compileCrdSchemas } from './compile-crd.js';
export { CrdDefinitionError } from './errors.js';
export { invalidStatus, type InvalidStatus } from './status.js';
export type {
  AdmitResult,
  CompiledCrd,
  CrdVersion,
  CustomResourceDefinition,
  JSONSchemaProps,
  StatusCause,
  ValidationRule,
} from './types.js';

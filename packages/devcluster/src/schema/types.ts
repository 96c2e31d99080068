// The shapes this module reads and returns: the Kubernetes OpenAPI v3 dialect of a CRD schema
// (apiextensions.k8s.io/v1 JSONSchemaProps), validation rules, and Status causes as the API server writes them.

export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export interface JSONSchemaProps {
  type?: string;
  format?: string;
  description?: string;
  title?: string;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  items?: JSONSchemaProps | JSONSchemaProps[];
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  example?: unknown;
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  multipleOf?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
  allOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  $ref?: string;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

export interface CrdVersion {
  name: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: Record<string, unknown>;
  additionalPrinterColumns?: unknown[];
}

/** The parts of an apiextensions.k8s.io/v1 CustomResourceDefinition this module reads. */
export interface CustomResourceDefinition {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
  spec: {
    group: string;
    names: { kind: string; plural: string; singular?: string; shortNames?: string[]; listKind?: string };
    scope?: string;
    versions: CrdVersion[];
  };
}

/** One entry of a Status' `details.causes`, as the API server writes it. */
export interface StatusCause {
  reason: string;
  message: string;
  field: string;
}

export interface AdmitResult {
  /** The object after pruning and defaulting: what the server stores when `causes` is empty. */
  object: Record<string, unknown>;
  /** Empty when the object is valid. */
  causes: StatusCause[];
}

export interface CompiledCrd {
  readonly group: string;
  readonly kind: string;
  /** The served versions, in CRD order. */
  readonly versions: readonly string[];
  /**
   * Prunes, defaults and validates `obj` as version `version` of this resource. `oldObj` is the stored object
   * for an update (enables transition rules and ratcheting), undefined for a create. Never throws.
   */
  admit(version: string, obj: unknown, oldObj: unknown): AdmitResult;
}

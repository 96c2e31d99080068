// The two CustomResourceDefinitions, built from the zod schemas. This is the only definition of the CRDs:
// `make manifests` writes these objects to config/crd/bases, and the Helm chart and tests use them too.
import { HTTP_SCALED_OBJECT, INTERCEPTOR_ROUTE } from './constants.js';
import { httpScaledObjectSpecSchema } from './http-scaled-object.js';
import { interceptorRouteSpecSchema } from './interceptor-route.js';
import { httpScaledObjectStatusSchema, interceptorRouteStatusSchema } from './status.js';
import { type JsonSchemaNode, toStructuralSchema } from './structural-schema.js';
import type { z } from 'zod';

export interface PrinterColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly jsonPath: string;
  readonly description?: string;
}

export interface CustomResourceDefinition {
  readonly apiVersion: 'apiextensions.k8s.io/v1';
  readonly kind: 'CustomResourceDefinition';
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly group: string;
    readonly names: {
      readonly kind: string;
      readonly listKind: string;
      readonly plural: string;
      readonly singular: string;
      readonly shortNames?: readonly string[];
    };
    readonly scope: 'Namespaced';
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly storage: boolean;
      readonly subresources: { readonly status: Record<string, never> };
      readonly additionalPrinterColumns: readonly PrinterColumn[];
      readonly schema: { readonly openAPIV3Schema: JsonSchemaNode };
    }[];
  };
}

const READY_COLUMN: PrinterColumn = {
  name: 'Ready',
  type: 'string',
  jsonPath: '.status.conditions[?(@.type=="Ready")].status',
};
const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };

interface KindNames {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames: readonly string[];
}

function crd(options: {
  names: KindNames;
  description: string;
  spec: z.ZodType;
  status: z.ZodType;
  columns: readonly PrinterColumn[];
}): CustomResourceDefinition {
  const { names } = options;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${names.plural}.${names.group}` },
    spec: {
      group: names.group,
      names: {
        kind: names.kind,
        listKind: names.listKind,
        plural: names.plural,
        singular: names.singular,
        ...(names.shortNames.length > 0 ? { shortNames: [...names.shortNames] } : {}),
      },
      scope: 'Namespaced',
      versions: [
        {
          name: names.version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: options.columns,
          schema: {
            openAPIV3Schema: {
              description: options.description,
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string', description: 'The versioned schema of this object.' },
                kind: { type: 'string', description: 'The REST resource this object represents.' },
                metadata: { type: 'object' },
                spec: toStructuralSchema(options.spec),
                status: toStructuralSchema(options.status),
              },
            },
          },
        },
      ],
    },
  };
}

/** Both CRDs, HTTPScaledObject first. Each call builds fresh objects. */
export function buildCrds(): readonly CustomResourceDefinition[] {
  return [
    crd({
      names: HTTP_SCALED_OBJECT,
      description:
        'Routes HTTP traffic for some hosts, paths and headers to a Service and scales its workload on that traffic.',
      spec: httpScaledObjectSpecSchema,
      status: httpScaledObjectStatusSchema,
      columns: [
        { name: 'TargetWorkload', type: 'string', jsonPath: '.status.targetWorkload' },
        { name: 'TargetService', type: 'string', jsonPath: '.status.targetService' },
        { name: 'MinReplicas', type: 'integer', jsonPath: '.spec.replicas.min' },
        { name: 'MaxReplicas', type: 'integer', jsonPath: '.spec.replicas.max' },
        AGE_COLUMN,
        READY_COLUMN,
      ],
    }),
    crd({
      names: INTERCEPTOR_ROUTE,
      description: 'Routes HTTP traffic matching its rules to a Service and reports the traffic for scaling.',
      spec: interceptorRouteSpecSchema,
      status: interceptorRouteStatusSchema,
      columns: [
        { name: 'TargetService', type: 'string', jsonPath: '.spec.target.service' },
        READY_COLUMN,
        AGE_COLUMN,
      ],
    }),
  ];
}

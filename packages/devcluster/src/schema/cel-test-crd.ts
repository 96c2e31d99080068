// The CRD the CEL rule tests admit objects against: one object field `target` carrying the rules under test,
// with fields of every interesting kind, and a helper that returns the causes of one admission.
import { compileCrdSchemas, type JSONSchemaProps, type StatusCause, type ValidationRule } from './index.js';

export function compileSpec(spec: JSONSchemaProps): ReturnType<typeof compileCrdSchemas> {
  return compileCrdSchemas({
    metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com',
      names: { kind: 'Gadget', plural: 'gadgets' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-validations': [
                {
                  rule: "!has(self.metadata.name) || !self.metadata.name.startsWith('forbidden-')",
                  message: 'that name is reserved',
                },
              ],
              properties: { metadata: { type: 'object' }, spec },
            },
          },
        },
      ],
    },
  });
}

/** A spec with one object `target` carrying `rules`, plus fields of every interesting kind. */
export function withRules(rules: ValidationRule[]): ReturnType<typeof compileCrdSchemas> {
  return compileSpec({
    type: 'object',
    properties: {
      target: {
        type: 'object',
        'x-kubernetes-validations': rules,
        properties: {
          service: { type: 'string' },
          port: { type: 'integer' },
          portName: { type: 'string' },
          weight: { type: 'number' },
          'x-name': { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          numbers: { type: 'array', items: { type: 'integer' } },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          start: { type: 'string', format: 'date-time' },
          end: { type: 'string', format: 'date-time' },
          every: { type: 'string', format: 'duration' },
          size: { 'x-kubernetes-int-or-string': true },
        },
      },
    },
  });
}

/** The causes of admitting `{spec: {target}}` (an update from `{spec: {target: old}}` when old is given). */
export function causesOf(
  compiled: ReturnType<typeof compileCrdSchemas>,
  target: unknown,
  old?: unknown,
): StatusCause[] {
  const object = (t: unknown): unknown => ({ metadata: { name: 'g' }, spec: { target: t } });
  return compiled.admit('v1', object(target), old === undefined ? undefined : object(old)).causes;
}

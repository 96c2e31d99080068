// StaticResponse: a response the interceptor writes itself, for cold-start placeholders and static routes.
import { z } from 'zod';
import { type CrossFieldRule, int32, withRules } from './schema-building.js';

/** Largest inline body, in characters (the API server counts characters, not bytes). */
export const MAX_STATIC_BODY_LENGTH = 32 * 1024;

export const BODY_EXCLUSIVE_MESSAGE = "must define either the 'body' or the 'bodyFromConfigMap', not both";

const bodyExclusive: CrossFieldRule<{ body?: unknown; bodyFromConfigMap?: unknown }> = {
  rule: '!(has(self.body) && has(self.bodyFromConfigMap))',
  message: BODY_EXCLUSIVE_MESSAGE,
  holds: (v) => !(v.body !== undefined && v.bodyFromConfigMap !== undefined),
};

export const configMapBodyRefSchema = z
  .object({
    name: z.string().min(1).meta({
      description: 'ConfigMap in the namespace of the route, labelled http.keda.sh/response-body: "true".',
    }),
    key: z.string().min(1).optional().meta({
      description:
        'Key holding the body. Without it the key is the request path without its leading slash (`/` reads index.html).',
    }),
  })
  .meta({
    description:
      'Read the body from a ConfigMap; Content-Type follows the extension of the key unless headers set it.',
  });

/** A StaticResponse schema; `defaultStatusCode` becomes the schema default of statusCode when given. */
export function staticResponseSchema(defaultStatusCode?: number) {
  const statusCode = int32().min(100).max(599);
  return withRules(
    z
      .object({
        statusCode: (defaultStatusCode === undefined
          ? statusCode.optional()
          : statusCode.default(defaultStatusCode)
        ).meta({ description: 'HTTP status code, 100-599.' }),
        body: z
          .string()
          .max(MAX_STATIC_BODY_LENGTH)
          .optional()
          .meta({ description: 'Inline body, at most 32 KiB. Exclusive with bodyFromConfigMap.' }),
        bodyFromConfigMap: configMapBodyRefSchema.optional(),
        headers: z
          .record(z.string(), z.string())
          .optional()
          .meta({ description: 'Response headers to set.' }),
      })
      .meta({ description: 'A response the interceptor writes without contacting the backend.' }),
    [bodyExclusive],
  );
}

export type StaticResponse = z.output<ReturnType<typeof staticResponseSchema>>;
export type ConfigMapBodyRef = z.output<typeof configMapBodyRefSchema>;

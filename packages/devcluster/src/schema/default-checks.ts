// The API server accepts a `default` only if it is already pruned (no fields the schema would drop) and valid
// against the schema of its own node.
import type { Ajv } from 'ajv';
import { invalid } from './field-errors.js';
import { asSchema, cloneJson, deepEqual } from './json-value.js';
import { compileOpenApiValidator } from './openapi-validator.js';
import { prune } from './prune.js';
import type { JSONSchemaProps, StatusCause } from './types.js';

interface Context {
  readonly causes: StatusCause[];
  readonly ajv: Ajv;
}

/** Problems with the defaults under `schema`; `ajv` compiles the per-node validators. */
export function defaultProblems(schema: JSONSchemaProps, path: string, ajv: Ajv): StatusCause[] {
  const ctx: Context = { causes: [], ajv };
  visit(schema, path, ctx);
  return ctx.causes;
}

function visit(node: JSONSchemaProps, path: string, ctx: Context): void {
  if (asSchema(node) === undefined) return;
  if (node.default !== undefined) check(node, path, ctx);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    visit(child, `${path}.properties[${name}]`, ctx);
  }
  const additional = asSchema(node.additionalProperties);
  if (additional) visit(additional, `${path}.additionalProperties`, ctx);
  const items = asSchema(node.items);
  if (items) visit(items, `${path}.items`, ctx);
}

function check(node: JSONSchemaProps, path: string, { causes, ajv }: Context): void {
  const pruned = cloneJson(node.default);
  prune(pruned, node);
  if (!deepEqual(pruned, node.default)) {
    causes.push(invalid(`${path}.default`, node.default, 'must not have unknown fields'));
    return;
  }
  let validate: (value: unknown) => { cause: StatusCause }[];
  try {
    validate = compileOpenApiValidator(node, { isRoot: false, ajv, pathPrefix: `${path}.default` });
  } catch {
    return; // the node's own problem is reported by the structural checks
  }
  causes.push(...validate(node.default).map((c) => c.cause));
}

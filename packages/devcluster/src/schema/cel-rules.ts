// x-kubernetes-validations: compiled once when the CRD is registered, evaluated on every admitted object with
// `self` (and `oldSelf` for transition rules, which are skipped when there is no old value, as on create).
// Failures are reported the way apiextensions-apiserver reports them: `Invalid value: "<schema type>": <message>`
// at the rule's node (plus its fieldPath), with the rule's reason; a rule that errors at run time is a cause too.
import type { CelInput } from '@bufbuild/cel';
import { compileExpression, isError, type CelProgram } from './cel-environment.js';
import { toCel } from './cel-values.js';
import {
  duplicate,
  forbidden,
  formatPath,
  invalid,
  notSupported,
  required,
  type PathSegment,
} from './field-errors.js';
import { asSchema, deepEqual, isObject } from './json-value.js';
import type { LocatedCause } from './openapi-validator.js';
import type { JSONSchemaProps, StatusCause, ValidationRule } from './types.js';

const REASONS = ['FieldValueInvalid', 'FieldValueForbidden', 'FieldValueRequired', 'FieldValueDuplicate'];

interface CompiledRule {
  readonly rule: ValidationRule;
  readonly program: CelProgram;
  readonly message: CelProgram | undefined;
  readonly usesOldSelf: boolean;
  readonly fieldPath: PathSegment[];
}

/** The compiled rules of one version's schema, keyed by schema node. */
export interface CompiledRules {
  readonly byNode: WeakMap<JSONSchemaProps, CompiledRule[]>;
  /** Nodes with a rule somewhere in their subtree; others are not walked. */
  readonly withRules: WeakSet<JSONSchemaProps>;
}

function parseFieldPath(text: string, schema: JSONSchemaProps): PathSegment[] | string {
  const segments: PathSegment[] = [];
  let node: JSONSchemaProps | undefined = schema;
  const token = /\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  let at = 0;
  while (at < text.length) {
    token.lastIndex = at;
    const m = token.exec(text);
    if (!m) return `expected ".name" or "['name']" at offset ${at}`;
    at = token.lastIndex;
    const name = m[1] ?? (m[2] as string).replace(/\\(.)/g, '$1');
    if (node?.properties && Object.hasOwn(node.properties, name)) {
      segments.push({ child: name });
      node = node.properties[name];
    } else if (asSchema(node?.additionalProperties)) {
      segments.push({ key: name });
      node = asSchema(node?.additionalProperties);
    } else {
      return `"${name}" is not a field of the schema at this point`;
    }
  }
  return segments.length > 0 ? segments : 'must not be empty';
}

/** Compiles every rule under `schema`. Problems are reported as causes under `path` (the schema's own path). */
export function compileRules(schema: JSONSchemaProps, path: string, causes: StatusCause[]): CompiledRules {
  const compiled: CompiledRules = { byNode: new WeakMap(), withRules: new WeakSet() };
  visit(schema, path);
  return compiled;

  function visit(node: JSONSchemaProps, at: string): boolean {
    if (asSchema(node) === undefined) return false;
    let found = false;
    const rules = node['x-kubernetes-validations'];
    if (Array.isArray(rules) && rules.length > 0) {
      const list: CompiledRule[] = [];
      rules.forEach((rule, i) => {
        const one = compileOne(rule, node, `${at}.x-kubernetes-validations[${i}]`, causes);
        if (one) list.push(one);
      });
      compiled.byNode.set(node, list);
      found = true;
    }
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      found = visit(child, `${at}.properties[${name}]`) || found;
    }
    const additional = asSchema(node.additionalProperties);
    if (additional) found = visit(additional, `${at}.additionalProperties`) || found;
    const items = asSchema(node.items);
    if (items) found = visit(items, `${at}.items`) || found;
    if (found) compiled.withRules.add(node);
    return found;
  }
}

function compileOne(
  rule: ValidationRule,
  node: JSONSchemaProps,
  path: string,
  causes: StatusCause[],
): CompiledRule | undefined {
  if (!isObject(rule) || typeof rule.rule !== 'string' || rule.rule.trim() === '') {
    causes.push(required(`${path}.rule`, ''));
    return undefined;
  }
  let program: CelProgram;
  let usesOldSelf: boolean;
  try {
    ({ program, usesOldSelf } = compileExpression(rule.rule));
  } catch (e) {
    causes.push(invalid(`${path}.rule`, rule.rule, `compilation failed: ${(e as Error).message}`));
    return undefined;
  }
  let message: CelProgram | undefined;
  if (rule.messageExpression !== undefined) {
    try {
      message = compileExpression(String(rule.messageExpression)).program;
    } catch (e) {
      causes.push(
        invalid(
          `${path}.messageExpression`,
          rule.messageExpression,
          `messageExpression compilation failed: ${(e as Error).message}`,
        ),
      );
    }
  }
  if (rule.message !== undefined && /[\r\n]/.test(String(rule.message))) {
    causes.push(invalid(`${path}.message`, rule.message, 'message must not contain line breaks'));
  }
  if (rule.reason !== undefined && !REASONS.includes(rule.reason)) {
    causes.push(notSupported(`${path}.reason`, rule.reason, REASONS));
  }
  let fieldPath: PathSegment[] = [];
  if (rule.fieldPath !== undefined) {
    const parsed = parseFieldPath(String(rule.fieldPath), node);
    if (typeof parsed === 'string') {
      causes.push(invalid(`${path}.fieldPath`, rule.fieldPath, `fieldPath must be a valid path: ${parsed}`));
    } else {
      fieldPath = parsed;
    }
  }
  return { rule, program, message, usesOldSelf, fieldPath };
}

function ruleErrorString(rule: ValidationRule): string {
  return (rule.message ?? '').trim() !== '' ? String(rule.message).trim() : rule.rule.trim();
}

function ruleMessageOrDefault(rule: ValidationRule): string {
  return (rule.message ?? '').trim() !== ''
    ? String(rule.message).trim()
    : `failed rule: ${ruleErrorString(rule)}`;
}

function errorForReason(
  reason: string | undefined,
  field: string,
  value: string,
  detail: string,
): StatusCause {
  switch (reason) {
    case 'FieldValueForbidden':
      return forbidden(field, detail);
    case 'FieldValueRequired':
      return required(field, detail);
    case 'FieldValueDuplicate':
      return duplicate(field, value);
    default:
      return invalid(field, value, detail);
  }
}

interface Walk {
  readonly rules: CompiledRules;
  readonly hasOld: boolean;
  readonly out: LocatedCause[];
}

/** Evaluates every rule against `value` (and `old`, the stored object on an update). */
export function evaluateRules(
  rules: CompiledRules,
  schema: JSONSchemaProps,
  value: unknown,
  old: unknown,
): LocatedCause[] {
  const walk: Walk = { rules, hasOld: old !== undefined, out: [] };
  visitValue(walk, schema, value, old, [], true);
  return walk.out;
}

function visitValue(
  walk: Walk,
  schema: JSONSchemaProps | undefined,
  value: unknown,
  old: unknown,
  at: PathSegment[],
  isRoot: boolean,
): void {
  if (schema === undefined || value === null || value === undefined || !walk.rules.withRules.has(schema))
    return;
  for (const compiled of walk.rules.byNode.get(schema) ?? []) {
    evaluateOne(walk, compiled, schema, { value, old, at, isRoot });
  }
  if (Array.isArray(value)) {
    const items = asSchema(schema.items);
    const keys =
      schema['x-kubernetes-list-type'] === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []) : undefined;
    value.forEach((item, i) => {
      const oldItem: unknown =
        keys && Array.isArray(old) && isObject(item)
          ? (old as unknown[]).find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])))
          : undefined;
      visitValue(walk, items, item, oldItem, [...at, { index: i }], false);
    });
    return;
  }
  if (!isObject(value)) return;
  const oldObject = isObject(old) ? old : undefined;
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (Object.hasOwn(value, name))
      visitValue(walk, prop, value[name], oldObject?.[name], [...at, { child: name }], false);
  }
  const additional = asSchema(schema.additionalProperties);
  if (additional) {
    for (const [key, v] of Object.entries(value)) {
      visitValue(walk, additional, v, oldObject?.[key], [...at, { key }], false);
    }
  }
}

function evaluateOne(
  walk: Walk,
  compiled: CompiledRule,
  schema: JSONSchemaProps,
  node: { value: unknown; old: unknown; at: PathSegment[]; isRoot: boolean },
): void {
  const { rule, usesOldSelf } = compiled;
  const hasOldValue = walk.hasOld && node.old !== undefined;
  if (usesOldSelf && !hasOldValue) return;
  // Ratcheting: a rule that does not look at oldSelf is not re-checked on a value the update left unchanged.
  if (!usesOldSelf && hasOldValue && deepEqual(node.value, node.old)) return;
  const bindings: Record<string, CelInput> = usesOldSelf
    ? { self: toCel(node.value, schema, node.isRoot), oldSelf: toCel(node.old, schema, node.isRoot) }
    : { self: toCel(node.value, schema, node.isRoot) };
  const result = compiled.program(bindings);
  const typeName = schema['x-kubernetes-int-or-string'] ? '' : (schema.type ?? '');
  if (isError(result)) {
    const text = result.message;
    const detail = /no (such|matching) overload/.test(text)
      ? `'${text}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
      : `${text} evaluating rule: ${ruleErrorString(rule)}`;
    walk.out.push({ cause: invalid(formatPath(node.at), typeName, detail), at: undefined });
    return;
  }
  if (result === true) return;
  let detail = ruleMessageOrDefault(rule);
  if (compiled.message) {
    const message = compiled.message(bindings);
    if (typeof message === 'string' && message.trim() !== '' && !/[\r\n]/.test(message))
      detail = message.trim();
  }
  const at = [...node.at, ...compiled.fieldPath];
  walk.out.push({ cause: errorForReason(rule.reason, formatPath(at), typeName, detail), at: undefined });
}

// Whole-object validation: unknown in, a typed object with defaults applied or a list of issues out. Each
// issue names the field path, in the form the API server uses (`spec.rules[0].paths[1].value`), so the
// operator can put the messages straight into an InvalidSpec condition.
import type { z } from 'zod';
import { httpScaledObjectSchema, type HTTPScaledObject } from './http-scaled-object.js';
import { interceptorRouteSchema, type InterceptorRoute } from './interceptor-route.js';

export interface ValidationIssue {
  /** Field path such as `spec.scaleTargetRef`; empty for the object itself. */
  readonly path: string;
  /** The message, starting with the path: `spec.scaleTargetRef: must define either the 'portName' or the 'port'`. */
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

export function validateHTTPScaledObject(input: unknown): ValidationResult<HTTPScaledObject> {
  return validateWith(httpScaledObjectSchema, input);
}

export function validateInterceptorRoute(input: unknown): ValidationResult<InterceptorRoute> {
  return validateWith(interceptorRouteSchema, input);
}

/** Joins issues into one line, e.g. for a condition message. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => i.message).join('; ');
}

/** Validates with any schema of this package and reports issues the same way. */
export function validateWith<S extends z.ZodType>(schema: S, input: unknown): ValidationResult<z.output<S>> {
  const result = schema.safeParse(input, { error: describeIssue });
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => {
      const path = formatPath(issue.path);
      return { path, message: path === '' ? issue.message : `${path}: ${issue.message}` };
    }),
  };
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

type RawIssue = z.core.$ZodRawIssue;

function describeIssue(issue: RawIssue): string | undefined {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `expected ${issue.expected === 'int' ? 'an integer' : issue.expected}, got ${got}`;
    case 'too_small':
      return bound(issue.origin, '>=', '>', 'at least', issue.minimum, issue.inclusive, got);
    case 'too_big':
      return bound(issue.origin, '<=', '<', 'at most', issue.maximum, issue.inclusive, got);
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    case 'invalid_format':
      return `must match ${issue.pattern ?? issue.format}, got ${got}`;
    default:
      return undefined;
  }
}

function bound(
  origin: string,
  inclusiveOp: string,
  exclusiveOp: string,
  words: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  got: string,
): string {
  if (origin === 'string') {
    return limit === 1 && words === 'at least'
      ? 'must not be empty'
      : `must be ${words} ${limit} characters long`;
  }
  if (origin === 'array') return `must have ${words} ${limit} item${limit === 1 ? '' : 's'}`;
  return `must be ${inclusive === false ? exclusiveOp : inclusiveOp} ${limit}, got ${got}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return typeof value;
}

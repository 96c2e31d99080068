// Status causes worded the way k8s.io/apimachinery/pkg/util/validation/field words its errors, so that kubectl
// prints what a real cluster prints. A cause's message is the error body ("Invalid value: ...: detail"); the
// field path is separate.
import type { StatusCause } from './types.js';

/** A path segment: a property or map key (printed `.name` or `[key]`) or a list index (printed `[0]`). */
export type PathSegment = { child: string } | { key: string } | { index: number };

/**
 * Prints a path as field.Path does. The root itself has no path: Go prints its nil *Path as "<nil>", and so do
 * the causes a real server reports for the whole object.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return '<nil>';
  let out = '';
  for (const s of segments) {
    if ('index' in s) out += `[${s.index}]`;
    else if ('key' in s) out += `[${s.key}]`;
    else out += out === '' ? s.child : `.${s.child}`;
  }
  return out;
}

/** Formats a value the way Go's fmt prints the interface{} values of a decoded JSON object. */
export function goValue(value: unknown, nested = false): string {
  if (value === null || value === undefined) return nested ? '<nil>' : 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map((v) => goValue(v, true)).join(', ')}}`;
  if (typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goValue((value as Record<string, unknown>)[k], true)}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return JSON.stringify(typeof value === 'symbol' ? value.toString() : typeof value);
}

/** The JSON type name kube-openapi reports for a value ("string", "integer", "number", "object", ...). */
export function jsonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withDetail(body: string, detail: string | undefined): string {
  return detail ? `${body}: ${detail}` : body;
}

export function required(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueRequired', message: withDetail('Required value', detail), field };
}

export function invalid(field: string, value: unknown, detail?: string): StatusCause {
  return {
    reason: 'FieldValueInvalid',
    message: withDetail(`Invalid value: ${goValue(value)}`, detail),
    field,
  };
}

export function typeInvalid(field: string, value: unknown, detail?: string): StatusCause {
  return {
    reason: 'FieldValueTypeInvalid',
    message: withDetail(`Invalid value: ${goValue(value)}`, detail),
    field,
  };
}

export function notSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const detail =
    supported.length > 0 ? `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return {
    reason: 'FieldValueNotSupported',
    message: withDetail(`Unsupported value: ${goValue(value)}`, detail),
    field,
  };
}

export function tooLong(field: string, maxLength: number): StatusCause {
  const detail =
    maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? 'byte' : 'bytes'}` : '';
  return {
    reason: 'FieldValueTooLong',
    message: withDetail('Too long', detail || 'value is too long'),
    field,
  };
}

export function tooMany(field: string, actual: number, max: number): StatusCause {
  const detail = max >= 0 ? `must have at most ${max} items` : 'has too many items';
  return { reason: 'FieldValueTooMany', message: `Too many: ${actual}: ${detail}`, field };
}

export function duplicate(field: string, value: unknown): StatusCause {
  return { reason: 'FieldValueDuplicate', message: `Duplicate value: ${goValue(value)}`, field };
}

export function forbidden(field: string, detail?: string): StatusCause {
  return { reason: 'FieldValueForbidden', message: withDetail('Forbidden', detail), field };
}

/** The one-line `Error()` form of a cause, as Go prints a field.Error: "<field>: <body>". */
export function causeText(cause: StatusCause): string {
  return `${cause.field}: ${cause.message}`;
}

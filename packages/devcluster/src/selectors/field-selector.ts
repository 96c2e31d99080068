// Field selectors as the API server reads them from `?fieldSelector=` (k8s.io/apimachinery/pkg/fields).
// Terms are `path=value`, `path==value` or `path!=value`, separated by commas (AND). In a value, "\\", "\,"
// and "\=" escape those characters. A path is a dotted path into the object (`metadata.name`, `spec.nodeName`,
// `involvedObject.name`, `type`); which paths a resource supports is the API server's decision.
import { SelectorParseError } from './errors.js';

export interface FieldRequirement {
  readonly field: string;
  readonly operator: '=' | '!=';
  readonly value: string;
}

export interface FieldMatcher {
  readonly requirements: readonly FieldRequirement[];
  /** True when the object satisfies every term. A missing field reads as "". */
  matches(object: unknown): boolean;
  toString(): string;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (ch === '\\' && i + 1 < text.length) {
      current += ch + (text[i + 1] as string);
      i += 1;
    } else if (ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

function unescape(value: string): string | undefined {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i] as string;
    if (ch !== '\\') {
      if (ch === ',' || ch === '=') return undefined;
      out += ch;
      continue;
    }
    const escaped = value[i + 1];
    if (escaped !== '\\' && escaped !== ',' && escaped !== '=') return undefined;
    out += escaped;
    i += 1;
  }
  return out;
}

function escape(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** Reads a dotted path from an object as the string a field selector compares against. */
export function fieldValue(object: unknown, path: string): string {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return '';
    current = (current as Record<string, unknown>)[segment];
  }
  if (typeof current === 'string') return current;
  if (typeof current === 'number' || typeof current === 'boolean' || typeof current === 'bigint') {
    return String(current);
  }
  return '';
}

/** Parses a field selector string. Throws SelectorParseError naming the bad term. */
export function parseFieldSelector(text: string): FieldMatcher {
  const requirements: FieldRequirement[] = [];
  const fail = (fragment: string, reason: string): never => {
    throw new SelectorParseError({ kind: 'field', selector: text, fragment, reason });
  };
  for (const term of splitUnescaped(text, ',').sort()) {
    if (term === '') continue;
    const op = findOperator(term);
    if (!op) fail(term, 'expected "field=value", "field==value" or "field!=value"');
    const { index, symbol } = op as { index: number; symbol: string };
    const field = term.slice(0, index);
    const rawValue = term.slice(index + symbol.length);
    if (field.length === 0) fail(term, 'the field name must not be empty');
    const value = unescape(rawValue);
    if (value === undefined) fail(term, 'invalid escape sequence: only "\\\\", "\\," and "\\=" are allowed');
    requirements.push({ field, operator: symbol === '!=' ? '!=' : '=', value: value as string });
  }
  const shown = requirements.map((r) => `${r.field}${r.operator}${escape(r.value)}`).join(',');
  return {
    requirements,
    matches: (object) =>
      requirements.every((r) => (fieldValue(object, r.field) === r.value) === (r.operator === '=')),
    toString: () => shown,
  };
}

function findOperator(term: string): { index: number; symbol: string } | undefined {
  for (let i = 0; i < term.length; i += 1) {
    const ch = term[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (term.startsWith('!=', i)) return { index: i, symbol: '!=' };
    if (term.startsWith('==', i)) return { index: i, symbol: '==' };
    if (ch === '=') return { index: i, symbol: '=' };
  }
  return undefined;
}

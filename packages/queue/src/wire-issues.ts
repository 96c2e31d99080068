// Turns zod issues for a received body into one readable line that names each offending field and the value
// found there, e.g. `body["default/app"].Concurrency: expected a non-negative integer, got -1`.
import type { z } from 'zod';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function describeIssues(issues: readonly z.core.$ZodIssue[], body: unknown): string {
  return issues.map((issue) => describeIssue(issue, body)).join('; ');
}

function describeIssue(issue: z.core.$ZodIssue, body: unknown): string {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'invalid_key') {
    const key = path[path.length - 1];
    return `${render(path.slice(0, -1))}: key ${JSON.stringify(key)}: expected a key like namespace/name`;
  }
  return `${render(path)}: ${issue.message}, got ${show(valueAt(body, path))}`;
}

function render(path: readonly (string | number)[]): string {
  let out = 'body';
  for (const p of path)
    out += typeof p === 'string' && IDENTIFIER.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`;
  return out;
}

function valueAt(body: unknown, path: readonly (string | number)[]): unknown {
  let v = body;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

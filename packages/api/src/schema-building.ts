// Building blocks for the CRD schemas. Every piece of Kubernetes metadata (descriptions, CEL rules, list
// markers) is attached to the zod schema itself, so that validation in TypeScript and the generated CRD YAML
// come from one definition and cannot drift apart.
import { z } from 'zod';

/**
 * A rule that relates several fields of one object. It is written twice on purpose, once as CEL for the API
 * server and once as a TypeScript predicate for zod, and the CEL agreement test checks both on a table of
 * objects. The message is the same in both places.
 */
export interface CrossFieldRule<T> {
  readonly rule: string;
  readonly message: string;
  readonly holds: (value: T) => boolean;
}

/** Attaches cross-field rules to an object schema: zod refinements plus `x-kubernetes-validations`. */
export function withRules<S extends z.ZodObject>(
  schema: S,
  rules: readonly CrossFieldRule<z.output<S>>[],
): S {
  let checked = schema;
  for (const r of rules) checked = checked.refine(r.holds, { message: r.message });
  return checked.meta({
    'x-kubernetes-validations': rules.map(({ rule, message }) => ({ rule, message })),
  });
}

/** `x-kubernetes-list-type: map` keyed by the given fields. */
export function listMap(...keys: [string, ...string[]]): Record<string, unknown> {
  return { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': keys };
}

/** `x-kubernetes-list-type` set or atomic. */
export function listType(type: 'set' | 'atomic'): Record<string, unknown> {
  return { 'x-kubernetes-list-type': type };
}

/** A 32-bit integer (`format: int32` in the CRD). */
export function int32(): z.ZodNumber {
  return z.int32();
}

/** A TCP port number, 1-65535. */
export function portNumber(): z.ZodNumber {
  return z.int32().min(1).max(65535);
}

/** A Go-style duration: `0`, or numbers with units such as `500ms`, `1m30s`. Mirrors parseDuration. */
export const DURATION_PATTERN = /^(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$/;

export function duration(): z.ZodString {
  return z.string().regex(DURATION_PATTERN, {
    error: (issue) => `expected a duration like 500ms, 5s or 1m, got ${JSON.stringify(issue.input)}`,
  });
}

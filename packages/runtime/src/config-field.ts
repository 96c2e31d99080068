// One configuration setting read from one environment variable. A field knows its variable's name, its
// deprecated names, its default, one sentence of description, whether it is secret, how to turn the raw
// string into a value (a zod schema, so a deployable's whole config is one z.object), and how to show itself
// in the generated docs and in /config. The typed builders (duration, boolean, …) are in config-types.ts.
import { z } from 'zod';
import { ConfigDefinitionError } from './errors.js';

export interface ConfigField<T> {
  readonly env: string;
  readonly description: string;
  readonly deprecatedNames: readonly string[];
  /** When set, a deprecated name whose value passes `when` wins over `env` (see CommonOptions). */
  readonly deprecatedOverride: DeprecatedOverride<T> | undefined;
  readonly secret: boolean;
  readonly required: boolean;
  /** The type as the docs show it, e.g. "duration (bare number: seconds)". */
  readonly type: string;
  /** The default as the docs show it; undefined when there is none. */
  readonly defaultText: string | undefined;
  /** Raw value (undefined when the variable is unset or empty) → typed value, or an issue naming the value. */
  readonly schema: z.ZodType<T, string | undefined>;
  /** The value as /config shows it (before redaction). */
  show(value: T): unknown;
}

/** A rule by which a deprecated name takes precedence over the current one. */
export interface DeprecatedOverride<T> {
  /** True for values of the deprecated variable that win. A method, so fields stay covariant in T. */
  when(value: T): boolean;
  /** Completes "wins when …" in the docs and the warning, e.g. "above 0". */
  description: string;
}

/** Options every field takes; T is the field's value type. */
export interface CommonOptions<T = unknown> {
  /** The environment variable, e.g. KEDA_HTTP_PROXY_PORT. */
  env: string;
  /** One sentence for the docs. */
  description: string;
  /** Older names still read (with a warning) when `env` is unset. */
  deprecatedNames?: readonly string[];
  /**
   * Normally the current name wins when both are set. With this, a deprecated name whose value passes
   * `when` wins instead (upstream's rule for KEDA_CONDITION_WAIT_TIMEOUT: it wins when set above 0).
   */
  deprecatedOverride?: DeprecatedOverride<T>;
  /** Redacted in /config. */
  secret?: boolean;
  /** Start-up fails when the variable is unset. Exclusive with a default. */
  required?: boolean;
}

/** The value type of a field built from options `O`: `T`, or `T | undefined` when it has no default. */
export type FieldValue<O, T> = O extends { default: unknown }
  ? T
  : O extends { required: true }
    ? T
    : T | undefined;

/** The outcome of parsing a raw string: the value, or what was expected (for "expected X, got "raw""). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

export interface FieldKind<T> {
  type: string;
  parse: (raw: string) => Parsed<T>;
  show?: (value: T) => unknown;
}

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Builds a field from the common options, an optional (already typed) default, and the kind's parser. */
export function makeField<T>(
  options: CommonOptions<T>,
  kind: FieldKind<T>,
  defaults: { value: T; text: string } | undefined,
): ConfigField<T | undefined> {
  const { env, description, deprecatedNames = [], secret = false, required = false } = options;
  for (const name of [env, ...deprecatedNames]) {
    if (!ENV_NAME.test(name))
      throw new ConfigDefinitionError({ problem: `"${name}" is not an env var name` });
  }
  if (required && defaults !== undefined) {
    throw new ConfigDefinitionError({ problem: `${env} is required and has a default; pick one` });
  }
  if (description.trim() === '') throw new ConfigDefinitionError({ problem: `${env} has no description` });
  const schema = z
    .string()
    .optional()
    .transform((raw, ctx): T | undefined => {
      if (raw === undefined || raw === '') {
        if (required) ctx.issues.push({ code: 'custom', message: 'required, but not set', input: raw });
        return defaults?.value;
      }
      const parsed = kind.parse(raw);
      if (parsed.ok) return parsed.value;
      ctx.issues.push({
        code: 'custom',
        message: `expected ${parsed.expected}, got ${JSON.stringify(raw)}`,
        input: raw,
      });
      return z.NEVER;
    });
  const show = kind.show ?? ((v: T) => v);
  return {
    env,
    description,
    deprecatedNames,
    deprecatedOverride: options.deprecatedOverride,
    secret,
    required,
    type: secret ? `${kind.type}, secret` : kind.type,
    defaultText: defaults?.text,
    schema,
    show: (value) => (value === undefined ? null : show(value)),
  };
}

/** Parses a default given in the same syntax as the variable; a bad one is a definition error. */
export function defaultFromText<T>(
  env: string,
  kind: FieldKind<T>,
  text: string,
): { value: T; text: string } {
  const parsed = kind.parse(text);
  if (!parsed.ok) {
    throw new ConfigDefinitionError({
      problem: `${env}: default ${JSON.stringify(text)} is not ${parsed.expected}`,
    });
  }
  return { value: parsed.value, text };
}

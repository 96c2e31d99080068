// One config schema per deployable (DESIGN habit 8): a named set of fields, parsed once from an env object
// into a frozen config. Every problem is reported at once, one line each, naming the variable that was read:
//   KEDA_HTTP_X: expected a duration like 500ms, got "abc"
// parseConfig never reads process.env: the deployable's config.ts passes it in.
import { z } from 'zod';
import type { ConfigField } from './config-field.js';
import { ConfigDefinitionError, ConfigInvalidError } from './errors.js';

/** A field of any value type (show() is a method, so ConfigField<T> is assignable to this). */
export type AnyField = ConfigField<unknown>;
export type ConfigFields = Record<string, AnyField>;

export interface ConfigSchema<F extends ConfigFields = ConfigFields> {
  readonly kind: 'keda-http/config-schema';
  /** Used as the section title in docs/configuration.md, e.g. "interceptor". */
  readonly name: string;
  /** One or two sentences under the section title. */
  readonly description: string;
  readonly fields: Readonly<F>;
  /** The raw env strings (keyed like `fields`) → typed config. */
  readonly zod: z.ZodType<ConfigValues<F>, Record<string, string | undefined>>;
}

export type ConfigValues<F extends ConfigFields> = {
  readonly [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never;
};

/** A deprecated name was used. */
export interface ConfigWarning {
  /** The deprecated variable that was set. */
  variable: string;
  /** The variable to use instead. */
  replacement: string;
  message: string;
}

export interface LoadedConfig<F extends ConfigFields> {
  readonly config: Readonly<ConfigValues<F>>;
  readonly warnings: readonly ConfigWarning[];
}

export function defineConfig<F extends ConfigFields>(definition: {
  name: string;
  description: string;
  fields: F;
}): ConfigSchema<F> {
  const seen = new Map<string, string>();
  for (const [key, field] of Object.entries(definition.fields)) {
    for (const name of [field.env, ...field.deprecatedNames]) {
      const other = seen.get(name);
      if (other !== undefined) {
        throw new ConfigDefinitionError({ problem: `${name} is used by both "${other}" and "${key}"` });
      }
      seen.set(name, key);
    }
  }
  const shape = Object.fromEntries(
    Object.entries(definition.fields).map(([key, field]) => [key, field.schema]),
  );
  return Object.freeze({
    kind: 'keda-http/config-schema',
    name: definition.name,
    description: definition.description,
    fields: Object.freeze({ ...definition.fields }),
    zod: z.object(shape) as unknown as ConfigSchema<F>['zod'],
  });
}

/** The fields of a schema as [key, field] pairs, in declaration order. */
export function fieldEntries(schema: ConfigSchema<ConfigFields>): [string, AnyField][] {
  return Object.entries(schema.fields as ConfigFields);
}

/** True for a value made by defineConfig (checked by shape, so two copies of this module agree). */
export function isConfigSchema(value: unknown): value is ConfigSchema {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { kind?: unknown }).kind === 'keda-http/config-schema'
  );
}

/**
 * Reads every field from `env`. A field's own variable wins; when it is unset (or empty), the first deprecated
 * name that is set is used, with a warning. The exception is a field with a deprecatedOverride: a deprecated
 * name whose value passes it wins even over the current name. Throws ConfigInvalidError listing every bad
 * or missing value.
 */
export function parseConfig<F extends ConfigFields>(
  schema: ConfigSchema<F>,
  env: Readonly<Record<string, string | undefined>>,
): LoadedConfig<F> {
  const raw: Record<string, string | undefined> = {};
  const source: Record<string, string> = {};
  const warnings: ConfigWarning[] = [];
  const isSet = (name: string) => env[name] !== undefined && env[name] !== '';
  for (const [key, field] of fieldEntries(schema)) {
    const setOld = field.deprecatedNames.filter(isSet);
    const override = field.deprecatedOverride;
    const overriding = setOld.find((old) => {
      if (override === undefined) return false;
      const value = field.schema.safeParse(env[old]);
      return value.success && override.when(value.data);
    });
    const used = overriding ?? (isSet(field.env) ? field.env : setOld[0]) ?? field.env;
    source[key] = used;
    raw[key] = env[used];
    for (const old of setOld) {
      const message =
        old !== used
          ? `${old} is deprecated and ignored, because ${used} is set`
          : old === overriding && isSet(field.env)
            ? `${old} is deprecated; use ${field.env}. It wins over ${field.env} because it is ${override?.description}`
            : `${old} is deprecated; use ${field.env}`;
      warnings.push({ variable: old, replacement: field.env, message });
    }
  }
  const parsed = schema.zod.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      return `${source[key] ?? key}: ${issue.message}`;
    });
    throw new ConfigInvalidError({ problems });
  }
  return { config: Object.freeze(parsed.data), warnings: Object.freeze(warnings) };
}

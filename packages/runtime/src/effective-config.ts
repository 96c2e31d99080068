// The effective settings as /config shows them. Upstream's admin servers answer /config with
// `{"configs": [ {…one config struct…}, … ]}`, one flat object per config struct, keyed by Go field name.
// This port keeps the envelope and keys each object by environment variable name instead (the names users
// know; the Go field names were never part of the contract). Durations are shown in Go syntax ("500ms"),
// unset optional settings as null, and secrets that are set as "[redacted]".
import { fieldEntries, type ConfigFields, type ConfigSchema, type ConfigValues } from './config-schema.js';

declare const redactedBrand: unique symbol;

/** A config rendered for display with its secrets removed; only redactConfig makes one. */
export type RedactedConfig = Readonly<Record<string, unknown>> & { readonly [redactedBrand]: true };

export const REDACTED = '[redacted]';

export function redactConfig<F extends ConfigFields>(
  schema: ConfigSchema<F>,
  config: ConfigValues<F>,
): RedactedConfig {
  const out: Record<string, unknown> = {};
  for (const [key, field] of fieldEntries(schema)) {
    const value: unknown = config[key as keyof F];
    out[field.env] = field.secret && value !== undefined ? REDACTED : field.show(value);
  }
  return Object.freeze(out) as RedactedConfig;
}

/** The /config response body. */
export function configEndpointBody(configs: readonly RedactedConfig[]): {
  configs: readonly RedactedConfig[];
} {
  return { configs };
}

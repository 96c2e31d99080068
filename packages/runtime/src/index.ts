export {
  CodedError,
  defineError,
  hasCode,
  type DefinedError,
  type DefinedErrorClass,
} from './coded-error.js';
export {
  ConfigDefinitionError,
  ConfigInvalidError,
  DuplicateCheckError,
  PhaseDeadlineError,
} from './errors.js';
export type { CommonOptions, ConfigField, FieldValue } from './config-field.js';
export {
  boolean,
  custom,
  duration,
  integer,
  list,
  oneOf,
  port,
  string,
  url,
  type BooleanOptions,
  type CustomOptions,
  type DurationOptions,
  type DurationUnit,
  type IntegerOptions,
  type ListOptions,
  type OneOfOptions,
  type PortOptions,
  type StringOptions,
  type UrlOptions,
} from './config-types.js';
export {
  defineConfig,
  isConfigSchema,
  parseConfig,
  type ConfigFields,
  type ConfigSchema,
  type ConfigValues,
  type ConfigWarning,
  type LoadedConfig,
} from './config-schema.js';
export { REDACTED, configEndpointBody, redactConfig, type RedactedConfig } from './effective-config.js';
export { renderConfigDocs } from './config-docs.js';
export { LOG_LEVELS, createLogger, type LogLevel, type Logger, type LoggerOptions } from './logger.js';
export {
  createReadiness,
  type CheckResult,
  type NamedCheck,
  type Readiness,
  type ReadinessCheck,
  type ReadinessOptions,
  type ReadinessReport,
} from './readiness.js';
export { buildAdminServer, type AdminServerOptions } from './admin-server.js';
export { addMetricsRoute, createMetricsRegistry, type MetricsRegistryOptions } from './metrics.js';
export {
  createShutdown,
  type PhaseOutcome,
  type PhaseReport,
  type Shutdown,
  type ShutdownOptions,
  type ShutdownPhase,
} from './shutdown.js';

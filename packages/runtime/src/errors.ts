// The runtime package's own error catalogue.
import { defineError } from './coded-error.js';

/** One or more environment variables have bad values; the message is one line per problem. */
export const ConfigInvalidError = defineError<{ problems: readonly string[] }>(
  'RUNTIME_CONFIG_INVALID',
  ({ problems }) => problems.join('\n'),
  'ConfigInvalidError',
);

/** A config schema itself is wrong (a programming error, found when the schema is defined). */
export const ConfigDefinitionError = defineError<{ problem: string }>(
  'RUNTIME_CONFIG_DEFINITION',
  ({ problem }) => `config schema: ${problem}`,
  'ConfigDefinitionError',
);

/** The abort reason given to a shutdown phase that ran past its deadline. */
export const PhaseDeadlineError = defineError<{ phase: string; deadlineMs: number }>(
  'RUNTIME_PHASE_DEADLINE',
  ({ phase, deadlineMs }) => `shutdown phase "${phase}" ran past its deadline of ${deadlineMs} ms`,
  'PhaseDeadlineError',
);

/** A readiness check name was registered twice. */
export const DuplicateCheckError = defineError<{ name: string }>(
  'RUNTIME_DUPLICATE_CHECK',
  ({ name }) => `a readiness check named "${name}" is already registered`,
  'DuplicateCheckError',
);

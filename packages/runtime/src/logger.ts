// The pino logger factory. There is no module-level logger anywhere: each deployable's main.ts creates one
// and passes it (or children of it) down. By default it writes one JSON object per line to stdout,
// synchronously, so nothing is lost when main.ts exits right after its last line.
import { pino, type DestinationStream, type Logger } from 'pino';
import { createPrettyStream } from './pretty-stream.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type { Logger };

export interface LoggerOptions {
  /** The component, written as "name" on every line, e.g. "interceptor". */
  name: string;
  /** Default "info". */
  level?: LogLevel;
  /** One human-readable line per entry instead of JSON (for a terminal). */
  pretty?: boolean;
  /** Where lines go; default stdout. Tests pass their own. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.pretty ? createPrettyStream(destination) : destination,
  );
}

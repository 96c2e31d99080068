// A small human-readable rendering of the logger's JSON lines, for running a deployable in a terminal:
//   12:04:05.123 INFO  interceptor: proxy listening port=8080
// It needs no extra package (pino-pretty would run in a worker thread and is not a dependency here).
import type { DestinationStream } from 'pino';

const HIDDEN = new Set(['time', 'level', 'name', 'msg', 'pid', 'hostname', 'err']);

export function createPrettyStream(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      out.write(`${formatLine(line)}\n`);
    },
  };
}

/** Renders one JSON log line; anything that is not a JSON object is passed through as it is. */
export function formatLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line.trimEnd();
    entry = parsed as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const time = typeof entry['time'] === 'string' ? entry['time'].slice(11, 23) : '';
  const level = (typeof entry['level'] === 'string' ? entry['level'] : '').toUpperCase().padEnd(5);
  const name = typeof entry['name'] === 'string' ? `${entry['name']}: ` : '';
  const msg = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = entry['err'] as { stack?: unknown; message?: unknown } | undefined;
  const errText =
    err === undefined ? '' : `\n    ${String(err.stack ?? err.message).replace(/\n/g, '\n    ')}`;
  return `${[time, level, `${name}${msg}`, ...fields].filter((s) => s !== '').join(' ')}${errText}`;
}

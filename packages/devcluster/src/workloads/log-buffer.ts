// A container's output, kept for `kubectl logs`: stdout and stderr as timestamped lines, bounded in bytes
// (the oldest lines go first), optionally appended to a file too, with followers for `?follow=true`.
import { appendFileSync } from 'node:fs';

export interface LogLine {
  readonly time: Date;
  readonly text: string;
}

export interface LogReadOptions {
  readonly tailLines?: number;
  readonly sinceTime?: Date;
  readonly timestamps?: boolean;
  readonly limitBytes?: number;
}

export interface LogBuffer {
  write(chunk: Buffer | string): void;
  /** Flushes a partial last line and tells followers the output has ended. */
  end(): void;
  readonly ended: boolean;
  read(options?: LogReadOptions): string;
  /** Calls `listener` with each new line (formatted) until the log ends (`listener(undefined)`). */
  follow(listener: (text: string | undefined) => void, timestamps?: boolean): () => void;
}

export const formatLogLine = (line: LogLine, timestamps = false): string =>
  `${timestamps ? `${line.time.toISOString()} ` : ''}${line.text}\n`;

export function createLogBuffer(options: { maxBytes?: number; teeFile?: string } = {}): LogBuffer {
  const maxBytes = options.maxBytes ?? 1024 * 1024;
  const lines: LogLine[] = [];
  let bytes = 0;
  let partial = '';
  let ended = false;
  const followers = new Set<{ listener: (text: string | undefined) => void; timestamps: boolean }>();

  function push(text: string): void {
    const line = { time: new Date(), text };
    lines.push(line);
    bytes += text.length + 1;
    while (bytes > maxBytes && lines.length > 1) bytes -= (lines.shift() as LogLine).text.length + 1;
    for (const f of followers) f.listener(formatLogLine(line, f.timestamps));
  }

  return {
    write(chunk) {
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      if (options.teeFile !== undefined) {
        try {
          appendFileSync(options.teeFile, text);
        } catch {
          // The log directory is a convenience; the in-memory log is what `kubectl logs` reads.
        }
      }
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      for (const p of parts) push(p);
    },
    end() {
      if (ended) return;
      if (partial !== '') push(partial);
      partial = '';
      ended = true;
      for (const f of followers) f.listener(undefined);
      followers.clear();
    },
    get ended() {
      return ended;
    },
    read(o = {}) {
      let selected = o.sinceTime === undefined ? lines : lines.filter((l) => l.time >= (o.sinceTime as Date));
      if (o.tailLines !== undefined) selected = selected.slice(Math.max(0, selected.length - o.tailLines));
      const text = selected.map((l) => formatLogLine(l, o.timestamps)).join('');
      return o.limitBytes === undefined ? text : Buffer.from(text).subarray(0, o.limitBytes).toString('utf8');
    },
    follow(listener, timestamps = false) {
      if (ended) {
        listener(undefined);
        return () => undefined;
      }
      const follower = { listener, timestamps };
      followers.add(follower);
      return () => followers.delete(follower);
    },
  };
}

// Runs a real child process for a test (a built deployable, devcluster's CLI) with its output captured, so a
// test can wait for a line, read the log on failure, and stop it with a signal and see how it exited.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { GiveUp, waitFor } from './wait-for.js';

export interface RunningProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Every line written to stdout and stderr so far. */
  readonly lines: string[];
  /** Resolves with the first line matching the pattern (including lines already written). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends the signal (default SIGTERM) and resolves with the exit code, or the signal name if killed. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<number | string>;
  /** Resolves when the process exits by itself. */
  exited(): Promise<number | string>;
  readonly running: boolean;
}

export interface StartProcessOptions {
  readonly args?: readonly string[];
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  /** Echo output to the test's stderr as well (for debugging); default false. */
  readonly echo?: boolean;
  /** Keep at most this many lines; default 5000. */
  readonly maxLines?: number;
}

export function startProcess(command: string, opts: StartProcessOptions = {}): RunningProcess {
  const child = spawn(command, [...(opts.args ?? [])], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const max = opts.maxLines ?? 5000;
  let exit: number | string | undefined;
  const exitPromise = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve(exit);
    });
    child.once('error', (err) => {
      lines.push(`spawn error: ${err.message}`);
      exit = 'spawn-error';
      resolve(exit);
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > max) lines.splice(0, lines.length - max);
      if (opts.echo) process.stderr.write(`[${command}] ${line}\n`);
    });
  }
  return {
    child,
    pid: child.pid ?? -1,
    lines,
    get running() {
      return exit === undefined;
    },
    waitForLine(pattern, timeoutMs = 30_000) {
      return waitFor(
        `a line matching ${String(pattern)} from ${command} ${(opts.args ?? []).join(' ')}`,
        () => {
          const hit = lines.find((l) => pattern.test(l));
          if (hit) return hit;
          if (exit !== undefined)
            throw new GiveUp(`process exited (${exit}); last lines:\n${lines.slice(-20).join('\n')}`);
          return undefined;
        },
        { timeoutMs },
      );
    },
    async stop(signal = 'SIGTERM', killAfterMs = 15_000) {
      if (exit !== undefined) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      try {
        return await exitPromise;
      } finally {
        clearTimeout(timer);
      }
    },
    exited: () => exitPromise,
  };
}

/** Waits for a process to exit (for `once` users that already sent a signal). */
export async function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}

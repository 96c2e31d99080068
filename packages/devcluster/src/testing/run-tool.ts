// Runs a command-line tool as a real child process: to completion (collecting stdout, stderr and the exit
// code), or in the background (for `kubectl get -w` and `kubectl proxy`) with a wait on its output.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ToolResult {
  /** The exit code, or null when the process was ended by a signal. */
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  readonly input?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Kill the process after this long (default 120 s); the result then has code null. */
  readonly timeoutMs?: number;
}

export function runTool(
  command: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export interface RunningTool {
  readonly pid: number | undefined;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with stdout once `until` holds for it (a substring, a pattern or a predicate); rejects if the
   * process exits first or `timeoutMs` passes (default 30 s).
   */
  waitForOutput(until: string | RegExp | ((stdout: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Ends the process (SIGTERM, then SIGKILL after 5 s) and returns what it wrote. */
  stop(): Promise<ToolResult>;
  /** Resolves when the process exits on its own. */
  exited(): Promise<ToolResult>;
}

export function spawnTool(
  command: string,
  args: readonly string[],
  options: Omit<RunOptions, 'input' | 'timeoutMs'> = {},
): RunningTool {
  const child: ChildProcess = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let result: ToolResult | undefined;
  const listeners = new Set<() => void>();
  const notify = (): void => {
    for (const l of [...listeners]) l();
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d;
    notify();
  });
  const done = new Promise<ToolResult>((resolve) => {
    child.on('close', (code) => {
      result = { code, stdout: out, stderr: err };
      resolve(result);
      notify();
    });
    child.on('error', (e) => {
      err += String(e);
      result = { code: null, stdout: out, stderr: err };
      resolve(result);
      notify();
    });
  });
  const matches = (until: string | RegExp | ((s: string) => boolean)): boolean =>
    typeof until === 'string' ? out.includes(until) : until instanceof RegExp ? until.test(out) : until(out);
  return {
    pid: child.pid,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(until, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (matches(until)) {
            cleanup();
            resolve(out);
          } else if (result !== undefined) {
            cleanup();
            reject(
              new Error(
                `process exited (code ${String(result.code)}) before the expected output.\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for output.\nstdout:\n${out}\nstderr:\n${err}`,
            ),
          );
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (result === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await done;
        clearTimeout(timer);
      }
      return done;
    },
    exited: () => done,
  };
}

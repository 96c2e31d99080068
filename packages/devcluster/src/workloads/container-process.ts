// One run of a container: a local process started in its own process group (so that everything it starts
// can be signalled together, as a container runtime stops a whole container), its output into the log
// buffer, and its end. When the main process ends, whatever it left behind in the group is killed.
import { spawn } from 'node:child_process';
import type { LogBuffer } from './log-buffer.js';

export interface ProcessExit {
  /** The exit code; 128 + signal number when a signal ended it; 127 (with `error`) if it could not start. */
  readonly exitCode: number;
  readonly signal: string | undefined;
  readonly finishedAt: Date;
  /** Why the process could not be started (e.g. `spawn foo ENOENT`). */
  readonly error?: string;
}

export interface ContainerProcess {
  readonly pid: number | undefined;
  readonly startedAt: Date;
  readonly exit: Promise<ProcessExit>;
  readonly running: boolean;
  /** Signals the whole process group (ignored once it is gone). */
  signal(signal: NodeJS.Signals): void;
}

export interface ContainerProcessOptions {
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly log: LogBuffer;
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

export function startContainerProcess(options: ContainerProcessOptions): ContainerProcess {
  const [command, ...args] = options.argv;
  const startedAt = new Date();
  const child = spawn(command ?? '', args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let running = child.pid !== undefined;
  child.stdout?.on('data', (d: Buffer) => options.log.write(d));
  child.stderr?.on('data', (d: Buffer) => options.log.write(d));
  const exit = new Promise<ProcessExit>((resolve) => {
    let exited: ProcessExit | undefined;
    let settled = false;
    const finish = (result: ProcessExit): void => {
      if (settled) return;
      settled = true;
      running = false;
      resolve(result);
    };
    child.on('exit', (code, signal) => {
      exited = {
        exitCode: code ?? 128 + (SIGNAL_NUMBERS[signal ?? ''] ?? 0),
        signal: signal ?? undefined,
        finishedAt: new Date(),
      };
      // The container is over: nothing it started may outlive it (and hold its output pipes open).
      signalGroup(child.pid, 'SIGKILL');
    });
    // 'close' comes after 'exit' once the output is read to the end.
    child.on('close', () => {
      if (exited !== undefined) finish(exited);
    });
    child.on('error', (err) => {
      if (child.pid !== undefined) return; // started: its end comes through 'exit' and 'close'
      options.log.write(`devcluster: cannot start ${JSON.stringify(command)}: ${err.message}\n`);
      finish({ exitCode: 127, signal: undefined, finishedAt: new Date(), error: err.message });
    });
  });
  return {
    pid: child.pid,
    startedAt,
    exit,
    get running() {
      return running;
    },
    signal: (signal) => {
      if (running) signalGroup(child.pid, signal);
    },
  };
}

// Runs a deployable's shutdown as numbered phases, in order (DESIGN habit 2). Each phase gets its own
// AbortController and deadline: when the deadline passes, the phase's signal is aborted (reason: a
// PhaseDeadlineError) and the next phase starts without waiting any longer. A phase that throws is logged
// and the next phase still runs: shutdown always reaches the end.
//
// Signals are handled only in main.ts, which calls trigger():
//   const shutdown = createShutdown({ logger, phases: [ … ] });
//   process.once('SIGTERM', () => void shutdown.trigger('SIGTERM'));
//   const report = await shutdown.done;
import type { Logger } from 'pino';
import { PhaseDeadlineError } from './errors.js';

export interface ShutdownPhase {
  name: string;
  /** How long the phase may take, from its start. */
  deadlineMs: number;
  /** Does the phase's work; should stop early when `signal` aborts. */
  run(signal: AbortSignal): void | Promise<void>;
}

export type PhaseOutcome = 'completed' | 'deadline' | 'failed';

export interface PhaseReport {
  name: string;
  outcome: PhaseOutcome;
  durationMs: number;
  error?: unknown;
}

export interface ShutdownReport {
  reason: string;
  /** True when every phase completed within its deadline. */
  ok: boolean;
  phases: PhaseReport[];
}

export interface Shutdown {
  /** Starts the phases (once; later calls return the same report). */
  trigger(reason: string): Promise<ShutdownReport>;
  /** Settles when every phase has run. */
  readonly done: Promise<ShutdownReport>;
  /** Aborted as soon as shutdown is triggered, for work that should stop at once. */
  readonly signal: AbortSignal;
}

export interface ShutdownOptions {
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  phases: readonly ShutdownPhase[];
}

export function createShutdown(options: ShutdownOptions): Shutdown {
  const { logger, phases } = options;
  const triggered = new AbortController();
  let resolveDone!: (report: ShutdownReport) => void;
  const done = new Promise<ShutdownReport>((resolve) => (resolveDone = resolve));

  const runAll = async (reason: string): Promise<ShutdownReport> => {
    logger.info({ reason, phases: phases.map((p) => p.name) }, 'shutdown started');
    const reports: PhaseReport[] = [];
    for (const [index, phase] of phases.entries()) reports.push(await runPhase(phase, index + 1, logger));
    const ok = reports.every((r) => r.outcome === 'completed');
    logger.info({ reason, ok }, 'shutdown finished');
    return { reason, ok, phases: reports };
  };

  return {
    trigger(reason) {
      if (!triggered.signal.aborted) {
        triggered.abort(reason);
        runAll(reason).then(resolveDone, (err: unknown) => {
          // runPhase catches everything a phase does; this only guards against a broken logger.
          resolveDone({
            reason,
            ok: false,
            phases: [{ name: '(shutdown)', outcome: 'failed', durationMs: 0, error: err }],
          });
        });
      }
      return done;
    },
    done,
    signal: triggered.signal,
  };
}

async function runPhase(
  phase: ShutdownPhase,
  number: number,
  logger: ShutdownOptions['logger'],
): Promise<PhaseReport> {
  const controller = new AbortController();
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const log = { phase: `${number}. ${phase.name}`, deadlineMs: phase.deadlineMs };
  logger.info(log, 'shutdown phase started');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new PhaseDeadlineError({ phase: phase.name, deadlineMs: phase.deadlineMs }));
      resolve('deadline');
    }, phase.deadlineMs);
  });
  try {
    const outcome = await Promise.race([
      Promise.resolve()
        .then(() => phase.run(controller.signal))
        .then(() => 'completed' as const),
      deadline,
    ]);
    if (outcome === 'deadline') {
      logger.warn({ ...log, durationMs: elapsed() }, 'shutdown phase ran past its deadline; moving on');
      return { name: phase.name, outcome, durationMs: elapsed() };
    }
    logger.info({ ...log, durationMs: elapsed() }, 'shutdown phase completed');
    return { name: phase.name, outcome, durationMs: elapsed() };
  } catch (err) {
    logger.error({ ...log, durationMs: elapsed(), err }, 'shutdown phase failed; moving on');
    return { name: phase.name, outcome: 'failed', durationMs: elapsed(), error: err };
  } finally {
    clearTimeout(timer);
  }
}

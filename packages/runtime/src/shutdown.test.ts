import { describe, expect, it } from 'vitest';
import { PhaseDeadlineError } from './errors.js';
import { createShutdown, type ShutdownPhase } from './shutdown.js';

function recordingLogger() {
  const entries: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const at =
    (level: string) =>
    (obj: Record<string, unknown>, msg: string): void =>
      void entries.push({ level, obj, msg });
  return { entries, logger: { info: at('info'), warn: at('warn'), error: at('error') } as never };
}

const NEVER = (): Promise<void> => new Promise<void>(() => {});

describe('createShutdown', () => {
  it('does nothing until triggered', async () => {
    const ran: string[] = [];
    const { logger } = recordingLogger();
    const shutdown = createShutdown({
      logger,
      phases: [{ name: 'a', deadlineMs: 1000, run: () => void ran.push('a') }],
    });
    await Promise.resolve();
    expect(ran).toEqual([]);
    expect(shutdown.signal.aborted).toBe(false);
  });

  it('runs the phases in order, each after the previous one finished', async () => {
    const events: string[] = [];
    const phase = (name: string): ShutdownPhase => ({
      name,
      deadlineMs: 10_000,
      run: async () => {
        events.push(`${name} start`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`${name} end`);
      },
    });
    const { logger } = recordingLogger();
    const report = await createShutdown({
      logger,
      phases: [phase('ready 503'), phase('delay'), phase('drain')],
    }).trigger('SIGTERM');
    expect(events).toEqual([
      'ready 503 start',
      'ready 503 end',
      'delay start',
      'delay end',
      'drain start',
      'drain end',
    ]);
    expect(report.ok).toBe(true);
    expect(report.reason).toBe('SIGTERM');
    expect(report.phases.map((p) => [p.name, p.outcome])).toEqual([
      ['ready 503', 'completed'],
      ['delay', 'completed'],
      ['drain', 'completed'],
    ]);
  });

  it('aborts a phase at its deadline with a PhaseDeadlineError and moves on to the next', async () => {
    let seen: AbortSignal | undefined;
    const ran: string[] = [];
    const { entries, logger } = recordingLogger();
    const report = await createShutdown({
      logger,
      phases: [
        {
          name: 'drain',
          deadlineMs: 50,
          run: (signal) => {
            seen = signal;
            return NEVER();
          },
        },
        { name: 'stop watches', deadlineMs: 10_000, run: () => void ran.push('stop watches') },
      ],
    }).trigger('SIGTERM');
    expect(seen?.aborted).toBe(true);
    expect(PhaseDeadlineError.is(seen?.reason)).toBe(true);
    expect((seen?.reason as Error).message).toBe('shutdown phase "drain" ran past its deadline of 50 ms');
    expect(ran).toEqual(['stop watches']);
    expect(report.ok).toBe(false);
    expect(report.phases.map((p) => p.outcome)).toEqual(['deadline', 'completed']);
    expect(entries.find((e) => e.level === 'warn')?.obj).toMatchObject({ phase: '1. drain', deadlineMs: 50 });
  });

  it('lets a phase that honours its signal end early at the deadline', async () => {
    const { logger } = recordingLogger();
    const report = await createShutdown({
      logger,
      phases: [
        {
          name: 'drain',
          deadlineMs: 50,
          run: (signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve())),
        },
      ],
    }).trigger('test');
    expect(report.phases[0]?.outcome).toBe('deadline');
  });

  it('gives each phase its own signal', async () => {
    const signals: AbortSignal[] = [];
    const { logger } = recordingLogger();
    await createShutdown({
      logger,
      phases: [
        { name: 'a', deadlineMs: 50, run: (s) => (signals.push(s), NEVER()) },
        { name: 'b', deadlineMs: 10_000, run: (s) => void signals.push(s) },
      ],
    }).trigger('test');
    expect(signals.map((s) => s.aborted)).toEqual([true, false]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('close failed');
      },
    ],
    ['rejects', () => Promise.reject(new Error('close failed'))],
  ])('logs a phase that %s and still runs the next', async (_name, run) => {
    const ran: string[] = [];
    const { entries, logger } = recordingLogger();
    const report = await createShutdown({
      logger,
      phases: [
        { name: 'close servers', deadlineMs: 10_000, run },
        { name: 'stop watches', deadlineMs: 10_000, run: () => void ran.push('stop watches') },
      ],
    }).trigger('test');
    expect(ran).toEqual(['stop watches']);
    expect(report.phases[0]).toMatchObject({ outcome: 'failed', error: new Error('close failed') });
    expect(entries.find((e) => e.level === 'error')?.msg).toBe('shutdown phase failed; moving on');
  });

  it('runs the phases once however often it is triggered', async () => {
    let runs = 0;
    const { logger } = recordingLogger();
    const shutdown = createShutdown({
      logger,
      phases: [{ name: 'a', deadlineMs: 10_000, run: () => void runs++ }],
    });
    const first = shutdown.trigger('SIGTERM');
    const second = shutdown.trigger('SIGINT');
    expect(shutdown.signal.aborted).toBe(true);
    expect(shutdown.signal.reason).toBe('SIGTERM');
    expect(await first).toBe(await second);
    expect(await shutdown.done).toBe(await first);
    expect(runs).toBe(1);
  });

  it('logs the start and end of the shutdown and of each numbered phase', async () => {
    const { entries, logger } = recordingLogger();
    await createShutdown({
      logger,
      phases: [
        { name: 'a', deadlineMs: 1000, run: () => {} },
        { name: 'b', deadlineMs: 1000, run: () => {} },
      ],
    }).trigger('SIGTERM');
    expect(entries.map((e) => [e.msg, e.obj['phase']])).toEqual([
      ['shutdown started', undefined],
      ['shutdown phase started', '1. a'],
      ['shutdown phase completed', '1. a'],
      ['shutdown phase started', '2. b'],
      ['shutdown phase completed', '2. b'],
      ['shutdown finished', undefined],
    ]);
  });
});

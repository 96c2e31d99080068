// Readiness: a set of named checks. The process is ready when every check passes. A check returns true
// (passes) or false (fails), possibly asynchronously; a check that throws, rejects or does not answer within
// the timeout fails too, with the reason recorded. Checks run concurrently on every evaluation.

import { DuplicateCheckError } from './errors.js';

export type ReadinessCheck = () => boolean | Promise<boolean>;

export interface NamedCheck {
  name: string;
  check: ReadinessCheck;
}

export interface CheckResult {
  name: string;
  ready: boolean;
  /** Why a failing check failed. */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
}

export interface Readiness {
  /** Registers a check; a name already in use is an error. */
  add(name: string, check: ReadinessCheck): void;
  /** Unregisters a check; true when it was registered. */
  remove(name: string): boolean;
  /** Runs every check. With no checks registered, the process is ready. */
  evaluate(): Promise<ReadinessReport>;
}

export interface ReadinessOptions {
  checks?: readonly NamedCheck[];
  /** A check that has not answered after this long fails; default 1000 ms. */
  checkTimeoutMs?: number;
}

export function createReadiness(options: ReadinessOptions = {}): Readiness {
  const checks = new Map<string, ReadinessCheck>();
  const timeoutMs = options.checkTimeoutMs ?? 1000;

  const add = (name: string, check: ReadinessCheck): void => {
    if (checks.has(name)) throw new DuplicateCheckError({ name });
    checks.set(name, check);
  };
  for (const { name, check } of options.checks ?? []) add(name, check);

  const run = async (name: string, check: ReadinessCheck): Promise<CheckResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<CheckResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ name, ready: false, reason: `no answer within ${timeoutMs} ms` }),
        timeoutMs,
      );
    });
    const answered = (async (): Promise<CheckResult> => {
      try {
        return (await check()) === true ? { name, ready: true } : { name, ready: false, reason: 'not ready' };
      } catch (err) {
        return { name, ready: false, reason: err instanceof Error ? err.message : String(err) };
      }
    })();
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    add,
    remove: (name) => checks.delete(name),
    async evaluate() {
      const results = await Promise.all([...checks].map(([name, check]) => run(name, check)));
      return { ready: results.every((r) => r.ready), checks: results };
    },
  };
}

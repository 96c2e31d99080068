// Waits for a condition instead of sleeping for a fixed time: the predicate is re-checked until it holds or a
// generous deadline passes, and the failure message says what was awaited and what was last seen.

export interface WaitForOptions {
  /** Deadline; default 20 s (generous on purpose: the CI machine has 2 noisy cores). */
  readonly timeoutMs?: number;
  /** Pause between checks; default 10 ms. */
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

/** Thrown by a probe to stop waiting at once (e.g. the process being waited on has exited). */
export class GiveUp extends Error {
  override readonly name = 'GiveUp';
}

/**
 * Resolves with the first truthy value the probe returns. The probe may be async and may throw: a throw counts
 * as "not yet" and its message is reported if the deadline passes.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  opts: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  const interval = opts.intervalMs ?? 10;
  let last: unknown;
  for (;;) {
    opts.signal?.throwIfAborted();
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err instanceof Error ? `threw ${err.message}` : err;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out waiting for ${what}; last result: ${describe(last)}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

function describe(v: unknown): string {
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v)?.slice(0, 500) ?? String(v);
  } catch {
    return String(v);
  }
}

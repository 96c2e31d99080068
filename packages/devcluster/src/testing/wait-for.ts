// Waiting for a condition instead of sleeping: polls a predicate until it holds or a deadline passes.

/**
 * Resolves with the predicate's first truthy result; rejects with `message` (and the last error thrown by
 * the predicate, as cause) after `timeoutMs` (default 20 s).
 */
export async function waitFor<T>(
  predicate: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeoutMs?: number; intervalMs?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(options.message ?? 'condition not met before the deadline', { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}

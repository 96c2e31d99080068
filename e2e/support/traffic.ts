// Steady traffic for "while traffic flows" scenarios: workers each sending one request after another to the
// same route until stopped. Every outcome is kept in the order it completed, so a scenario can assert on the
// whole sequence (no request failed; 200s, then 404s, and never back). With one worker (the default) that
// order is also the order the requests were sent in.
import type { HttpOutcome, SendOptions } from './http-client.js';

export interface Traffic {
  /** Outcomes so far, in the order they completed. */
  readonly outcomes: readonly HttpOutcome[];
  /** Resolves once at least `n` more requests have completed. */
  more(n: number): Promise<void>;
  /** Stops the workers and resolves with every outcome once the requests in flight have ended. */
  stop(): Promise<HttpOutcome[]>;
}

export function startTraffic(
  send: (o: SendOptions) => Promise<HttpOutcome>,
  request: SendOptions,
  workers = 1,
): Traffic {
  const outcomes: HttpOutcome[] = [];
  const waiters = new Set<() => void>();
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      outcomes.push(await send(request));
      for (const w of [...waiters]) w();
    }
  };
  const loops = Array.from({ length: workers }, () => loop());
  return {
    outcomes,
    more(n) {
      const target = outcomes.length + n;
      return new Promise<void>((resolve) => {
        const check = (): void => {
          if (outcomes.length < target) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      });
    },
    async stop() {
      running = false;
      await Promise.all(loops);
      return [...outcomes];
    },
  };
}

/** The statuses as runs, e.g. `200×41 404×12`, for readable assertions on a sequence. */
export function statusRuns(outcomes: readonly HttpOutcome[]): string {
  const runs: { label: string; n: number }[] = [];
  for (const o of outcomes) {
    const label = o.status === 0 ? `error(${o.error ?? ''})` : String(o.status);
    const last = runs.at(-1);
    if (last?.label === label) last.n++;
    else runs.push({ label, n: 1 });
  }
  return runs.map((r) => `${r.label}×${r.n}`).join(' ');
}

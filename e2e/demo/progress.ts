// The demo's progress display: one line per step with the time since the demo started, and the pods of the
// add-on as they start and become ready (from devcluster's timeline), so a newcomer sees what is happening
// while the system comes up. Plain lines, so it reads the same in a terminal, a CI log and a test.
import type { TimelineEntry } from '../support/timeline.js';

export interface Progress {
  /** A step starting, e.g. `[  1.2s] starting devcluster`. */
  step(text: string): void;
  /** A detail under the current step. */
  note(text: string): void;
  /** Shows pod milestones of the given namespaces as they come from the timeline. */
  podEntry(e: TimelineEntry, namespaces: readonly string[]): void;
}

const WATCHED: Record<string, string> = {
  started: 'process started',
  ready: 'ready',
  'back-off': 'crashed, restarting after a back-off',
  'image-missing': 'has no local command for its image',
  'config-error': 'cannot start: bad configuration',
};

export function createProgress(write: (line: string) => void, start = Date.now()): Progress {
  const stamp = (): string => `[${((Date.now() - start) / 1000).toFixed(1).padStart(5)}s]`;
  return {
    step: (text) => write(`${stamp()} ${text}`),
    note: (text) => write(`         ${text}`),
    podEntry(e, namespaces) {
      if (e.kind !== 'pod' || !namespaces.some((ns) => e.pod.startsWith(`${ns}/`))) return;
      const what = WATCHED[e.milestone];
      if (what === undefined) return;
      const ip = e.podIP !== undefined ? ` (${e.podIP})` : '';
      const message = e.message !== undefined && e.milestone !== 'started' ? `: ${e.message}` : '';
      write(`${stamp()}   pod ${e.pod} ${what}${ip}${message}`);
    },
  };
}

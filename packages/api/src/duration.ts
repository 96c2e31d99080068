// Durations as Kubernetes and the upstream Go project write them: a sequence of decimal numbers, each with a
// unit, such as "300ms", "1.5h" or "2h45m". Valid units are "ns", "us" (or "µs"), "ms", "s", "m" and "h".
// Values are returned in milliseconds (fractions allowed). Negative durations are rejected: nothing in the
// contract means anything by them.

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Parses a Go-style duration ("500ms", "1m30s", "0") into milliseconds, or returns undefined if it is not one. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  if (text.length === 0) return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const m = PART.exec(text);
    if (!m || m.index !== start) return undefined;
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
  }
  return total;
}

/** Formats milliseconds the way Go prints a time.Duration, e.g. 90000 → "1m30s", 500 → "500ms", 0 → "0s". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${trim(ms)}ms`;
  let rest = ms / 1000;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${trim(rest)}s`;
}

function trim(n: number): string {
  return String(Number(n.toFixed(9)));
}

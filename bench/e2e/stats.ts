// Summaries of measured samples: count, percentiles (nearest rank) and the mean, in milliseconds.

export interface Summary {
  readonly n: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length);
  return { n: sorted.length, p50: rank(50), p90: rank(90), p99: rank(99), max: sorted.at(-1) ?? NaN, mean };
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : '–');

/** One Markdown table row: `| name | n | p50 | p90 | p99 | max | mean | goal |`. */
export function row(name: string, s: Summary, goal = ''): string {
  return `| ${name} | ${s.n} | ${ms(s.p50)} | ${ms(s.p90)} | ${ms(s.p99)} | ${ms(s.max)} | ${ms(s.mean)} | ${goal} |`;
}

export const HEADER = [
  '| measurement (ms) | n | p50 | p90 | p99 | max | mean | goal |',
  '|---|---:|---:|---:|---:|---:|---:|---|',
];

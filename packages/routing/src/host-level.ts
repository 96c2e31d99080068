// The entries of one host level (an exact host, one wildcard suffix, or the catch-all), by path prefix.
// A level with few prefixes is a flat list [prefix, entries, prefix, entries, …], longest prefix first, that a
// lookup scans without allocating. A level with many prefixes is a map that a lookup probes once for each
// depth that some prefix has, from the request path's longest prefix down. Either way the cost does not
// depend on how many routes the table holds.
import { prefixDepth } from './path.js';
import { compareEntries, type TableEntry } from './table-entry.js';

export type ScanLevel = readonly (string | readonly TableEntry[])[];

export interface ProbeLevel {
  /** Normalised prefix (no leading or trailing slash; `` is the root) → entries, best first. */
  readonly prefixes: ReadonlyMap<string, readonly TableEntry[]>;
  /** depths[d] is 1 when some prefix has d segments. */
  readonly depths: Uint8Array;
  readonly maxDepth: number;
}

export type HostLevel = ScanLevel | ProbeLevel;

/** Up to this many prefixes a level is scanned rather than probed. */
export const SCAN_LEVEL_LIMIT = 8;

/** Sorts each prefix's entries and freezes the level in the form that suits its size. */
export function finishLevel(prefixes: Map<string, TableEntry[]>, scanLimit: number): HostLevel {
  for (const entries of prefixes.values()) Object.freeze(entries.sort(compareEntries));
  if (prefixes.size <= scanLimit) {
    const sorted = [...prefixes].sort(([a], [b]) => b.length - a.length);
    return Object.freeze(sorted.flat());
  }
  let maxDepth = 0;
  for (const prefix of prefixes.keys()) maxDepth = Math.max(maxDepth, prefixDepth(prefix));
  const depths = new Uint8Array(maxDepth + 1);
  for (const prefix of prefixes.keys()) depths[prefixDepth(prefix)] = 1;
  return Object.freeze({ prefixes, depths, maxDepth });
}

/**
 * The entries of the longest prefix the level has for the normalised path `raw.slice(start, end)`, which
 * has `depth` segments; undefined when no prefix of the level matches.
 */
export function longestPrefix(
  level: HostLevel | undefined,
  raw: string,
  start: number,
  end: number,
  depth: number,
): readonly TableEntry[] | undefined {
  if (level === undefined) return undefined;
  if (isScanLevel(level)) {
    const length = end - start;
    for (let i = 0; i < level.length; i += 2) {
      const prefix = level[i] as string;
      const n = prefix.length;
      if (
        n === 0 ||
        (n <= length && raw.startsWith(prefix, start) && (n === length || raw.charCodeAt(start + n) === 47))
      ) {
        return level[i + 1] as readonly TableEntry[];
      }
    }
    return undefined;
  }
  let cut = end;
  for (let d = depth; d > 0; d--) {
    if (d <= level.maxDepth && level.depths[d] === 1) {
      const entries = level.prefixes.get(raw.slice(start, cut));
      if (entries !== undefined) return entries;
    }
    cut = raw.lastIndexOf('/', cut - 1);
  }
  return level.depths[0] === 1 ? level.prefixes.get('') : undefined;
}

function isScanLevel(level: HostLevel): level is ScanLevel {
  return Array.isArray(level);
}

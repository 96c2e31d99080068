// Path prefixes on segment boundaries (SPEC §2 step 3): `/api` matches `/api`, `/api/` and `/api/x`, not
// `/apix`. Paths and prefixes are compared without their leading and trailing slashes, and the query string
// is not part of the path.

/** `/api/v1/?q=1` → `api/v1`; `/` and `` → ``. */
export function normalizePath(path: string): string {
  const end = pathEnd(path);
  const start = pathStart(path, end);
  return start === 0 && end === path.length ? path : path.slice(start, end);
}

/** Where the normalised path ends in a raw path: before the query or fragment and trailing slashes. */
export function pathEnd(path: string): number {
  let end = path.length;
  const query = path.indexOf('?');
  if (query !== -1) end = query;
  const hash = path.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  while (end > 0 && path.charCodeAt(end - 1) === 47 /* / */) end--;
  return end;
}

/** Where the normalised path starts in a raw path: after the leading slashes. */
export function pathStart(path: string, end: number): number {
  let start = 0;
  while (start < end && path.charCodeAt(start) === 47) start++;
  return start;
}

/** Segments of `path.slice(start, end)`, counted without slicing. */
export function depthBetween(path: string, start: number, end: number): number {
  if (start >= end) return 0;
  let depth = 1;
  for (let i = path.indexOf('/', start); i !== -1 && i < end; i = path.indexOf('/', i + 1)) depth++;
  return depth;
}

/** The number of segments of a normalised prefix: `` → 0, `api` → 1, `api/v1` → 2. */
export function prefixDepth(prefix: string): number {
  if (prefix === '') return 0;
  let depth = 1;
  for (let i = prefix.indexOf('/'); i !== -1; i = prefix.indexOf('/', i + 1)) depth++;
  return depth;
}

/** Whether normalised `path` starts with normalised `prefix` on a segment boundary. */
export function hasPathPrefix(path: string, prefix: string): boolean {
  if (prefix === '') return true;
  if (!path.startsWith(prefix)) return false;
  return path.length === prefix.length || path.charCodeAt(prefix.length) === 47;
}

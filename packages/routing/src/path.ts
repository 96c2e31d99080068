// Path prefixes on segment boundaries (SPEC §2 step 3): `/api` matches `/api`, `/api/` and `/api/x`, not
// `/apix`. Paths and prefixes are compared without their leading and trailing slashes, and the query string
// is not part of the path.

/** `/api/v1/?q=1` → `api/v1`; `/` and `` → ``. */
export function normalizePath(path: string): string {
  let end = path.length;
  const query = path.indexOf('?');
  if (query !== -1) end = query;
  const hash = path.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  let start = 0;
  while (start < end && path.charCodeAt(start) === 47 /* / */) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return start === 0 && end === path.length ? path : path.slice(start, end);
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

/**
 * End offsets of the request path's prefixes by depth, up to `maxDepth`: for `a/b/c`, [0, 1, 3, 5]. The
 * prefix of depth d is `path.slice(0, cuts[d])`.
 */
export function prefixCuts(path: string, maxDepth: number): number[] {
  const cuts = [0];
  if (path === '' || maxDepth === 0) return cuts;
  let slash = path.indexOf('/');
  while (slash !== -1 && cuts.length <= maxDepth) {
    cuts.push(slash);
    slash = path.indexOf('/', slash + 1);
  }
  if (cuts.length <= maxDepth) cuts.push(path.length);
  return cuts;
}

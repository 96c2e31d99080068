// Host normalisation and host patterns (SPEC §2 step 1 and 2).

/**
 * Normalises a request's Host: strips the port (`a.com:80` → `a.com`, `[::1]:80` → `::1`, `[::1]` → `::1`)
 * and lower-cases. A bare IPv6 address (several colons, no brackets) is kept whole.
 */
export function normalizeHost(host: string): string {
  let h = host;
  if (h.charCodeAt(0) === 91 /* [ */) {
    const end = h.indexOf(']');
    h = end === -1 ? h.slice(1) : h.slice(1, end);
  } else {
    const colon = h.indexOf(':');
    if (colon !== -1 && h.indexOf(':', colon + 1) === -1) h = h.slice(0, colon);
  }
  for (let i = 0; i < h.length; i++) {
    const c = h.charCodeAt(i);
    if (c >= 65 && c <= 90) return h.toLowerCase(); // A-Z present: lower-case a copy
  }
  return h;
}

export type HostPattern =
  | { readonly type: 'exact'; readonly host: string }
  | { readonly type: 'wildcard'; readonly suffix: string }
  | { readonly type: 'catch-all' };

/** Classifies one entry of a route's hosts: `*` and `` are catch-all, `*.x` a wildcard over any depth of x. */
export function hostPattern(pattern: string): HostPattern {
  const p = pattern.toLowerCase();
  if (p === '' || p === '*') return { type: 'catch-all' };
  if (p.startsWith('*.')) return { type: 'wildcard', suffix: p.slice(2) };
  return { type: 'exact', host: p };
}

/**
 * The wildcard suffixes of a normalised host, most specific first: `a.b.c.com` → `b.c.com`, `c.com`, `com`.
 * A wildcard `*.c.com` matches exactly the hosts that yield `c.com` here.
 */
export function* wildcardSuffixes(host: string): Generator<string> {
  let dot = host.indexOf('.');
  while (dot !== -1) {
    yield host.slice(dot + 1);
    dot = host.indexOf('.', dot + 1);
  }
}

// Whole-rule matching, for static routes: a request matches a rule when its host matches one of the rule's
// host patterns (any host when there are none), its path has one of the prefixes, and all headers match.
import { type CompiledHeader, compileHeaders, headersMatch, type RequestHeaders } from './headers.js';
import { hostPattern, wildcardSuffixes } from './host.js';
import { hasPathPrefix, normalizePath } from './path.js';
import type { RouteRule } from './route.js';

export interface CompiledRule {
  readonly exactHosts: ReadonlySet<string>;
  readonly wildcardSuffixes: ReadonlySet<string>;
  readonly anyHost: boolean;
  readonly prefixes: readonly string[];
  readonly headers: readonly CompiledHeader[];
}

export function compileRule(rule: RouteRule): CompiledRule {
  const exactHosts = new Set<string>();
  const suffixes = new Set<string>();
  let anyHost = rule.hosts.length === 0;
  for (const pattern of rule.hosts.map(hostPattern)) {
    if (pattern.type === 'catch-all') anyHost = true;
    else if (pattern.type === 'wildcard') suffixes.add(pattern.suffix);
    else exactHosts.add(pattern.host);
  }
  return {
    exactHosts,
    wildcardSuffixes: suffixes,
    anyHost,
    prefixes: (rule.paths.length === 0 ? ['/'] : rule.paths).map(normalizePath),
    headers: compileHeaders(rule.headers),
  };
}

/** Whether a request (normalised host and path) matches a compiled rule as a whole. */
export function ruleMatches(
  rule: CompiledRule,
  host: string,
  path: string,
  headers: RequestHeaders | undefined,
): boolean {
  if (!rule.anyHost && !rule.exactHosts.has(host)) {
    let found = false;
    for (const suffix of wildcardSuffixes(host)) {
      if (rule.wildcardSuffixes.has(suffix)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  if (!rule.prefixes.some((p) => hasPathPrefix(path, p))) return false;
  return headersMatch(rule.headers, headers);
}

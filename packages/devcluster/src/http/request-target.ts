// Parses a request path into what it addresses. Path segments are percent-decoded one by one (client-node
// sends `services/xkcd%3Ahttp/proxy/from%2Fclient`). Everything under /devcluster/ is devcluster's own.
import { fail, statuses } from '../api/status.js';

export interface ResourcePath {
  readonly group: string;
  readonly version: string;
  readonly namespace: string | undefined;
  readonly resource: string;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
  /** For `proxy`: the decoded segments after the subresource (empty for `.../proxy`). */
  readonly rest: readonly string[];
  /** True when the path ended with a slash (`.../proxy/`). */
  readonly trailingSlash: boolean;
}

export type RequestTarget =
  | { readonly kind: 'version' }
  | { readonly kind: 'health'; readonly check: string }
  | { readonly kind: 'core-versions' }
  | { readonly kind: 'groups' }
  | { readonly kind: 'group'; readonly group: string }
  | { readonly kind: 'group-version'; readonly group: string; readonly version: string }
  | { readonly kind: 'openapi-v3' }
  | { readonly kind: 'openapi-v3-doc'; readonly group: string; readonly version: string }
  | { readonly kind: 'resource'; readonly path: ResourcePath }
  | { readonly kind: 'devcluster'; readonly segments: readonly string[] }
  | { readonly kind: 'unknown' };

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return fail(statuses.badRequest(`invalid percent-encoding in path segment "${segment}"`));
  }
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourcePath(group: string, version: string, segs: string[], trailingSlash: boolean): RequestTarget {
  if (segs.length === 0) return { kind: 'group-version', group, version };
  let namespace: string | undefined;
  let rest = segs;
  if (
    group === '' &&
    segs[0] === 'namespaces' &&
    segs.length >= 3 &&
    !NAMESPACE_SUBRESOURCES.has(segs[2] as string)
  ) {
    namespace = segs[1];
    rest = segs.slice(2);
  } else if (group !== '' && segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    rest = segs.slice(2);
  }
  const [resource, name, subresource, ...more] = rest;
  if (resource === undefined || resource === '') return { kind: 'unknown' };
  if (subresource !== 'proxy' && more.length > 0) return { kind: 'unknown' };
  return {
    kind: 'resource',
    path: { group, version, namespace, resource, name, subresource, rest: more, trailingSlash },
  };
}

export function parseTarget(pathname: string): RequestTarget {
  const trailingSlash = pathname.length > 1 && pathname.endsWith('/');
  const raw = pathname.split('/').slice(1);
  if (trailingSlash) raw.pop();
  const segs = raw.map(decode);
  const [first, second, third, fourth] = segs;
  switch (first) {
    case 'version':
      return segs.length === 1 ? { kind: 'version' } : { kind: 'unknown' };
    case 'healthz':
    case 'livez':
    case 'readyz':
      return { kind: 'health', check: first };
    case 'devcluster':
      return { kind: 'devcluster', segments: segs.slice(1) };
    case 'api':
      if (second === undefined) return { kind: 'core-versions' };
      return resourcePath('', second, segs.slice(2), trailingSlash);
    case 'apis':
      if (second === undefined) return { kind: 'groups' };
      if (third === undefined) return { kind: 'group', group: second };
      return resourcePath(second, third, segs.slice(3), trailingSlash);
    case 'openapi':
      if (second !== 'v3') return { kind: 'unknown' };
      if (third === undefined) return { kind: 'openapi-v3' };
      if (third === 'api' && fourth !== undefined && segs.length === 4)
        return { kind: 'openapi-v3-doc', group: '', version: fourth };
      if (third === 'apis' && fourth !== undefined && segs.length === 5) {
        return { kind: 'openapi-v3-doc', group: fourth, version: segs[4] as string };
      }
      return { kind: 'unknown' };
    default:
      return { kind: 'unknown' };
  }
}

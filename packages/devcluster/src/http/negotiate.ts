// Content negotiation: which representation the client asked for in Accept (a Table, partial object
// metadata, aggregated discovery, YAML or plain JSON), and what media type a request body is in.

export type Representation =
  | { readonly kind: 'json' }
  | { readonly kind: 'yaml' }
  | { readonly kind: 'table'; readonly version: 'v1' | 'v1beta1' }
  | { readonly kind: 'metadata'; readonly version: 'v1' | 'v1beta1' }
  | { readonly kind: 'aggregated-discovery' };

interface MediaRange {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

export function parseMediaType(text: string): MediaRange {
  const [type = '', ...rest] = text.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params[p.slice(0, eq).trim().toLowerCase()] = p
        .slice(eq + 1)
        .trim()
        .replace(/^"|"$/g, '');
  }
  return { type: type.trim().toLowerCase(), params };
}

/** The body's media type without parameters (`application/json; charset=utf-8` → `application/json`). */
export function bodyMediaType(contentType: string | undefined): string {
  return contentType === undefined ? '' : parseMediaType(contentType).type;
}

function representationOf(range: MediaRange, allowDiscovery: boolean): Representation | undefined {
  const { type, params } = range;
  if (type === 'application/yaml') return params['as'] === undefined ? { kind: 'yaml' } : undefined;
  if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') return undefined;
  const as = params['as'];
  if (as === undefined) return { kind: 'json' };
  const g = params['g'];
  const v = params['v'];
  if (g === 'meta.k8s.io' && (v === 'v1' || v === 'v1beta1')) {
    if (as === 'Table') return { kind: 'table', version: v };
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList')
      return { kind: 'metadata', version: v };
  }
  if (allowDiscovery && g === 'apidiscovery.k8s.io' && v === 'v2' && as === 'APIGroupDiscoveryList') {
    return { kind: 'aggregated-discovery' };
  }
  return undefined;
}

/**
 * The first representation in the Accept header this server can produce. Anything it cannot produce
 * (protobuf, CBOR) is skipped; with nothing usable left, the answer is plain JSON.
 */
export function negotiate(
  accept: string | undefined,
  options: { allowDiscovery?: boolean } = {},
): Representation {
  if (accept === undefined || accept.trim() === '') return { kind: 'json' };
  for (const part of accept.split(',')) {
    const rep = representationOf(parseMediaType(part), options.allowDiscovery === true);
    if (rep !== undefined) return rep;
  }
  return { kind: 'json' };
}

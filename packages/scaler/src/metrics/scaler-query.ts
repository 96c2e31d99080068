// Which metric a KEDA request is about, read from its ScaledObjectRef (SPEC §5). The trigger metadata names
// the route; the first of these keys that is present wins:
//   1. interceptorRoute: <name>            an InterceptorRoute in the ScaledObject's namespace;
//   2. httpScaledObject: <name>            an HTTPScaledObject in the ScaledObject's namespace;
//   3. interceptorTargetPendingRequests: N the interceptor's own ScaledObject (all routes' concurrency, target N).
// Anything else is a BadScaledObjectRef naming the field (gRPC INVALID_ARGUMENT).
import { BadScaledObjectRef } from '../errors.js';

export const METADATA_INTERCEPTOR_ROUTE = 'interceptorRoute';
export const METADATA_HTTP_SCALED_OBJECT = 'httpScaledObject';
export const METADATA_INTERCEPTOR_TARGET = 'interceptorTargetPendingRequests';

export type ScalerQuery =
  | {
      readonly kind: 'interceptorRoute' | 'httpScaledObject';
      readonly namespace: string;
      readonly name: string;
      /** `namespace/name`: the route key in the routing table and in the interceptors' counts. */
      readonly key: string;
      /** The metadata field that named the route, for messages. */
      readonly field: string;
    }
  | {
      readonly kind: 'interceptor';
      /** The ScaledObject's own namespace and name: its metric is named after it. */
      readonly namespace: string;
      readonly name: string;
      readonly target: number;
    };

export interface ScaledObjectRefLike {
  readonly name?: string | undefined;
  readonly namespace?: string | undefined;
  readonly scalerMetadata?: Readonly<Record<string, string>> | null | undefined;
}

const has = (metadata: Readonly<Record<string, string>>, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(metadata, key);

export function parseScaledObjectRef(ref: ScaledObjectRefLike | null | undefined): ScalerQuery {
  if (ref === null || ref === undefined) {
    throw new BadScaledObjectRef({ field: 'scaledObjectRef', problem: 'is required' });
  }
  const namespace = ref.namespace ?? '';
  if (namespace === '') throw new BadScaledObjectRef({ field: 'namespace', problem: 'must not be empty' });
  const metadata = ref.scalerMetadata ?? {};
  for (const key of [METADATA_INTERCEPTOR_ROUTE, METADATA_HTTP_SCALED_OBJECT] as const) {
    if (!has(metadata, key)) continue;
    const name = metadata[key] ?? '';
    const field = `scalerMetadata.${key}`;
    if (name === '') throw new BadScaledObjectRef({ field, problem: 'must name a route, got ""' });
    if (name.includes('/')) {
      throw new BadScaledObjectRef({
        field,
        problem: `must be a name in the ScaledObject's namespace, got ${JSON.stringify(name)}`,
      });
    }
    return { kind: key, namespace, name, key: `${namespace}/${name}`, field };
  }
  if (has(metadata, METADATA_INTERCEPTOR_TARGET)) {
    const raw = metadata[METADATA_INTERCEPTOR_TARGET] ?? '';
    const target = /^\d{1,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(target >= 1)) {
      throw new BadScaledObjectRef({
        field: `scalerMetadata.${METADATA_INTERCEPTOR_TARGET}`,
        problem: `expected a whole number of at least 1, got ${JSON.stringify(raw)}`,
      });
    }
    const name = ref.name ?? '';
    if (name === '') throw new BadScaledObjectRef({ field: 'name', problem: 'must not be empty' });
    return { kind: 'interceptor', namespace, name, target };
  }
  throw new BadScaledObjectRef({
    field: 'scalerMetadata',
    problem: `needs one of ${METADATA_INTERCEPTOR_ROUTE}, ${METADATA_HTTP_SCALED_OBJECT} or ${METADATA_INTERCEPTOR_TARGET}; got ${describeKeys(metadata)}`,
  });
}

function describeKeys(metadata: Readonly<Record<string, string>>): string {
  const keys = Object.keys(metadata);
  return keys.length === 0 ? 'no keys' : `keys ${keys.map((k) => JSON.stringify(k)).join(', ')}`;
}

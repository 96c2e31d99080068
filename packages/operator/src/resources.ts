// The resource types the operator reads and writes, as @keda-http/k8s descriptors, and the work-queue keys
// that name one object of a kind: `HTTPScaledObject/ns/name`, `InterceptorRoute/ns/name`.
import { HTTP_SCALED_OBJECT, INTERCEPTOR_ROUTE } from '@keda-http/api';
import { builtinResources, type KubeObject, type ResourceType } from '@keda-http/k8s';
import { WorkKeyError } from './errors.js';

export const httpScaledObjects: ResourceType = Object.freeze({
  group: HTTP_SCALED_OBJECT.group,
  version: HTTP_SCALED_OBJECT.version,
  plural: HTTP_SCALED_OBJECT.plural,
  kind: HTTP_SCALED_OBJECT.kind,
  namespaced: true,
});

export const interceptorRoutes: ResourceType = Object.freeze({
  group: INTERCEPTOR_ROUTE.group,
  version: INTERCEPTOR_ROUTE.version,
  plural: INTERCEPTOR_ROUTE.plural,
  kind: INTERCEPTOR_ROUTE.kind,
  namespaced: true,
});

/** KEDA's ScaledObject, keda.sh/v1alpha1. */
export const scaledObjects: ResourceType = Object.freeze({
  group: 'keda.sh',
  version: 'v1alpha1',
  plural: 'scaledobjects',
  kind: 'ScaledObject',
  namespaced: true,
});

export const services = builtinResources.services;
export const configMaps = builtinResources.configMaps;

export type ReconciledKind = typeof HTTP_SCALED_OBJECT.kind | typeof INTERCEPTOR_ROUTE.kind;

export interface WorkKey {
  readonly kind: ReconciledKind;
  readonly namespace: string;
  readonly name: string;
}

export const workKey = (kind: ReconciledKind, namespace: string, name: string): string =>
  `${kind}/${namespace}/${name}`;

/** The key of an object as the informers deliver it. */
export function workKeyOf(kind: ReconciledKind, obj: KubeObject): string {
  return workKey(kind, obj.metadata?.namespace ?? '', obj.metadata?.name ?? '');
}

export function parseWorkKey(key: string): WorkKey {
  const [kind, namespace, name, ...rest] = key.split('/');
  if (
    (kind !== HTTP_SCALED_OBJECT.kind && kind !== INTERCEPTOR_ROUTE.kind) ||
    !namespace ||
    !name ||
    rest.length > 0
  ) {
    throw new WorkKeyError({ key });
  }
  return { kind, namespace, name };
}

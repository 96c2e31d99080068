// Which work-queue keys a watch event concerns. HTTPScaledObject and InterceptorRoute events name their own
// key. A ScaledObject event names the HTTPScaledObject of the same name (the one that owns it, or, when
// orphaned or skipped, the one it was made for: its reconcile decides what to do). A Service event names
// every HTTPScaledObject and InterceptorRoute in its namespace that routes to it, so an object waiting for
// its Service becomes ready as soon as the Service appears. Pure.
import { HTTP_SCALED_OBJECT, INTERCEPTOR_ROUTE } from '@keda-http/api';
import type { KubeObject } from '@keda-http/k8s';
import { workKey } from './resources.js';

export function keyForScaledObject(so: KubeObject): string {
  const owner = so.metadata?.ownerReferences?.find(
    (r) => r.controller === true && r.kind === HTTP_SCALED_OBJECT.kind,
  );
  return workKey(
    HTTP_SCALED_OBJECT.kind,
    so.metadata?.namespace ?? '',
    owner?.name ?? so.metadata?.name ?? '',
  );
}

type Loose = Record<string, unknown> | undefined;
const field = (obj: unknown, ...path: string[]): unknown => {
  let at: unknown = obj;
  for (const p of path) at = typeof at === 'object' && at !== null ? (at as Loose)?.[p] : undefined;
  return at;
};

/** The Service names an object routes to, read from the object as sent (it may not validate). */
export function servicesOf(kind: string, obj: KubeObject): string[] {
  const names =
    kind === HTTP_SCALED_OBJECT.kind
      ? [
          field(obj.spec, 'scaleTargetRef', 'service'),
          field(obj.spec, 'coldStartTimeoutFailoverRef', 'service'),
        ]
      : [field(obj.spec, 'target', 'service'), field(obj.spec, 'coldStart', 'fallback', 'service', 'name')];
  return names.filter((n): n is string => typeof n === 'string' && n !== '');
}

export function keysForService(
  service: KubeObject,
  httpScaledObjects: readonly KubeObject[],
  interceptorRoutes: readonly KubeObject[],
): string[] {
  const namespace = service.metadata?.namespace ?? '';
  const name = service.metadata?.name ?? '';
  const keys: string[] = [];
  const collect = (
    kind: typeof HTTP_SCALED_OBJECT.kind | typeof INTERCEPTOR_ROUTE.kind,
    objs: readonly KubeObject[],
  ) => {
    for (const obj of objs) {
      if (obj.metadata?.namespace !== namespace || !servicesOf(kind, obj).includes(name)) continue;
      keys.push(workKey(kind, namespace, obj.metadata?.name ?? ''));
    }
  };
  collect(HTTP_SCALED_OBJECT.kind, httpScaledObjects);
  collect(INTERCEPTOR_ROUTE.kind, interceptorRoutes);
  return keys;
}

// Which finalizers still hold an object that is being deleted. Namespaces also wait for their
// spec.finalizers (the namespace controller's `kubernetes` finalizer).
import { isJsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';

export function finalizersOf(obj: KubeObject): string[] {
  return Array.isArray(obj.metadata.finalizers)
    ? obj.metadata.finalizers.filter((f) => typeof f === 'string')
    : [];
}

export function isNamespaceType(type: ResourceType): boolean {
  return type.group === '' && type.resource === 'namespaces';
}

export function namespaceSpecFinalizers(obj: KubeObject): string[] {
  const spec = obj['spec'];
  if (!isJsonObject(spec) || !Array.isArray(spec['finalizers'])) return [];
  return spec['finalizers'].filter((f): f is string => typeof f === 'string');
}

/** True while something still has to run before the object may go. */
export function hasPendingFinalizers(type: ResourceType, obj: KubeObject): boolean {
  if (finalizersOf(obj).length > 0) return true;
  return isNamespaceType(type) && namespaceSpecFinalizers(obj).length > 0;
}

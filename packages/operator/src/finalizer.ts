// The finalizer `httpscaledobject.http.keda.sh` on HTTPScaledObjects: added before the ScaledObject is
// created, removed once the HTTPScaledObject is being deleted and its ScaledObject has been dealt with. Both
// writes are merge patches that carry the resourceVersion read, so a concurrent change fails with 409 and the
// key is retried from a fresh informer copy instead of overwriting someone else's finalizers.
import { FINALIZER } from '@keda-http/api';
import { isNotFound, type KubeClient, type KubeObject, type ResourceType } from '@keda-http/k8s';
import { ObjectWriteError, reasonOf } from './errors.js';

const hasFinalizer = (obj: KubeObject): boolean => (obj.metadata?.finalizers ?? []).includes(FINALIZER);

async function patchFinalizers(
  client: KubeClient,
  resource: ResourceType,
  obj: KubeObject,
  finalizers: string[],
): Promise<KubeObject | undefined> {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  const body = { metadata: { finalizers, resourceVersion: obj.metadata?.resourceVersion } };
  try {
    return await client.patch<KubeObject>(resource, { name, namespace }, 'merge', body);
  } catch (cause) {
    if (isNotFound(cause)) return undefined;
    const key = `${resource.kind} ${namespace ?? ''}/${name}`;
    throw new ObjectWriteError({ what: 'finalizers', key, reason: reasonOf(cause) }, { cause });
  }
}

/** The object with our finalizer: as given when it has it, else as the server returns it after adding it. */
export async function ensureFinalizer(
  client: KubeClient,
  resource: ResourceType,
  obj: KubeObject,
): Promise<KubeObject | undefined> {
  if (hasFinalizer(obj)) return obj;
  return patchFinalizers(client, resource, obj, [...(obj.metadata?.finalizers ?? []), FINALIZER]);
}

/** Removes our finalizer; a no-op when it is not there or the object is gone. */
export async function removeFinalizer(
  client: KubeClient,
  resource: ResourceType,
  obj: KubeObject,
): Promise<void> {
  if (!hasFinalizer(obj)) return;
  const rest = (obj.metadata?.finalizers ?? []).filter((f) => f !== FINALIZER);
  await patchFinalizers(client, resource, obj, rest);
}

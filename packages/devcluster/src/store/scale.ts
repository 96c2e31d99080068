// The scale subresource: read the Scale view, and write spec.replicas back through a normal update so that
// generation, admission and events behave as for any spec change.
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import { applyPatch, type PatchType } from '../patch/apply-patch.js';
import type { ResourceType, ScalePaths } from '../registry/resource-type.js';
import { invalidStatus } from '../schema/index.js';
import * as fieldErrors from '../schema/field-errors.js';
import { scaleOf, withScale } from './scale-view.js';
import { requireExisting, served, type StoreState } from './store-state.js';
import { updateObject } from './update.js';
import type { WriteOptions } from './write-options.js';

type Scalable = ResourceType & { scale: ScalePaths };

export function requireScalable(type: ResourceType): Scalable {
  if (type.scale === undefined) fail(statuses.pathNotFound());
  return type as Scalable;
}

export function getScale(
  state: StoreState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const scalable = requireScalable(type);
  return scaleOf(scalable, served(type, requireExisting(state, type, namespace, name)).object);
}

export function updateScale(
  state: StoreState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  scale: unknown,
  options: WriteOptions = {},
): KubeObject {
  const scalable = requireScalable(type);
  if (!isJsonObject(scale)) fail(statuses.badRequest('the body of a Scale must be a JSON object'));
  const replicas = isJsonObject(scale['spec']) ? scale['spec']['replicas'] : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const cause =
      replicas === undefined
        ? fieldErrors.required('spec.replicas')
        : fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0');
    fail(invalidStatus({ group: 'autoscaling', kind: 'Scale', name, causes: [cause] }));
  }
  const existing = served(type, requireExisting(state, type, namespace, name)).object;
  const next = withScale(scalable, existing, scale);
  const result = updateObject(state, type, namespace, name, next, options);
  return scaleOf(scalable, result.object);
}

export function patchScale(
  state: StoreState,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  patchType: PatchType,
  patch: unknown,
  options: WriteOptions = {},
): KubeObject {
  const current = getScale(state, type, namespace, name) as unknown as JsonObject;
  // A Scale has no keyed lists, so a strategic merge patch is a merge patch; apply merges likewise.
  const kind = patchType === 'strategic' || patchType === 'apply' ? 'merge' : patchType;
  const patched = applyPatch(current, kind, patch, {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    custom: false,
  });
  return updateScale(state, type, namespace, name, patched, options);
}

// The scale subresource: read the Scale view, and write spec.replicas back through a normal update so that
// generation, admission and events behave as for any spec change.
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import { applyPatch } from '../patch/apply-patch.js';
import type { ResourceType, ScalePaths } from '../registry/resource-type.js';
import { invalidStatus } from '../schema/index.js';
import * as fieldErrors from '../schema/field-errors.js';
import { scaleOf, withScale } from './scale-view.js';
import type { PatchDocument } from './patch.js';
import { requireExisting, served, type ObjectAddress, type StoreState } from './store-state.js';
import { updateObject } from './update.js';
import type { WriteOptions } from './write-options.js';

type Scalable = ResourceType & { scale: ScalePaths };

export function requireScalable(type: ResourceType): Scalable {
  if (type.scale === undefined) fail(statuses.pathNotFound());
  return type as Scalable;
}

export function getScale(state: StoreState, at: ObjectAddress): KubeObject {
  const scalable = requireScalable(at.type);
  return scaleOf(scalable, served(at.type, requireExisting(state, at)).object);
}

export function updateScale(
  state: StoreState,
  at: ObjectAddress,
  scale: unknown,
  options: WriteOptions = {},
): KubeObject {
  const scalable = requireScalable(at.type);
  if (!isJsonObject(scale)) fail(statuses.badRequest('the body of a Scale must be a JSON object'));
  const replicas = isJsonObject(scale['spec']) ? scale['spec']['replicas'] : undefined;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
    const cause =
      replicas === undefined
        ? fieldErrors.required('spec.replicas')
        : fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0');
    fail(invalidStatus({ group: 'autoscaling', kind: 'Scale', name: at.name, causes: [cause] }));
  }
  const existing = served(at.type, requireExisting(state, at)).object;
  const result = updateObject(state, at, withScale(scalable, existing, scale), options);
  return scaleOf(scalable, result.object);
}

export function patchScale(
  state: StoreState,
  at: ObjectAddress,
  patch: PatchDocument,
  options: WriteOptions = {},
): KubeObject {
  const current = getScale(state, at) as unknown as JsonObject;
  // A Scale has no keyed lists, so a strategic merge patch is a merge patch; apply merges likewise.
  const kind = patch.type === 'strategic' || patch.type === 'apply' ? 'merge' : patch.type;
  const patched = applyPatch(current, kind, patch.body, {
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    custom: false,
  });
  return updateScale(state, at, patched, options);
}

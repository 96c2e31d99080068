// PATCH of an object or its status: apply the patch document to the stored object, then update as a PUT
// would. A patch is unconditional unless the patched result carries a resourceVersion that differs from
// the stored one. Server-side apply (lite) creates the object when it is missing.
import { cloneJson } from '../api/deep-values.js';
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import { applyPatch, mergeAppliedConfig, type PatchTarget, type PatchType } from '../patch/apply-patch.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createObject } from './create.js';
import {
  bucketOf,
  namespaceKey,
  requireExisting,
  served,
  type ObjectAddress,
  type StoreState,
} from './store-state.js';
import { updateObject, type UpdateOptions } from './update.js';
import type { WriteResult } from './write-options.js';

export interface PatchOptions extends UpdateOptions {
  /** Server-side apply only: take over conflicting fields (accepted; ownership is not tracked). */
  readonly force?: boolean;
}

export function patchTarget(type: ResourceType): PatchTarget {
  return { group: type.group, version: type.version, kind: type.kind, custom: type.crdName !== undefined };
}

/** A patch document and how to read it (from the request's Content-Type). */
export interface PatchDocument {
  readonly type: PatchType;
  readonly body: unknown;
}

export function patchObject(
  state: StoreState,
  at: ObjectAddress,
  patch: PatchDocument,
  options: PatchOptions = {},
): WriteResult {
  if (patch.type === 'apply') return applyConfig(state, at, patch.body, options);
  const base = cloneJson(served(at.type, requireExisting(state, at)).object);
  const patched = applyPatch(base, patch.type, patch.body, patchTarget(at.type)) as KubeObject;
  return updateObject(state, at, patched, options);
}

/** Server-side apply, lite: create if missing, else merge the applied configuration (see apply-patch.ts). */
function applyConfig(
  state: StoreState,
  at: ObjectAddress,
  config: unknown,
  options: PatchOptions,
): WriteResult {
  const { type, namespace, name } = at;
  if (options.fieldManager === undefined || options.fieldManager === '') {
    fail(
      statuses.unprocessable(
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      ),
    );
  }
  if (!isJsonObject(config)) fail(statuses.badRequest('an apply patch must be an object'));
  const meta = isJsonObject(config['metadata']) ? config['metadata'] : undefined;
  if (meta === undefined || (meta['name'] !== undefined && meta['name'] !== name)) {
    fail(
      statuses.badRequest(
        `the name of the object (${typeof meta?.['name'] === 'string' ? meta['name'] : ''}) does not match the name on the URL (${name})`,
      ),
    );
  }
  const entry = bucketOf(state, type).get(namespaceKey(type, namespace), name);
  if (entry === undefined) {
    if (options.subresource !== undefined) fail(statuses.notFound(type, name));
    return createObject(state, at, { ...config, metadata: { ...meta, name } }, options);
  }
  const merged = mergeAppliedConfig(
    cloneJson(served(type, entry).object),
    config,
    patchTarget(type),
  ) as KubeObject;
  const rv = meta['resourceVersion'];
  merged.metadata.resourceVersion =
    typeof rv === 'string' && rv !== '' ? rv : entry.object.metadata.resourceVersion;
  return updateObject(state, at, merged, options);
}

// Updating an object (PUT, and every patch after the patch is applied): the resourceVersion precondition,
// what the main endpoint versus /status may change, admission, generation, the no-op rule, and removal once
// the last finalizer of a deleting object is gone.
import { cloneJson, deepEqual } from '../api/deep-values.js';
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import { acceptedCrdStatus, readCrd } from '../registry/crd-resources.js';
import type { ResourceType } from '../registry/resource-type.js';
import * as fieldErrors from '../schema/field-errors.js';
import { invalidStatus } from '../schema/index.js';
import { admit } from './admission.js';
import { afterCommit, afterRemoval } from './create.js';
import { checkUnknownFields } from './field-validation.js';
import { finalizersOf, hasPendingFinalizers, isNamespaceType } from './finalizers.js';
import { intake, requireSameName } from './object-intake.js';
import {
  commit,
  requireExisting,
  servedObject,
  storageApiVersion,
  timestamp,
  type ObjectAddress,
  type StoreState,
} from './store-state.js';
import type { WriteOptions, WriteResult } from './write-options.js';

export type UpdateSubresource = 'status' | 'finalize';

export interface UpdateOptions extends WriteOptions {
  readonly subresource?: UpdateSubresource;
}

const KEPT_METADATA = [
  'uid',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'namespace',
  'name',
];

function specPart(type: ResourceType, obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status, apiVersion: _a, kind: _k, ...rest } = obj;
  return type.status ? rest : { ...rest, status };
}

/** Builds what the write may change on top of the stored object, per endpoint. */
function merged(
  type: ResourceType,
  existing: KubeObject,
  incoming: KubeObject,
  subresource: UpdateSubresource | undefined,
): KubeObject {
  if (subresource === 'status') {
    const next = cloneJson(existing);
    if (incoming['status'] === undefined) delete next['status'];
    else next['status'] = incoming['status'];
    next.metadata.resourceVersion = incoming.metadata.resourceVersion ?? existing.metadata.resourceVersion;
    return next;
  }
  if (subresource === 'finalize') {
    const next = cloneJson(existing);
    const spec = isJsonObject(next['spec']) ? next['spec'] : {};
    const wanted = isJsonObject(incoming['spec']) ? incoming['spec']['finalizers'] : undefined;
    spec['finalizers'] = wanted ?? [];
    next['spec'] = spec;
    next.metadata.resourceVersion = incoming.metadata.resourceVersion ?? existing.metadata.resourceVersion;
    return next;
  }
  const next = incoming;
  for (const key of KEPT_METADATA) {
    const v = existing.metadata[key];
    if (v === undefined) delete next.metadata[key];
    else next.metadata[key] = v;
  }
  if (type.status) {
    if (existing['status'] === undefined) delete next['status'];
    else next['status'] = cloneJson(existing['status']);
  }
  if (isNamespaceType(type)) {
    // spec.finalizers of a namespace change only through /finalize.
    const spec = isJsonObject(next['spec']) ? next['spec'] : {};
    const kept = isJsonObject(existing['spec']) ? existing['spec']['finalizers'] : undefined;
    if (kept === undefined) delete spec['finalizers'];
    else spec['finalizers'] = cloneJson(kept);
    next['spec'] = spec;
  }
  return next;
}

export function updateObject(
  state: StoreState,
  at: ObjectAddress,
  body: unknown,
  options: UpdateOptions = {},
): WriteResult {
  const { type, namespace, name } = at;
  const existing = requireExisting(state, at).object;
  const incoming = intake(
    type,
    body,
    type.namespaced ? (existing.metadata.namespace ?? namespace) : undefined,
  );
  requireSameName(incoming, name);
  const wantedRv = incoming.metadata.resourceVersion;
  if (wantedRv !== undefined && wantedRv !== '' && wantedRv !== existing.metadata.resourceVersion) {
    fail(statuses.staleResourceVersion(type, name));
  }
  const candidate = merged(type, existing, incoming, options.subresource);
  const admitted = admit(state, type, candidate, existing);
  const warnings = checkUnknownFields(type, admitted.unknownFields, options.fieldValidation);
  const next = admitted.object;
  if (admitted.compiledCrd !== undefined && next.metadata.deletionTimestamp === undefined) {
    next['status'] = acceptedCrdStatus(next, readCrd(next), timestamp(state));
  }
  if (existing.metadata.deletionTimestamp !== undefined) {
    const before = new Set(finalizersOf(existing));
    const added = finalizersOf(next).filter((f) => !before.has(f));
    if (added.length > 0) {
      fail(
        invalidStatus({
          group: type.group,
          kind: type.kind,
          name,
          causes: [
            fieldErrors.forbidden(
              'metadata.finalizers',
              `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`,
            ),
          ],
        }),
      );
    }
  }
  next.apiVersion = storageApiVersion(type);
  next.metadata.resourceVersion = existing.metadata.resourceVersion;
  if (type.tracksGeneration) {
    const generation = typeof existing.metadata.generation === 'number' ? existing.metadata.generation : 1;
    next.metadata.generation = deepEqual(specPart(type, next), specPart(type, existing))
      ? generation
      : generation + 1;
  }
  if (deepEqual(next, existing)) return { object: servedObject(type, existing), warnings, created: false };
  if (options.dryRun === true) return { object: servedObject(type, next), warnings, created: false };
  const removing = next.metadata.deletionTimestamp !== undefined && !hasPendingFinalizers(type, next);
  const stored = commit(state, type, next, { type: removing ? 'DELETED' : 'MODIFIED', previous: existing });
  if (removing) afterRemoval(state, type, stored);
  else afterCommit(state, type, stored, admitted.compiledCrd);
  return { object: servedObject(type, stored), warnings, created: false };
}

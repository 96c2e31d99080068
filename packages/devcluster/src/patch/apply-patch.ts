// Applies a PATCH body to an object according to its Content-Type: JSON patch (fast-json-patch), JSON merge
// patch (json-merge-patch), strategic merge patch (built-in kinds only, as on a real server) and the
// "apply" patch of server-side apply, approximated by merging the applied configuration into the object.
import jsonpatch from 'fast-json-patch';
import mergePatch from 'json-merge-patch';
import { cloneJson } from '../api/deep-values.js';
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type JsonObject } from '../api/types.js';
import {
  applyStrategicMergePatch,
  StrategicMergePatchError,
  StrategicMergeUnsupportedError,
} from './strategic-merge.js';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
  'application/apply-patch+cbor': 'apply',
};

export const PATCH_CONTENT_TYPES = Object.keys(CONTENT_TYPES);

export function patchTypeOf(mediaType: string): PatchType | undefined {
  return CONTENT_TYPES[mediaType];
}

export interface PatchTarget {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Custom resources reject strategic merge patches with 415, as a real server does. */
  readonly custom: boolean;
}

const unsupportedForCustom = (): never =>
  fail(
    statuses.unsupportedMediaType(
      'application/strategic-merge-patch+json',
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    ),
  );

function applyJsonPatch(original: JsonObject, ops: unknown): JsonObject {
  if (!Array.isArray(ops)) fail(statuses.badRequest('json patch must be a JSON array of operations'));
  const error = jsonpatch.validate(ops as jsonpatch.Operation[], undefined);
  if (error) fail(statuses.badRequest(`invalid json patch: ${error.message.split('\n')[0] ?? error.name}`));
  try {
    const result = jsonpatch.applyPatch(
      cloneJson(original),
      ops as jsonpatch.Operation[],
      true,
      true,
    ).newDocument;
    if (!isJsonObject(result)) fail(statuses.unprocessable('the json patch must leave an object'));
    return result;
  } catch (err) {
    if (err instanceof jsonpatch.JsonPatchError) {
      const first = err.message.split('\n')[0] ?? err.name;
      const op = err.operation as { op?: string; path?: string } | undefined;
      const message =
        err.name === 'TEST_OPERATION_FAILED' ? `testing value ${op?.path ?? ''} failed: test failed` : first;
      fail(statuses.unprocessable(message));
    }
    throw err;
  }
}

function applyMergePatch(original: JsonObject, patch: unknown): JsonObject {
  if (!isJsonObject(patch)) fail(statuses.badRequest('a merge patch must be a JSON object'));
  const result: unknown = mergePatch.apply(cloneJson(original), patch);
  if (!isJsonObject(result)) fail(statuses.badRequest('a merge patch must leave an object'));
  return result;
}

function applyStrategic(original: JsonObject, patch: unknown, target: PatchTarget): JsonObject {
  if (target.custom) return unsupportedForCustom();
  if (!isJsonObject(patch)) fail(statuses.badRequest('a strategic merge patch must be a JSON object'));
  try {
    return applyStrategicMergePatch(cloneJson(original), patch, target);
  } catch (err) {
    if (err instanceof StrategicMergeUnsupportedError) return unsupportedForCustom();
    if (err instanceof StrategicMergePatchError) {
      fail(statuses.badRequest(`unable to apply strategic merge patch: ${err.message}`));
    }
    throw err;
  }
}

/**
 * Server-side apply, lite: the applied configuration is merged into the live object (keyed lists by their
 * merge keys for built-in kinds, whole lists for custom resources). Field ownership is not tracked, so
 * fields dropped from the applied configuration are not removed.
 */
export function mergeAppliedConfig(live: JsonObject, applied: JsonObject, target: PatchTarget): JsonObject {
  if (!target.custom) {
    try {
      return applyStrategicMergePatch(cloneJson(live), applied, target);
    } catch (err) {
      if (err instanceof StrategicMergePatchError) {
        fail(statuses.badRequest(`unable to apply the configuration: ${err.message}`));
      }
      if (!(err instanceof StrategicMergeUnsupportedError)) throw err;
    }
  }
  return mergePatch.apply(cloneJson(live), applied) as JsonObject;
}

/** Applies a json, merge or strategic patch; apply patches go through mergeAppliedConfig. */
export function applyPatch(
  original: JsonObject,
  type: Exclude<PatchType, 'apply'>,
  patch: unknown,
  target: PatchTarget,
): JsonObject {
  switch (type) {
    case 'json':
      return applyJsonPatch(original, patch);
    case 'merge':
      return applyMergePatch(original, patch);
    case 'strategic':
      return applyStrategic(original, patch, target);
  }
}

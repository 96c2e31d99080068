// Strategic merge patch as the API server applies it to built-in kinds (k8s.io/apimachinery strategicpatch,
// with the server's options: parallel deletion lists are merged, nulls for absent fields are ignored).
// - Maps merge key by key; `null` deletes a key; `$patch: replace` replaces the map, `$patch: delete` empties it.
// - Lists with a merge key merge item by item (`$patch: delete` items remove, a `{$patch: replace}` item makes
//   the list the patch's); primitive merge lists are sets; every other list is replaced by the patch.
// - `$retainKeys` clears the keys it does not list, `$setElementOrder/<list>` orders the merged list, and
//   `$deleteFromPrimitiveList/<list>` removes values from a primitive merge list.
import { cloneJson, deepEqual, isObject, setOwn, type JsonObject } from '../schema/json-value.js';
import { StrategicMergePatchError, StrategicMergeUnsupportedError } from './strategic-merge-errors.js';
import { fieldMeta, rootTypeOf, type FieldPatchMeta } from './strategic-merge-schema.js';

export { StrategicMergePatchError, StrategicMergeUnsupportedError } from './strategic-merge-errors.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';
const MAX_DEPTH = 200;

function fail(message: string): never {
  throw new StrategicMergePatchError(message);
}

/**
 * Applies `patch` to a copy of `original` for an object of the given kind. Throws StrategicMergeUnsupportedError
 * for kinds strategic merge patch does not apply to, StrategicMergePatchError for a patch it cannot apply.
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  target: { group: string; version: string; kind: string },
): Record<string, unknown> {
  const type = rootTypeOf(target);
  if (type === undefined) throw new StrategicMergeUnsupportedError(target);
  if (!isObject(patch)) fail('a strategic merge patch must be a JSON object');
  const base = isObject(original) ? (cloneJson(original) as JsonObject) : {};
  return mergeMap(base, cloneJson(patch) as JsonObject, type, 0);
}

function mergeMap(
  original: JsonObject,
  patch: JsonObject,
  type: string | undefined,
  depth: number,
): JsonObject {
  if (depth > MAX_DEPTH) fail('the patch is nested too deeply');
  if (Object.hasOwn(patch, DIRECTIVE)) {
    const directive = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (directive === 'replace') return mergeMap({}, patch, type, depth + 1);
    if (directive === 'delete') return {};
    if (directive !== 'merge') fail(`unknown patch type: ${JSON.stringify(directive)} in map`);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, type, depth);
  for (const [rawKey, value] of Object.entries(patch)) {
    const deleteList = rawKey.startsWith(DELETE_FROM);
    const key = deleteList ? rawKey.slice(DELETE_FROM.length) : rawKey;
    if (value === null) {
      if (!deleteList) delete original[key];
      continue;
    }
    const meta = fieldMeta(type, key);
    const current = Object.hasOwn(original, key) ? original[key] : undefined;
    if (isObject(current) && isObject(value) && meta.replace !== true) {
      setOwn(original, key, mergeMap(current, value, meta.type, depth + 1));
    } else if (Array.isArray(current) && Array.isArray(value)) {
      setOwn(original, key, mergeList(current, value, meta, { deleteList, depth: depth + 1 }));
    } else if (!deleteList) {
      setOwn(original, key, fresh(value, meta, depth + 1));
    }
  }
  return original;
}

/** A patch value placed where the original has nothing (or something of another shape): directives removed. */
function fresh(value: unknown, meta: FieldPatchMeta, depth: number): unknown {
  if (isObject(value)) return mergeMap({}, value, meta.type, depth);
  if (Array.isArray(value)) return mergeList([], value, meta, { deleteList: false, depth });
  return value;
}

function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, RETAIN_KEYS)) return;
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) fail('invalid patch format of retainKeys: $retainKeys must be a list');
  const keep = new Set(retain.map(String));
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER)) continue;
    if (!keep.has(k)) fail(`invalid patch format of retainKeys: "${k}" is patched but not in $retainKeys`);
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  type: string | undefined,
  depth: number,
): void {
  for (const directive of Object.keys(patch)) {
    if (!directive.startsWith(SET_ORDER)) continue;
    const field = directive.slice(SET_ORDER.length);
    const order = patch[directive];
    const patchList = Object.hasOwn(patch, field) ? patch[field] : [];
    if (!Array.isArray(order)) fail(`${directive} must be a list`);
    if (patchList === null) {
      delete patch[directive];
      continue;
    }
    if (!Array.isArray(patchList)) fail(`${field} must be a list when ${directive} is given`);
    const meta = fieldMeta(type, field);
    const key = meta.mergeKey ?? '';
    checkOrderCoversPatch(patchList, order, key, directive);
    const current = Array.isArray(original[field]) ? (original[field] as unknown[]) : [];
    const merged = Object.hasOwn(patch, field)
      ? mergeList(current, patchList, meta, { deleteList: false, depth: depth + 1 })
      : current;
    const inOrder = merged.filter((item) => indexIn(order, item, key) >= 0);
    const serverOnly = merged.filter((item) => indexIn(order, item, key) < 0);
    const result = normalizeOrder(inOrder, serverOnly, order, current, key);
    if (result.length > 0) setOwn(original, field, result);
    else delete original[field];
    delete patch[directive];
    delete patch[field];
  }
}

function checkOrderCoversPatch(patchList: unknown[], order: unknown[], key: string, directive: string): void {
  let last = -1;
  for (const item of patchList) {
    if (isObject(item) && Object.hasOwn(item, DIRECTIVE)) continue;
    const at = indexIn(order, item, key);
    if (at < 0 || at < last) fail(`the patch list does not match the order of ${directive}`);
    last = at;
  }
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  meta: FieldPatchMeta,
  options: { deleteList: boolean; depth: number },
): unknown[] {
  const { mergeKey } = meta;
  if (mergeKey === undefined) {
    if (options.deleteList) return original;
    return patch.map((item) => (isObject(item) ? mergeMap({}, item, meta.type, options.depth) : item));
  }
  if (original.length === 0 && patch.length === 0) return original;
  const maps = [...original, ...patch].some(isObject);
  if (maps && ![...original, ...patch].every(isObject))
    fail('a merged list holds both objects and other values');
  if (!maps) {
    if (options.deleteList) return original.filter((v) => !patch.some((p) => deepEqual(p, v)));
    const merged: unknown[] = [];
    for (const v of [...original, ...patch]) if (!merged.some((m) => deepEqual(m, v))) merged.push(v);
    return partitionAndOrder(merged, patch, original, '');
  }
  if (mergeKey === '') fail('cannot merge a list of objects without a merge key');
  const [base, items] = withSpecialElements(
    original as JsonObject[],
    patch as JsonObject[],
    mergeKey,
    meta.type,
    options.depth,
  );
  const merged: unknown[] = [...base];
  for (const item of items) {
    if (!Object.hasOwn(item, mergeKey))
      fail(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const at = merged.findIndex((o) => isObject(o) && deepEqual(o[mergeKey], item[mergeKey]));
    if (at >= 0) merged[at] = mergeMap(merged[at] as JsonObject, item, meta.type, options.depth + 1);
    else merged.push(mergeMap({}, item, meta.type, options.depth + 1));
  }
  return partitionAndOrder(merged, items, base, mergeKey);
}

/** Applies the `$patch` items of a keyed list patch; returns the remaining original and patch items. */
function withSpecialElements(
  original: JsonObject[],
  patch: JsonObject[],
  key: string,
  type: string | undefined,
  depth: number,
): [JsonObject[], JsonObject[]] {
  let base = original;
  const rest: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    if (!Object.hasOwn(item, DIRECTIVE)) {
      rest.push(item);
      continue;
    }
    switch (item[DIRECTIVE]) {
      case 'delete':
        if (!Object.hasOwn(item, key))
          fail(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
        base = base.filter((o) => !deepEqual(o[key], item[key]));
        break;
      case 'replace':
        replace = true;
        break;
      case 'merge':
        fail('merging lists cannot yet be specified in the patch');
        break;
      default:
        fail(`unknown patch type: ${JSON.stringify(item[DIRECTIVE])} in list item`);
    }
  }
  if (replace) return [rest.map((item) => mergeMap({}, item, type, depth + 1)), []];
  return [base, rest];
}

function partitionAndOrder(merged: unknown[], patch: unknown[], original: unknown[], key: string): unknown[] {
  const fromPatch = merged.filter((item) => indexIn(patch, item, key) >= 0);
  const serverOnly = merged.filter((item) => indexIn(patch, item, key) < 0);
  return normalizeOrder(fromPatch, serverOnly, patch, original, key);
}

function indexIn(list: readonly unknown[], item: unknown, key: string): number {
  if (key === '') return list.findIndex((v) => deepEqual(v, item));
  if (!isObject(item)) return -1;
  return list.findIndex((v) => isObject(v) && deepEqual(v[key], item[key]));
}

function sortByOrder(items: unknown[], order: readonly unknown[], key: string): unknown[] {
  const unknownOrder = items.filter((i) => indexIn(order, i, key) < 0);
  const known = items.filter((i) => indexIn(order, i, key) >= 0);
  known.sort((a, b) => indexIn(order, a, key) - indexIn(order, b, key));
  return [...unknownOrder, ...known];
}

/**
 * Patch items in patch (or $setElementOrder) order; items only on the server in their server order, each kept
 * before the first patch item that followed it on the server (strategicpatch normalizeElementOrder).
 */
function normalizeOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  key: string,
): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, key);
  const left = sortByOrder(serverOnly, serverOrder, key);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], key);
      const ri = indexIn(serverOrder, right[j], key);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

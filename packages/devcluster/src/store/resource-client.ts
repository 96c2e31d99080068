// The in-process API for one resource: what controllers running inside devcluster use instead of HTTP.
// Every call runs the same code as the matching HTTP request (admission, resourceVersion, events), so a
// controller's writes are indistinguishable from a client's. Calls are synchronous; objects returned are
// deep-frozen snapshots: copy them (structuredClone) before changing anything, or use `mutate`.
import { cloneJson } from '../api/deep-values.js';
import type { Status } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createObject } from './create.js';
import { deleteObject, type DeleteOptions, type DeleteResult } from './delete.js';
import { patchObject, type PatchDocument, type PatchOptions } from './patch.js';
import { getEntry, listEntries, startWatch, type WatchHandle, type WatchOptions } from './read.js';
import { getScale, patchScale, updateScale } from './scale.js';
import type { SelectionOptions } from './selectors.js';
import type { ObjectAddress, StoreState } from './store-state.js';
import { updateObject, type UpdateSubresource } from './update.js';
import type { WriteOptions } from './write-options.js';

export type WatchEvent =
  | { readonly type: 'ADDED' | 'MODIFIED' | 'DELETED'; readonly object: KubeObject }
  | { readonly type: 'ERROR'; readonly object: Status };

export interface ResourceClient {
  readonly type: ResourceType;
  /** The object, or undefined if there is none. `namespace` is ignored for cluster-scoped resources. */
  get(namespace: string | undefined, name: string): KubeObject | undefined;
  list(options?: SelectionOptions): { items: KubeObject[]; resourceVersion: string };
  create(object: KubeObject, options?: WriteOptions): KubeObject;
  /** PUT: replaces spec and metadata (status is kept for kinds with a status subresource). */
  update(object: KubeObject, options?: WriteOptions): KubeObject;
  /** PUT .../status: changes only status. */
  updateStatus(object: KubeObject, options?: WriteOptions): KubeObject;
  /** Applies a patch document: `{ type: 'merge' | 'json' | 'strategic' | 'apply', body }`. */
  patch(
    namespace: string | undefined,
    name: string,
    patch: PatchDocument,
    options?: PatchOptions,
  ): KubeObject;
  /**
   * Copies the object, lets `change` edit the copy, and writes it back (through /status or /finalize when
   * asked). Undefined if the object does not exist.
   */
  mutate(
    namespace: string | undefined,
    name: string,
    change: (draft: KubeObject) => void,
    options?: { subresource?: UpdateSubresource } & WriteOptions,
  ): KubeObject | undefined;
  delete(namespace: string | undefined, name: string, options?: DeleteOptions): DeleteResult;
  getScale(namespace: string | undefined, name: string): KubeObject;
  /** Writes spec.replicas through the scale subresource; returns the new Scale. */
  scale(namespace: string | undefined, name: string, replicas: number): KubeObject;
  patchScale(namespace: string | undefined, name: string, patch: PatchDocument): KubeObject;
  /**
   * Watches like an HTTP watch: with `resourceVersion` unset, ADDED for every existing match first. The
   * listener runs synchronously after each write, in resourceVersion order. Throws 410 Expired for a
   * resourceVersion older than the retained history; an ERROR event ends a watch the server expires.
   */
  watch(options: WatchOptions, listener: (event: WatchEvent) => void): WatchHandle;
}

export function createResourceClient(state: StoreState, type: ResourceType): ResourceClient {
  const at = (namespace: string | undefined, name: string): ObjectAddress => ({ type, namespace, name });
  const of = (obj: KubeObject): ObjectAddress => at(obj.metadata.namespace, obj.metadata.name ?? '');
  return {
    type,
    get: (namespace, name) => getEntry(state, at(namespace, name))?.object,
    list(options = {}) {
      const result = listEntries(state, type, options);
      return { items: result.entries.map((e) => e.object), resourceVersion: String(result.resourceVersion) };
    },
    create: (object, options) => createObject(state, of(object), object, options).object,
    update: (object, options = {}) => updateObject(state, of(object), object, options).object,
    updateStatus: (object, options = {}) =>
      updateObject(state, of(object), object, { ...options, subresource: 'status' }).object,
    patch: (namespace, name, patch, options) =>
      patchObject(state, at(namespace, name), patch, options).object,
    mutate(namespace, name, change, options = {}) {
      const current = getEntry(state, at(namespace, name))?.object;
      if (current === undefined) return undefined;
      const draft = cloneJson(current);
      change(draft);
      return updateObject(state, at(namespace, name), draft, options).object;
    },
    delete: (namespace, name, options) => deleteObject(state, at(namespace, name), options),
    getScale: (namespace, name) => getScale(state, at(namespace, name)),
    scale: (namespace, name, replicas) => updateScale(state, at(namespace, name), { spec: { replicas } }),
    patchScale: (namespace, name, patch) => patchScale(state, at(namespace, name), patch),
    watch: (options, listener) =>
      startWatch(state, type, options, {
        event: (t, entry) => listener({ type: t, object: entry.object }),
        expired: (status) => listener({ type: 'ERROR', object: status }),
      }),
  };
}

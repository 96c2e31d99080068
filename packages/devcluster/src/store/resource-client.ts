// The in-process API for one resource: what controllers running inside devcluster use instead of HTTP.
// Every call runs the same code as the matching HTTP request (admission, resourceVersion, events), so a
// controller's writes are indistinguishable from a client's. Calls are synchronous; objects returned are
// deep-frozen snapshots: copy them (structuredClone) before changing anything, or use `mutate`.
import { cloneJson } from '../api/deep-values.js';
import type { Status } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { PatchType } from '../patch/apply-patch.js';
import type { ResourceType } from '../registry/resource-type.js';
import { createObject } from './create.js';
import { deleteObject, type DeleteOptions, type DeleteResult } from './delete.js';
import { patchObject, type PatchOptions } from './patch.js';
import {
  getEntry,
  listEntries,
  startWatch,
  type ActiveWatch,
  type WatchHandle,
  type WatchOptions,
} from './read.js';
import { getScale, patchScale, updateScale } from './scale.js';
import type { SelectionOptions } from './selectors.js';
import type { StoreState } from './store-state.js';
import { updateObject, type UpdateOptions, type UpdateSubresource } from './update.js';
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
  patch(
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
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
  patchScale(namespace: string | undefined, name: string, type: PatchType, patch: unknown): KubeObject;
  /**
   * Watches like an HTTP watch: with `resourceVersion` unset, ADDED for every existing match first. The
   * listener runs synchronously after each write, in resourceVersion order. Throws 410 Expired for a
   * resourceVersion older than the retained history; an ERROR event ends a watch the server expires.
   */
  watch(options: WatchOptions, listener: (event: WatchEvent) => void): WatchHandle;
}

export function createResourceClient(
  state: StoreState,
  active: Set<ActiveWatch>,
  type: ResourceType,
): ResourceClient {
  const ns = (obj: KubeObject): string | undefined => obj.metadata.namespace;
  const name = (obj: KubeObject): string => obj.metadata.name ?? '';
  const update = (object: KubeObject, options: UpdateOptions): KubeObject =>
    updateObject(state, type, ns(object), name(object), object, options).object;
  return {
    type,
    get: (namespace, n) => getEntry(state, type, namespace, n)?.object,
    list(options = {}) {
      const result = listEntries(state, type, options);
      return { items: result.entries.map((e) => e.object), resourceVersion: String(result.resourceVersion) };
    },
    create: (object, options) => createObject(state, type, ns(object), object, options).object,
    update: (object, options = {}) => update(object, options),
    updateStatus: (object, options = {}) => update(object, { ...options, subresource: 'status' }),
    patch: (namespace, n, patchType, patch, options) =>
      patchObject(state, type, namespace, n, patchType, patch, options).object,
    mutate(namespace, n, change, options = {}) {
      const current = getEntry(state, type, namespace, n)?.object;
      if (current === undefined) return undefined;
      const draft = cloneJson(current);
      change(draft);
      return updateObject(state, type, namespace, n, draft, options).object;
    },
    delete: (namespace, n, options) => deleteObject(state, type, namespace, n, options),
    getScale: (namespace, n) => getScale(state, type, namespace, n),
    scale: (namespace, n, replicas) => updateScale(state, type, namespace, n, { spec: { replicas } }),
    patchScale: (namespace, n, patchType, patch) => patchScale(state, type, namespace, n, patchType, patch),
    watch: (options, listener) =>
      startWatch(state, active, type, options, {
        event: (t, object) => listener({ type: t, object }),
        expired: (status) => listener({ type: 'ERROR', object: status }),
      }),
  };
}

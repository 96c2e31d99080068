// What the server knows about one resource at one version: names, scope, verbs and subresources. Built-in
// kinds are declared in builtin-resources.ts; custom resources are derived from their CRD.
import type { GroupResource } from '../api/types.js';

/** Where a scale subresource finds its numbers (a CRD's `subresources.scale`, or the apps/v1 layout). */
export interface ScalePaths {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  /** For apps/v1 the selector is `spec.selector` as a LabelSelector object; for CRDs a string at this path. */
  readonly labelSelectorPath?: string;
  readonly labelSelectorIsObject?: boolean;
}

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: string;
  readonly priority?: number;
}

export interface ResourceType extends GroupResource {
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
  readonly verbs: readonly string[];
  readonly status: boolean;
  readonly scale?: ScalePaths;
  /** `services/proxy`, `namespaces/finalize`: extra subresources listed in discovery. */
  readonly extraSubresources: readonly { name: string; kind: string; verbs: readonly string[] }[];
  /** The version objects are stored at; reads at another version only rewrite apiVersion. */
  readonly storageVersion: string;
  /** Whether metadata.generation is maintained (bumped on spec changes). */
  readonly tracksGeneration: boolean;
  /** Field selector labels accepted besides metadata.name and metadata.namespace. */
  readonly fieldLabels: readonly string[];
  /** Set for custom resources: the CRD that defines them. */
  readonly crdName?: string;
  /** CRD printer columns; built-ins have their own column functions. */
  readonly printerColumns?: readonly PrinterColumn[];
}

export const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group === '' ? t.version : `${t.group}/${t.version}`;
}

/** The key objects of this resource are stored under, shared by all its versions. */
export function storageKeyOf(t: GroupResource): string {
  return `${t.group}/${t.resource}`;
}

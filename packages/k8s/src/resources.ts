// Describes a Kubernetes resource type (group, version, plural) and builds its REST paths. The wrappers work
// on any resource given its descriptor; the well-known built-ins the deployables use are listed here, and
// custom resources are described by the package that owns them (e.g. @keda-http/api's constants).

export interface ResourceType {
  /** API group; '' for the core group. */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const apiVersionOf = (rt: ResourceType): string =>
  rt.group === '' ? rt.version : `${rt.group}/${rt.version}`;

const groupPrefix = (rt: ResourceType): string =>
  rt.group === '' ? `/api/${rt.version}` : `/apis/${rt.group}/${rt.version}`;

/** `/apis/G/V[/namespaces/NS]/PLURAL`; without a namespace, a namespaced resource is listed across all. */
export function collectionPath(rt: ResourceType, namespace?: string): string {
  const ns = rt.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupPrefix(rt)}${ns}/${rt.plural}`;
}

/** The path of one object, optionally of a subresource such as `status` or `scale`. */
export function objectPath(rt: ResourceType, name: string, namespace?: string, subresource?: string): string {
  if (rt.namespaced && !namespace) throw new Error(`${rt.kind} ${name}: a namespace is required`);
  const base = `${collectionPath(rt, namespace)}/${encodeURIComponent(name)}`;
  return subresource ? `${base}/${subresource}` : base;
}

const builtin = (
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced = true,
): ResourceType => Object.freeze({ group, version, plural, kind, namespaced });

export const builtinResources = Object.freeze({
  namespaces: builtin('', 'v1', 'namespaces', 'Namespace', false),
  services: builtin('', 'v1', 'services', 'Service'),
  endpoints: builtin('', 'v1', 'endpoints', 'Endpoints'),
  configMaps: builtin('', 'v1', 'configmaps', 'ConfigMap'),
  secrets: builtin('', 'v1', 'secrets', 'Secret'),
  pods: builtin('', 'v1', 'pods', 'Pod'),
  events: builtin('', 'v1', 'events', 'Event'),
  deployments: builtin('apps', 'v1', 'deployments', 'Deployment'),
  statefulSets: builtin('apps', 'v1', 'statefulsets', 'StatefulSet'),
  endpointSlices: builtin('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice'),
  leases: builtin('coordination.k8s.io', 'v1', 'leases', 'Lease'),
});

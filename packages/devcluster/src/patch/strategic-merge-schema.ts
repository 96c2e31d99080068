// The patch metadata of the built-in kinds devcluster serves: which lists merge by which key
// (`patchStrategy:"merge"` + `patchMergeKey` in k8s.io/api), and the struct types to descend into to find them.
// A list not named here is replaced by the patch; a map not named here is merged key by key.

/** How a field merges: a list by key (or a primitive list as a set), and/or the type of its items or value. */
export interface FieldPatchMeta {
  /** Present for lists whose patchStrategy is merge; empty string for primitive lists merged as sets. */
  readonly mergeKey?: string;
  /** The struct type of the value (for a list, of its items). */
  readonly type?: string;
  /** `patchStrategy:"replace"`: the patch's value replaces the field's whole value. */
  readonly replace?: true;
}

type StructMeta = Readonly<Record<string, FieldPatchMeta>>;

const merge = (mergeKey: string, type?: string): FieldPatchMeta => (type ? { mergeKey, type } : { mergeKey });
const struct = (type: string): FieldPatchMeta => ({ type });

const STRUCTS: Readonly<Record<string, StructMeta>> = {
  ObjectMeta: { ownerReferences: merge('uid'), finalizers: merge('') },
  PodTemplateSpec: { metadata: struct('ObjectMeta'), spec: struct('PodSpec') },
  PodSpec: {
    volumes: merge('name'),
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'),
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    resourceClaims: merge('name'),
    schedulingGates: merge('name'),
  },
  Container: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
  },
  PodStatus: {
    conditions: merge('type'),
    podIPs: merge('ip'),
    hostIPs: merge('ip'),
    resourceClaimStatuses: merge('name'),
  },
  Pod: { metadata: struct('ObjectMeta'), spec: struct('PodSpec'), status: struct('PodStatus') },
  Deployment: {
    metadata: struct('ObjectMeta'),
    spec: struct('DeploymentSpec'),
    status: struct('ConditionsStatus'),
  },
  DeploymentSpec: { template: struct('PodTemplateSpec') },
  StatefulSet: {
    metadata: struct('ObjectMeta'),
    spec: struct('StatefulSetSpec'),
    status: struct('ConditionsStatus'),
  },
  StatefulSetSpec: { template: struct('PodTemplateSpec') },
  ConditionsStatus: { conditions: merge('type') },
  Service: {
    metadata: struct('ObjectMeta'),
    spec: struct('ServiceSpec'),
    status: struct('ConditionsStatus'),
  },
  ServiceSpec: { ports: merge('port') },
  Namespace: { metadata: struct('ObjectMeta'), status: struct('ConditionsStatus') },
  ServiceAccount: { metadata: struct('ObjectMeta'), secrets: merge('name') },
  Plain: { metadata: struct('ObjectMeta') },
  PodDisruptionBudget: {
    metadata: struct('ObjectMeta'),
    spec: struct('PodDisruptionBudgetSpec'),
    status: struct('ConditionsStatus'),
  },
  PodDisruptionBudgetSpec: { selector: { replace: true } },
};

/** group/version/Kind → the struct type of the whole object. */
const KINDS: Readonly<Record<string, string>> = {
  '/v1/Pod': 'Pod',
  '/v1/Service': 'Service',
  '/v1/Namespace': 'Namespace',
  '/v1/ServiceAccount': 'ServiceAccount',
  '/v1/ConfigMap': 'Plain',
  '/v1/Secret': 'Plain',
  '/v1/Endpoints': 'Plain',
  '/v1/Event': 'Plain',
  'apps/v1/Deployment': 'Deployment',
  'apps/v1/StatefulSet': 'StatefulSet',
  'autoscaling/v1/Scale': 'Plain',
  'discovery.k8s.io/v1/EndpointSlice': 'Plain',
  'coordination.k8s.io/v1/Lease': 'Plain',
  'policy/v1/PodDisruptionBudget': 'PodDisruptionBudget',
  'events.k8s.io/v1/Event': 'Plain',
  'rbac.authorization.k8s.io/v1/Role': 'Plain',
  'rbac.authorization.k8s.io/v1/RoleBinding': 'Plain',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'Plain',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'Plain',
};

/** The struct type of a kind's objects, or undefined when strategic merge patch does not know the kind. */
export function rootTypeOf(target: { group: string; version: string; kind: string }): string | undefined {
  const key = `${target.group}/${target.version}/${target.kind}`;
  return Object.hasOwn(KINDS, key) ? KINDS[key] : undefined;
}

/** The patch metadata of `field` in struct `type` (nothing for unknown types and fields). */
export function fieldMeta(type: string | undefined, field: string): FieldPatchMeta {
  if (type === undefined || !Object.hasOwn(STRUCTS, type)) return {};
  const struct = STRUCTS[type] as StructMeta;
  return Object.hasOwn(struct, field) ? (struct[field] as FieldPatchMeta) : {};
}

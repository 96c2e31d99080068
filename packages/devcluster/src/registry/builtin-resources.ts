// The built-in resources devcluster serves, with the names, short names, categories and subresources a real
// API server lists in discovery.
import { ALL_VERBS, type ResourceType, type ScalePaths } from './resource-type.js';

interface BuiltinSpec {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  scale?: ScalePaths;
  extraSubresources?: ResourceType['extraSubresources'];
  tracksGeneration?: boolean;
  fieldLabels?: string[];
}

const appsScale: ScalePaths = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
  labelSelectorIsObject: true,
};

const specs: BuiltinSpec[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    status: true,
    extraSubresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }],
    fieldLabels: ['status.phase'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    status: true,
    extraSubresources: [
      { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
    ],
    fieldLabels: ['spec.clusterIP', 'spec.type'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'endpoints',
    kind: 'Endpoints',
    namespaced: true,
    shortNames: ['ep'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
  },
  { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, fieldLabels: ['type'] },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    status: true,
    extraSubresources: [{ name: 'log', kind: 'Pod', verbs: ['get'] }],
    fieldLabels: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    fieldLabels: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  {
    group: '',
    version: 'v1',
    resource: 'serviceaccounts',
    kind: 'ServiceAccount',
    namespaced: true,
    shortNames: ['sa'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    status: true,
    scale: appsScale,
    tracksGeneration: true,
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    status: true,
    scale: appsScale,
    tracksGeneration: true,
    fieldLabels: ['status.replicas'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'statefulsets',
    kind: 'StatefulSet',
    namespaced: true,
    shortNames: ['sts'],
    categories: ['all'],
    status: true,
    scale: appsScale,
    tracksGeneration: true,
  },
  {
    group: 'discovery.k8s.io',
    version: 'v1',
    resource: 'endpointslices',
    kind: 'EndpointSlice',
    namespaced: true,
  },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease', namespaced: true },
  {
    // Stored, not enforced: nothing here evicts pods (charts such as ours install one by default).
    group: 'policy',
    version: 'v1',
    resource: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    shortNames: ['pdb'],
    status: true,
    tracksGeneration: true,
  },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role', namespaced: true },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'rolebindings',
    kind: 'RoleBinding',
    namespaced: true,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterroles',
    kind: 'ClusterRole',
    namespaced: false,
  },
  {
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    resource: 'clusterrolebindings',
    kind: 'ClusterRoleBinding',
    namespaced: false,
  },
  {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    resource: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
    tracksGeneration: true,
  },
];

/** Every built-in resource type, in discovery order. */
export function builtinResources(): ResourceType[] {
  return specs.map((s) => {
    const t: ResourceType = {
      group: s.group,
      version: s.version,
      resource: s.resource,
      kind: s.kind,
      listKind: `${s.kind}List`,
      singular: s.kind.toLowerCase(),
      namespaced: s.namespaced,
      shortNames: s.shortNames ?? [],
      categories: s.categories ?? [],
      verbs: ALL_VERBS,
      status: s.status ?? false,
      extraSubresources: s.extraSubresources ?? [],
      storageVersion: s.version,
      tracksGeneration: s.tracksGeneration ?? false,
      fieldLabels: s.fieldLabels ?? [],
    };
    return s.scale ? { ...t, scale: s.scale } : t;
  });
}

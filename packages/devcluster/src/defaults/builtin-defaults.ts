// Server-side defaults for the built-in kinds, applied on every write so that a re-apply of the same
// manifest finds nothing to change. Each function fills absent fields only; it never rewrites a value the
// client sent.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { defaultPodSpec, defaultTemplate } from './pod-spec-defaults.js';
import { defaultService, type ServiceAllocator } from './service-defaults.js';

export interface DefaultingContext {
  readonly old: KubeObject | undefined;
  readonly allocator: ServiceAllocator;
}

function setIfAbsent(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

function specOf(obj: KubeObject): JsonObject {
  if (!isJsonObject(obj['spec'])) obj['spec'] = {};
  return obj['spec'] as JsonObject;
}

function eachObject(list: unknown, fn: (o: JsonObject) => void): void {
  if (Array.isArray(list)) for (const item of list) if (isJsonObject(item)) fn(item);
}

type Defaulter = (obj: KubeObject, ctx: DefaultingContext) => void;

const defaulters: Record<string, Defaulter> = {
  'apps/Deployment': (obj) => {
    const spec = specOf(obj);
    setIfAbsent(spec, 'replicas', 1);
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    setIfAbsent(spec, 'progressDeadlineSeconds', 600);
    if (!isJsonObject(spec['strategy'])) spec['strategy'] = {};
    const strategy = spec['strategy'] as JsonObject;
    setIfAbsent(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      if (!isJsonObject(strategy['rollingUpdate'])) strategy['rollingUpdate'] = {};
      const ru = strategy['rollingUpdate'] as JsonObject;
      setIfAbsent(ru, 'maxUnavailable', '25%');
      setIfAbsent(ru, 'maxSurge', '25%');
    }
    defaultTemplate(spec);
  },
  'apps/StatefulSet': (obj) => {
    const spec = specOf(obj);
    setIfAbsent(spec, 'replicas', 1);
    setIfAbsent(spec, 'podManagementPolicy', 'OrderedReady');
    setIfAbsent(spec, 'revisionHistoryLimit', 10);
    if (!isJsonObject(spec['updateStrategy'])) spec['updateStrategy'] = {};
    const strategy = spec['updateStrategy'] as JsonObject;
    setIfAbsent(strategy, 'type', 'RollingUpdate');
    if (strategy['type'] === 'RollingUpdate') {
      if (!isJsonObject(strategy['rollingUpdate'])) strategy['rollingUpdate'] = {};
      setIfAbsent(strategy['rollingUpdate'] as JsonObject, 'partition', 0);
    }
    setIfAbsent(spec, 'persistentVolumeClaimRetentionPolicy', {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    defaultTemplate(spec);
  },
  'apps/ReplicaSet': (obj) => {
    const spec = specOf(obj);
    setIfAbsent(spec, 'replicas', 1);
    defaultTemplate(spec);
  },
  '/Service': (obj, ctx) => defaultService(obj, ctx.old, ctx.allocator),
  '/Pod': (obj) => defaultPodSpec(specOf(obj), true),
  '/Namespace': (obj) => {
    const spec = specOf(obj);
    setIfAbsent(spec, 'finalizers', ['kubernetes']);
    const name = obj.metadata.name;
    if (name !== undefined)
      obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': name };
  },
  '/Secret': (obj) => {
    setIfAbsent(obj, 'type', 'Opaque');
    const stringData = obj['stringData'];
    if (isJsonObject(stringData)) {
      const data: JsonObject = isJsonObject(obj['data']) ? { ...obj['data'] } : {};
      for (const [k, v] of Object.entries(stringData)) {
        if (typeof v === 'string') data[k] = Buffer.from(v, 'utf8').toString('base64');
      }
      obj['data'] = data;
      delete obj['stringData'];
    }
  },
  '/Endpoints': (obj) => {
    eachObject(obj['subsets'], (s) => eachObject(s['ports'], (p) => setIfAbsent(p, 'protocol', 'TCP')));
  },
  'discovery.k8s.io/EndpointSlice': (obj) => {
    eachObject(obj['ports'], (p) => setIfAbsent(p, 'protocol', 'TCP'));
  },
  'rbac.authorization.k8s.io/RoleBinding': (obj) => defaultSubjects(obj),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (obj) => defaultSubjects(obj),
  'apiextensions.k8s.io/CustomResourceDefinition': (obj) => {
    const spec = specOf(obj);
    if (isJsonObject(spec['names'])) {
      const names = spec['names'];
      if (typeof names['kind'] === 'string') {
        setIfAbsent(names, 'singular', names['kind'].toLowerCase());
        setIfAbsent(names, 'listKind', `${names['kind']}List`);
      }
    }
    setIfAbsent(spec, 'conversion', { strategy: 'None' });
  },
};

function defaultSubjects(obj: KubeObject): void {
  eachObject(obj['subjects'], (s) => {
    if (s['kind'] === 'User' || s['kind'] === 'Group')
      setIfAbsent(s, 'apiGroup', 'rbac.authorization.k8s.io');
  });
}

/** Applies the defaults of a built-in kind to `obj` in place (custom resources get theirs from their schema). */
export function applyBuiltinDefaults(type: ResourceType, obj: KubeObject, ctx: DefaultingContext): void {
  defaulters[`${type.group}/${type.kind}`]?.(obj, ctx);
}

/** The status a built-in object starts with; a client cannot set it on create. */
export function initialStatus(type: ResourceType): JsonObject | undefined {
  switch (`${type.group}/${type.kind}`) {
    case 'apps/Deployment':
    case 'apps/StatefulSet':
      return {};
    case 'apps/ReplicaSet':
      return { replicas: 0 };
    case '/Service':
      return { loadBalancer: {} };
    case '/Pod':
      return { phase: 'Pending', qosClass: 'BestEffort' };
    case '/Namespace':
      return { phase: 'Active' };
    default:
      return undefined;
  }
}

// Kind-specific validation for the built-in kinds: the rules a client is most likely to trip over
// (required fields, selectors that must match their template, ports, immutable fields). It is not the full
// validation of kube-apiserver; docs/devcluster.md says which rules exist.
import type { StatusCause } from '../schema/types.js';
import { deepEqual } from '../api/deep-values.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { labelSelectorFromObject, SelectorParseError } from '../selectors/index.js';
import * as fieldErrors from '../schema/field-errors.js';

type Validator = (obj: KubeObject, old: KubeObject | undefined) => StatusCause[];

const asObject = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function validateContainers(spec: JsonObject, at: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const containers = spec['containers'];
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push(fieldErrors.required(`${at}.containers`));
    return causes;
  }
  const names = new Set<string>();
  containers.forEach((c: unknown, i) => {
    const path = `${at}.containers[${i}]`;
    const container = asObject(c);
    const name = container['name'];
    if (typeof name !== 'string' || name === '') causes.push(fieldErrors.required(`${path}.name`));
    else if (names.has(name)) causes.push(fieldErrors.duplicate(`${path}.name`, name));
    else names.add(name);
    if (typeof container['image'] !== 'string' || container['image'] === '')
      causes.push(fieldErrors.required(`${path}.image`));
    asList(container['ports']).forEach((p: unknown, j) => {
      const port = asObject(p)['containerPort'];
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        causes.push(
          fieldErrors.invalid(
            `${path}.ports[${j}].containerPort`,
            port ?? 0,
            'must be between 1 and 65535, inclusive',
          ),
        );
      }
    });
  });
  return causes;
}

function validateWorkload(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = asObject(obj['spec']);
  const replicas = spec['replicas'];
  if (
    replicas !== undefined &&
    (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
  ) {
    causes.push(fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec['selector'];
  const template = asObject(spec['template']);
  const templateLabels = asObject(asObject(template['metadata'])['labels']) as Record<string, string>;
  if (!isJsonObject(selector)) {
    causes.push(fieldErrors.required('spec.selector'));
  } else {
    const empty =
      Object.keys(asObject(selector['matchLabels'])).length === 0 &&
      asList(selector['matchExpressions']).length === 0;
    if (empty)
      causes.push(fieldErrors.invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
    else {
      try {
        const matcher = labelSelectorFromObject(selector);
        if (!matcher.matches(templateLabels)) {
          causes.push(
            fieldErrors.invalid(
              'spec.template.metadata.labels',
              templateLabels,
              '`selector` does not match template `labels`',
            ),
          );
        }
      } catch (err) {
        if (!(err instanceof SelectorParseError)) throw err;
        causes.push(fieldErrors.invalid('spec.selector', selector, err.message));
      }
    }
    const oldSelector = old ? asObject(old['spec'])['selector'] : undefined;
    if (oldSelector !== undefined && !deepEqual(oldSelector, selector)) {
      causes.push(fieldErrors.invalid('spec.selector', selector, 'field is immutable'));
    }
  }
  if (!isJsonObject(template['spec'])) causes.push(fieldErrors.required('spec.template.spec'));
  else causes.push(...validateContainers(template['spec'], 'spec.template.spec'));
  return causes;
}

const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

function validateService(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = asObject(obj['spec']);
  const type = spec['type'];
  if (typeof type !== 'string' || !SERVICE_TYPES.includes(type))
    causes.push(fieldErrors.notSupported('spec.type', type, SERVICE_TYPES));
  const ports = asList(spec['ports']);
  if (ports.length === 0 && type !== 'ExternalName' && spec['clusterIP'] !== 'None')
    causes.push(fieldErrors.required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p: unknown, i) => {
    const port = asObject(p);
    const at = `spec.ports[${i}]`;
    const n = port['port'];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535) {
      causes.push(fieldErrors.invalid(`${at}.port`, n ?? 0, 'must be between 1 and 65535, inclusive'));
    }
    const name = port['name'];
    if (ports.length > 1 && (typeof name !== 'string' || name === ''))
      causes.push(fieldErrors.required(`${at}.name`));
    if (typeof name === 'string' && name !== '') {
      if (names.has(name)) causes.push(fieldErrors.duplicate(`${at}.name`, name));
      names.add(name);
    }
    const protocol = port['protocol'];
    if (!['TCP', 'UDP', 'SCTP'].includes(protocol as string))
      causes.push(fieldErrors.notSupported(`${at}.protocol`, protocol, ['SCTP', 'TCP', 'UDP']));
  });
  const oldIP = old ? asObject(old['spec'])['clusterIP'] : undefined;
  if (typeof oldIP === 'string' && oldIP !== '' && spec['clusterIP'] !== oldIP && type !== 'ExternalName') {
    causes.push(fieldErrors.invalid('spec.clusterIP', spec['clusterIP'], 'field is immutable'));
  }
  return causes;
}

const DATA_KEY = /^[-._a-zA-Z0-9]+$/;

function validateDataKeys(obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  for (const field of ['data', 'binaryData']) {
    const data = obj[field];
    if (data === undefined) continue;
    if (!isJsonObject(data)) {
      causes.push(fieldErrors.invalid(field, data, 'must be a map'));
      continue;
    }
    for (const [k, v] of Object.entries(data)) {
      if (!DATA_KEY.test(k) || k.length > 253) {
        causes.push(
          fieldErrors.invalid(
            `${field}[${k}]`,
            k,
            "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          ),
        );
      }
      if (typeof v !== 'string') causes.push(fieldErrors.invalid(`${field}[${k}]`, v, 'must be a string'));
    }
  }
  return causes;
}

function validateCrd(obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  const causes: StatusCause[] = [];
  const spec = asObject(obj['spec']);
  const names = asObject(spec['names']);
  const group = spec['group'];
  const plural = names['plural'];
  if (typeof group !== 'string' || group === '') causes.push(fieldErrors.required('spec.group'));
  else if (!group.includes('.'))
    causes.push(fieldErrors.invalid('spec.group', group, 'should be a domain with at least one dot'));
  if (typeof plural !== 'string' || plural === '') causes.push(fieldErrors.required('spec.names.plural'));
  if (typeof names['kind'] !== 'string' || names['kind'] === '')
    causes.push(fieldErrors.required('spec.names.kind'));
  if (typeof plural === 'string' && typeof group === 'string' && obj.metadata.name !== `${plural}.${group}`) {
    causes.push(
      fieldErrors.invalid('metadata.name', obj.metadata.name, `must be spec.names.plural+"."+spec.group`),
    );
  }
  if (spec['scope'] !== 'Namespaced' && spec['scope'] !== 'Cluster') {
    causes.push(fieldErrors.notSupported('spec.scope', spec['scope'], ['Cluster', 'Namespaced']));
  }
  const versions = asList(spec['versions']);
  if (versions.length === 0)
    causes.push(
      fieldErrors.invalid(
        'spec.versions',
        versions,
        'must have exactly one version marked as storage version',
      ),
    );
  else {
    const storage = versions.filter((v) => asObject(v)['storage'] === true).length;
    if (storage !== 1)
      causes.push(
        fieldErrors.invalid(
          'spec.versions',
          versions.length,
          'must have exactly one version marked as storage version',
        ),
      );
    versions.forEach((v: unknown, i) => {
      const name = asObject(v)['name'];
      if (typeof name !== 'string' || name === '')
        causes.push(fieldErrors.required(`spec.versions[${i}].name`));
    });
  }
  if (old !== undefined) {
    const oldSpec = asObject(old['spec']);
    if (oldSpec['group'] !== group)
      causes.push(fieldErrors.invalid('spec.group', group, 'field is immutable'));
    if (asObject(oldSpec['names'])['plural'] !== plural)
      causes.push(fieldErrors.invalid('spec.names.plural', plural, 'field is immutable'));
  }
  return causes;
}

const validators: Record<string, Validator> = {
  'apps/Deployment': validateWorkload,
  'apps/StatefulSet': validateWorkload,
  'apps/ReplicaSet': validateWorkload,
  '/Service': validateService,
  '/Pod': (obj) => validateContainers(asObject(obj['spec']), 'spec'),
  '/ConfigMap': validateDataKeys,
  '/Secret': validateDataKeys,
  'apiextensions.k8s.io/CustomResourceDefinition': validateCrd,
};

/** The validation problems of a built-in object (none for kinds without rules). */
export function validateBuiltin(
  type: ResourceType,
  obj: KubeObject,
  old: KubeObject | undefined,
): StatusCause[] {
  return validators[`${type.group}/${type.kind}`]?.(obj, old) ?? [];
}

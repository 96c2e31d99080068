// Validation of metadata shared by every kind: name, labels, annotations, finalizers and owner references.
import type { StatusCause } from '../schema/types.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import * as fieldErrors from '../schema/field-errors.js';
import { labelValueProblems, nameProblems, qualifiedNameProblems, type NameRule } from './names.js';

function nameRule(type: ResourceType): NameRule {
  if (type.group === '' && type.resource === 'namespaces') return 'label';
  if (type.group === '' && type.resource === 'services') return 'dns1035';
  if (type.group === 'rbac.authorization.k8s.io') return 'path-segment';
  return 'subdomain';
}

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

export function validateObjectMeta(type: ResourceType, obj: KubeObject): StatusCause[] {
  const causes: StatusCause[] = [];
  const meta = obj.metadata;
  const name = meta.name;
  if (name === undefined || name === '') {
    causes.push(fieldErrors.required('metadata.name', 'name or generateName is required'));
  } else if (typeof name !== 'string') {
    causes.push(fieldErrors.invalid('metadata.name', name, 'must be a string'));
  } else {
    for (const p of nameProblems(name, nameRule(type)))
      causes.push(fieldErrors.invalid('metadata.name', name, p));
  }
  if (meta.labels !== undefined) {
    if (!isJsonObject(meta.labels))
      causes.push(fieldErrors.invalid('metadata.labels', meta.labels, 'must be a map of strings'));
    else {
      for (const [k, v] of Object.entries(meta.labels as Record<string, unknown>)) {
        for (const p of qualifiedNameProblems(k)) causes.push(fieldErrors.invalid('metadata.labels', k, p));
        if (typeof v !== 'string') causes.push(fieldErrors.invalid(`metadata.labels`, v, 'must be a string'));
        else for (const p of labelValueProblems(v)) causes.push(fieldErrors.invalid('metadata.labels', v, p));
      }
    }
  }
  if (meta.annotations !== undefined) {
    if (!isJsonObject(meta.annotations)) {
      causes.push(fieldErrors.invalid('metadata.annotations', meta.annotations, 'must be a map of strings'));
    } else {
      let size = 0;
      for (const [k, v] of Object.entries(meta.annotations as Record<string, unknown>)) {
        for (const p of qualifiedNameProblems(k.toLowerCase()))
          causes.push(fieldErrors.invalid('metadata.annotations', k, p));
        if (typeof v !== 'string')
          causes.push(fieldErrors.invalid(`metadata.annotations`, v, 'must be a string'));
        else size += k.length + v.length;
      }
      if (size > MAX_ANNOTATIONS_BYTES)
        causes.push(fieldErrors.tooLong('metadata.annotations', MAX_ANNOTATIONS_BYTES));
    }
  }
  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers))
      causes.push(fieldErrors.invalid('metadata.finalizers', meta.finalizers, 'must be a list of strings'));
    else {
      meta.finalizers.forEach((f: unknown, i) => {
        if (typeof f !== 'string' || f === '')
          causes.push(fieldErrors.invalid(`metadata.finalizers[${i}]`, f, 'must be a non-empty string'));
      });
    }
  }
  if (meta.ownerReferences !== undefined) {
    if (!Array.isArray(meta.ownerReferences)) {
      causes.push(fieldErrors.invalid('metadata.ownerReferences', meta.ownerReferences, 'must be a list'));
    } else {
      let controllers = 0;
      meta.ownerReferences.forEach((ref: unknown, i) => {
        const at = `metadata.ownerReferences[${i}]`;
        if (!isJsonObject(ref)) {
          causes.push(fieldErrors.invalid(at, ref, 'must be an object'));
          return;
        }
        for (const key of ['apiVersion', 'kind', 'name', 'uid']) {
          if (typeof ref[key] !== 'string' || ref[key] === '')
            causes.push(fieldErrors.required(`${at}.${key}`));
        }
        if (ref['controller'] === true) controllers++;
      });
      if (controllers > 1) {
        causes.push(
          fieldErrors.invalid(
            'metadata.ownerReferences',
            'controller',
            'Only one reference can have Controller set to true',
          ),
        );
      }
    }
  }
  return causes;
}

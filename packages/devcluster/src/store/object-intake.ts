// Checks a body a client sent for an object of a given resource: that it is an object, that apiVersion,
// kind, namespace and name agree with the request, and strips what only the server may set.
import { cloneJson } from '../api/deep-values.js';
import { fail, statuses } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import { apiVersionOf, type ResourceType } from '../registry/resource-type.js';

/** A mutable copy of `body` as an object of `type`, with apiVersion and kind filled in when absent. */
export function intake(type: ResourceType, body: unknown, namespace: string | undefined): KubeObject {
  if (!isJsonObject(body)) fail(statuses.badRequest(`the body of a ${type.kind} must be a JSON object`));
  const obj = cloneJson(body) as KubeObject;
  const apiVersion = apiVersionOf(type);
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = apiVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = type.kind;
  if (obj.apiVersion !== apiVersion) {
    fail(
      statuses.badRequest(
        `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`,
      ),
    );
  }
  if (obj.kind !== type.kind) {
    fail(
      statuses.badRequest(
        `the kind in the data (${String(obj.kind)}) does not match the expected kind (${type.kind})`,
      ),
    );
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (!isJsonObject(obj.metadata)) fail(statuses.badRequest('metadata must be an object'));
  if (type.namespaced) {
    const ns = obj.metadata.namespace;
    if (ns === undefined || ns === '') {
      if (namespace !== undefined && namespace !== '') obj.metadata.namespace = namespace;
    } else if (namespace !== undefined && namespace !== '' && ns !== namespace) {
      fail(
        statuses.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        ),
      );
    }
    if (obj.metadata.namespace === undefined || obj.metadata.namespace === '') {
      fail(
        statuses.badRequest(
          'the namespace of the object is required (set metadata.namespace or use a namespaced path)',
        ),
      );
    }
  } else {
    delete obj.metadata.namespace;
  }
  for (const key of ['name', 'generateName', 'namespace', 'uid', 'resourceVersion']) {
    const v = obj.metadata[key];
    if (v !== undefined && typeof v !== 'string')
      fail(statuses.badRequest(`metadata.${key} must be a string`));
  }
  return obj;
}

/** Throws 400 when the body names another object than the URL does. */
export function requireSameName(obj: KubeObject, name: string): void {
  const bodyName = obj.metadata.name;
  if (bodyName === undefined || bodyName === '') obj.metadata.name = name;
  else if (bodyName !== name) {
    fail(
      statuses.badRequest(
        `the name of the object (${bodyName}) does not match the name on the URL (${name})`,
      ),
    );
  }
}

// A stub OpenAPI v3: enough for kubectl's default (strict) validation on apply/create/replace. Each
// group/version document lists, per kind, the item path whose operations carry
// x-kubernetes-group-version-kind and a `fieldValidation` query parameter; kubectl then leaves field
// validation to the server. The index's `hash` changes whenever a document changes (a CRD is created or
// deleted), since kubectl caches documents by URL. There is no /openapi/v2.
import { createHash } from 'node:crypto';
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';

const fieldValidation = {
  name: 'fieldValidation',
  in: 'query',
  description: 'Strict, Warn or Ignore: what the server does with unknown or duplicate fields.',
  schema: { type: 'string', uniqueItems: true },
};
const dryRun = { name: 'dryRun', in: 'query', schema: { type: 'string', uniqueItems: true } };
const fieldManager = { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } };

function prefix(t: ResourceType): string {
  return t.group === '' ? `/api/${t.version}` : `/apis/${t.group}/${t.version}`;
}

function operation(
  t: ResourceType,
  action: string,
  verb: string,
  withValidation: boolean,
): Record<string, unknown> {
  return {
    tags: [t.group === '' ? 'core' : t.group],
    operationId: `${verb}${t.kind}`,
    parameters: withValidation ? [dryRun, fieldManager, fieldValidation] : [],
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
  };
}

function pathsOf(t: ResourceType): Record<string, unknown> {
  const base = t.namespaced
    ? `${prefix(t)}/namespaces/{namespace}/${t.resource}`
    : `${prefix(t)}/${t.resource}`;
  return {
    [base]: {
      get: operation(t, 'list', 'list', false),
      post: operation(t, 'post', 'create', true),
    },
    [`${base}/{name}`]: {
      get: operation(t, 'get', 'read', false),
      put: operation(t, 'put', 'replace', true),
      patch: operation(t, 'patch', 'patch', true),
      delete: operation(t, 'delete', 'delete', false),
    },
  };
}

interface Documents {
  readonly revision: number;
  readonly docs: Map<string, { json: string; hash: string }>;
}

/** Serves the index and the per group/version documents, rebuilt when the registry changes. */
export function createOpenApi(registry: Registry): {
  index(): unknown;
  document(group: string, version: string): string | undefined;
} {
  let cache: Documents | undefined;
  function documents(): Documents {
    if (cache?.revision === registry.revision) return cache;
    const docs = new Map<string, { json: string; hash: string }>();
    for (const g of registry.groups()) {
      for (const version of g.versions) {
        const key = g.group === '' ? `api/${version}` : `apis/${g.group}/${version}`;
        const paths = Object.assign({}, ...registry.resourcesOf(g.group, version).map(pathsOf)) as Record<
          string,
          unknown
        >;
        const json = JSON.stringify({
          openapi: '3.0.0',
          info: { title: 'Kubernetes (devcluster)', version: 'v1.32.0' },
          paths,
          components: { schemas: {} },
        });
        docs.set(key, { json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() });
      }
    }
    cache = { revision: registry.revision, docs };
    return cache;
  }
  return {
    index() {
      const paths: Record<string, unknown> = {};
      for (const [key, doc] of documents().docs)
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${doc.hash}` };
      return { paths };
    },
    document(group, version) {
      return documents().docs.get(group === '' ? `api/${version}` : `apis/${group}/${version}`)?.json;
    },
  };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
});
afterAll(() => cluster.stop());

const get = (path: string, accept?: string) =>
  fetch(`${cluster.url}${path}`, accept ? { headers: { accept } } : {});
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

const widgetCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', kind: 'Gadget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

describe('discovery', () => {
  it('answers /version with a Kubernetes 1.32 version', async () => {
    expect(await (await get('/version')).json()).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.0',
    });
  });

  it('serves legacy discovery for /api, /apis, /apis/<group> and each group/version', async () => {
    expect(await (await get('/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await (await get('/apis')).json()) as { groups: { name: string }[] };
    expect(groups.groups.map((g) => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'discovery.k8s.io',
        'coordination.k8s.io',
        'rbac.authorization.k8s.io',
        'apiextensions.k8s.io',
      ]),
    );
    expect(await (await get('/apis/apps')).json()).toMatchObject({
      kind: 'APIGroup',
      preferredVersion: { groupVersion: 'apps/v1' },
    });
    const apps = (await (await get('/apis/apps/v1')).json()) as { resources: Record<string, unknown>[] };
    expect(apps.resources).toContainEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    const core = (await (await get('/api/v1')).json()) as { resources: { name: string; kind: string }[] };
    expect(core.resources).toContainEqual(
      expect.objectContaining({ name: 'services/proxy', kind: 'ServiceProxyOptions' }),
    );
  });

  it('serves aggregated discovery with the exact content type kubectl requires', async () => {
    const res = await get('/apis', AGGREGATED);
    expect(res.headers.get('content-type')).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    const body = (await res.json()) as {
      kind: string;
      items: {
        metadata: { name: string };
        versions: { resources: { resource: string; subresources?: unknown[] }[] }[];
      }[];
    };
    expect(body.kind).toBe('APIGroupDiscoveryList');
    const apps = body.items.find((i) => i.metadata.name === 'apps');
    const deployments = apps?.versions[0]?.resources.find((r) => r.resource === 'deployments');
    expect(deployments?.subresources).toContainEqual({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: ['get', 'patch', 'update'],
    });
    const core = (await (await get('/api', AGGREGATED)).json()) as {
      items: { metadata: { name: string } }[];
    };
    expect(core.items.map((i) => i.metadata.name)).toEqual(['']);
  });

  it('answers 404 with a Status for unknown groups, versions and paths', async () => {
    for (const path of [
      '/apis/nope.example.com',
      '/apis/apps/v9',
      '/something/else',
      '/openapi/v2',
      '/apis/apps/v1/nopes',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.json(), path).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
    }
  });
});

describe('OpenAPI v3 stub', () => {
  it('lists a document per group/version whose patch operations carry the GVK and fieldValidation', async () => {
    const index = (await (await get('/openapi/v3')).json()) as {
      paths: Record<string, { serverRelativeURL: string }>;
    };
    const apps = index.paths['apis/apps/v1'];
    expect(apps?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = (await (await get(apps?.serverRelativeURL ?? '')).json()) as {
      paths: Record<string, { patch?: Record<string, unknown> }>;
    };
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(patch?.['parameters']).toContainEqual(
      expect.objectContaining({ name: 'fieldValidation', in: 'query' }),
    );
  });

  it('changes the index when a CRD adds a group', async () => {
    const before = (await (await get('/openapi/v3')).json()) as { paths: Record<string, unknown> };
    expect(before.paths['apis/example.com/v1']).toBeUndefined();
    const res = await fetch(`${cluster.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(widgetCrd),
    });
    expect(res.status).toBe(201);
    const after = (await (await get('/openapi/v3')).json()) as { paths: Record<string, unknown> };
    expect(after.paths['apis/example.com/v1']).toBeDefined();
    const resources = (await (await get('/apis/example.com/v1')).json()) as { resources: { name: string }[] };
    expect(resources.resources.map((r) => r.name)).toEqual(['gadgets']);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: {
            status: {},
            scale: {
              specReplicasPath: '.spec.replicas',
              statusReplicasPath: '.status.replicas',
              labelSelectorPath: '.status.selector',
            },
          },
          additionalPrinterColumns: [
            { name: 'Size', type: 'string', jsonPath: '.spec.size' },
            { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'string', enum: ['s', 'l'] },
                    replicas: { type: 'integer', default: 1 },
                  },
                },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
  cluster.store
    .resource({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' })
    .create(crd);
});
afterAll(() => cluster.stop());

interface Sent {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function send(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  accept?: string,
): Promise<Sent> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = contentType;
  if (accept !== undefined) headers['accept'] = accept;
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers,
    ...(body !== undefined
      ? { body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) }
      : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: res.headers,
  };
}

const CMS = '/api/v1/namespaces/default/configmaps';
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';

describe('bad input', () => {
  it.each([
    ['malformed JSON', 'POST', CMS, '{"kind":', 'application/json', 400, 'BadRequest'],
    ['malformed YAML', 'POST', CMS, 'a: [b', 'application/yaml', 400, 'BadRequest'],
    ['a body that is not an object', 'POST', CMS, '[1,2]', 'application/json', 400, 'BadRequest'],
    ['an unknown content type', 'POST', CMS, 'x', 'text/plain', 415, 'UnsupportedMediaType'],
    [
      'a mismatched kind',
      'POST',
      CMS,
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }),
      'application/json',
      400,
      'BadRequest',
    ],
    [
      'an unknown resource',
      'GET',
      '/api/v1/namespaces/default/nopes',
      undefined,
      'application/json',
      404,
      'NotFound',
    ],
    [
      'a namespaced path for a cluster-scoped resource',
      'GET',
      '/api/v1/namespaces/default/namespaces',
      undefined,
      'application/json',
      404,
      'NotFound',
    ],
    ['a method the collection does not have', 'PUT', CMS, '{}', 'application/json', 405, 'MethodNotAllowed'],
    [
      'an invalid name',
      'POST',
      CMS,
      JSON.stringify({ metadata: { name: 'Not_Valid' } }),
      'application/json',
      422,
      'Invalid',
    ],
    [
      'a strategic merge patch of a custom resource',
      'PATCH',
      `${WIDGETS}/w0`,
      '{}',
      'application/strategic-merge-patch+json',
      415,
      'UnsupportedMediaType',
    ],
    ['an unknown patch type', 'PATCH', `${CMS}/x`, '{}', 'application/json', 415, 'UnsupportedMediaType'],
    [
      'a bad label selector',
      'GET',
      `${CMS}?labelSelector=a%20in%20(`,
      undefined,
      'application/json',
      400,
      'BadRequest',
    ],
    [
      'an unsupported field selector',
      'GET',
      `${CMS}?fieldSelector=spec.foo%3Dx`,
      undefined,
      'application/json',
      400,
      'BadRequest',
    ],
  ])('%s is answered %i with a Status', async (_name, method, path, body, type, code, reason) => {
    if (path.includes('/w0'))
      await send('POST', WIDGETS, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w0' } });
    const res = await send(method, path, body, type);
    expect(res.status).toBe(code);
    expect(res.body).toMatchObject({ kind: 'Status', status: 'Failure', reason, code });
  });
});

describe('CRUD over HTTP', () => {
  it('creates with 201, reads back exactly what was stored, and lists at the current resourceVersion', async () => {
    const created = await send('POST', CMS, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c1', labels: { app: 'x' } },
      data: { a: 'b' },
    });
    expect(created.status).toBe(201);
    const read = await send('GET', `${CMS}/c1`);
    expect(read.body).toEqual(created.body);
    const list = await send('GET', `${CMS}?labelSelector=app%3Dx`);
    expect(list.body).toMatchObject({
      kind: 'ConfigMapList',
      apiVersion: 'v1',
      metadata: { resourceVersion: cluster.store.resourceVersion },
    });
    expect((list.body['items'] as unknown[]).length).toBe(1);
  });

  it('accepts YAML bodies', async () => {
    const res = await send(
      'POST',
      CMS,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n',
      'application/yaml',
    );
    expect(res.status).toBe(201);
    expect(res.body['data']).toEqual({ k: 'v' });
  });

  it('refuses a PUT with a stale resourceVersion with 409', async () => {
    const created = await send('POST', CMS, { metadata: { name: 'c2' }, data: { a: '1' } });
    const stale = created.body['metadata'] as Record<string, unknown>;
    await send('PUT', `${CMS}/c2`, { metadata: { ...stale }, data: { a: '2' } });
    const res = await send('PUT', `${CMS}/c2`, { metadata: { ...stale }, data: { a: '3' } });
    expect(res.status).toBe(409);
    expect(res.body['reason']).toBe('Conflict');
  });

  it('dryRun=All validates and answers without storing', async () => {
    const res = await send('POST', `${CMS}?dryRun=All`, { metadata: { name: 'dry' } });
    expect(res.status).toBe(201);
    expect((await send('GET', `${CMS}/dry`)).status).toBe(404);
  });

  it('deletes a built-in object with a Success Status and a custom resource with the object', async () => {
    await send('POST', CMS, { metadata: { name: 'gone' } });
    expect((await send('DELETE', `${CMS}/gone`)).body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'gone', kind: 'configmaps' },
    });
    await send('POST', WIDGETS, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'gone' } });
    expect((await send('DELETE', `${WIDGETS}/gone`)).body).toMatchObject({
      kind: 'Widget',
      metadata: { name: 'gone' },
    });
  });

  it('under fieldValidation=Strict refuses unknown fields of a custom resource, under Warn it warns', async () => {
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'strict' },
      spec: { size: 's', colour: 'red' },
    };
    const strict = await send('POST', `${WIDGETS}?fieldValidation=Strict`, widget);
    expect(strict.status).toBe(400);
    expect(strict.body['message']).toContain('unknown field "spec.colour"');
    const warn = await send('POST', `${WIDGETS}?fieldValidation=Warn`, widget);
    expect(warn.status).toBe(201);
    expect(warn.headers.get('warning')).toContain('unknown field \\"spec.colour\\"');
    expect(warn.body['spec']).toEqual({ size: 's', replicas: 1 });
  });

  it('validates custom resources against their schema with a 422 naming the field', async () => {
    const res = await send('POST', WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'bad' },
      spec: { size: 'xl' },
    });
    expect(res.status).toBe(422);
    expect(res.body['message']).toContain('spec.size: Unsupported value: "xl"');
  });

  it('serves status and scale subresources of a custom resource', async () => {
    await send('POST', WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'sub' },
      spec: { size: 's' },
      status: { dropped: true },
    });
    expect((await send('GET', `${WIDGETS}/sub`)).body['status']).toBeUndefined();
    const status = await send(
      'PATCH',
      `${WIDGETS}/sub/status`,
      { status: { replicas: 2, selector: 'app=sub' }, spec: { size: 'l' } },
      'application/merge-patch+json',
    );
    expect(status.body).toMatchObject({ spec: { size: 's' }, status: { replicas: 2 } });
    const scale = await send(
      'PATCH',
      `${WIDGETS}/sub/scale`,
      { spec: { replicas: 5 } },
      'application/merge-patch+json',
    );
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 5 },
      status: { replicas: 2, selector: 'app=sub' },
    });
    expect((await send('GET', `${WIDGETS}/sub`)).body).toMatchObject({
      spec: { replicas: 5 },
      metadata: { generation: 2 },
    });
  });
});

describe('tables', () => {
  const TABLE =
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

  it('renders a CRD printer columns, with Age as a duration', async () => {
    await send('POST', WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'tab' },
      spec: { size: 'l' },
    });
    await send(
      'PATCH',
      `${WIDGETS}/tab/status`,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      'application/merge-patch+json',
    );
    const res = await send('GET', `${WIDGETS}/tab`, undefined, undefined, TABLE);
    expect(res.headers.get('content-type')).toBe('application/json;as=Table;v=v1;g=meta.k8s.io');
    const columns = (res.body['columnDefinitions'] as { name: string }[]).map((c) => c.name);
    expect(columns).toEqual(['Name', 'Size', 'Ready', 'Age']);
    const cells = (res.body['rows'] as { cells: unknown[] }[])[0]?.cells;
    expect(cells?.slice(0, 3)).toEqual(['tab', 'l', 'True']);
    expect(cells?.[3]).toMatch(/^\d+s$/);
  });

  it('renders the usual columns for deployments', async () => {
    cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' }).create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    });
    // The Deployment controller creates both pods; image "i" has no local command, so neither gets ready.
    await cluster.idle();
    const res = await send(
      'GET',
      '/apis/apps/v1/namespaces/default/deployments',
      undefined,
      undefined,
      TABLE,
    );
    expect(
      (res.body['columnDefinitions'] as { name: string }[])
        .filter((c) => c.name !== '')
        .map((c) => c.name)
        .slice(0, 5),
    ).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age']);
    expect((res.body['rows'] as { cells: unknown[] }[])[0]?.cells.slice(0, 4)).toEqual(['web', '0/2', 2, 0]);
  });
});

// The strategic merge patches the real kubectl sends for a client-side `apply` of a Deployment and a Service,
// captured from kubectl and applied with applyStrategicMergePatch: after every apply the stored object must be
// exactly the applied manifest (plus kubectl's last-applied annotation), as on a real cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubectlRecorder, type KubectlRecorder } from '../protobuf/kubectl-recorder.js';
import { applyStrategicMergePatch } from './strategic-merge.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const stored = new Map<string, Record<string, unknown>>();
let recorder: KubectlRecorder;

const KINDS: Record<string, { group: string; version: string; kind: string }> = {
  deployments: { group: 'apps', version: 'v1', kind: 'Deployment' },
  services: { group: '', version: 'v1', kind: 'Service' },
};

beforeAll(async () => {
  recorder = await startKubectlRecorder({
    resources: [
      { groupVersion: 'apps/v1', name: 'deployments', kind: 'Deployment', namespaced: true },
      { groupVersion: 'v1', name: 'services', kind: 'Service', namespaced: true },
    ],
    respond: (request) => {
      const match = /\/namespaces\/default\/(deployments|services)(?:\/([^/]+))?$/.exec(request.path);
      if (!match) return undefined;
      const [, resource, name] = match as unknown as [string, string, string | undefined];
      if (request.method === 'POST') {
        const object = JSON.parse(request.body.toString('utf8')) as { metadata: { name: string } };
        stored.set(`${resource}/${object.metadata.name}`, object);
        return { status: 201, body: object };
      }
      const key = `${resource}/${name ?? ''}`;
      const current = stored.get(key);
      if (!current) return undefined;
      if (request.method === 'GET') return { status: 200, body: current };
      if (request.method === 'PATCH') {
        const patch = JSON.parse(request.body.toString('utf8')) as unknown;
        const next = applyStrategicMergePatch(
          current,
          patch,
          KINDS[resource] as { group: string; version: string; kind: string },
        );
        stored.set(key, next);
        return { status: 200, body: next };
      }
      return undefined;
    },
  });
});

afterAll(async () => {
  await recorder?.close();
});

function deployment(containers: unknown[], labels: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers } },
    },
  };
}

function service(ports: unknown[], selector: Record<string, string>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
    spec: { selector, ports },
  };
}

const web1 = {
  name: 'web',
  image: 'nginx:1',
  ports: [{ containerPort: 80 }],
  env: [{ name: 'A', value: '1' }],
};
const web2 = {
  name: 'web',
  image: 'nginx:1',
  ports: [{ containerPort: 80 }, { containerPort: 443 }],
  env: [
    { name: 'A', value: '1' },
    { name: 'B', value: '2' },
  ],
};
const side = { name: 'side', image: 'busybox:1', args: ['sleep', '3600'] };
const web3 = {
  name: 'web',
  image: 'nginx:2',
  ports: [{ containerPort: 443 }],
  env: [{ name: 'B', value: '2' }],
};

function withoutAnnotation(object: Record<string, unknown> | undefined): unknown {
  const copy = structuredClone(object ?? {}) as { metadata?: { annotations?: Record<string, string> } };
  delete copy.metadata?.annotations?.[LAST_APPLIED];
  if (copy.metadata?.annotations && Object.keys(copy.metadata.annotations).length === 0)
    delete copy.metadata.annotations;
  return copy;
}

async function apply(manifest: Record<string, unknown>): Promise<{ patch: unknown; contentType: string }> {
  const before = recorder.requests.length;
  const result = await recorder.kubectl(['apply', '--validate=false', '-f', '-'], JSON.stringify(manifest));
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const patch = recorder.requests.slice(before).find((r) => r.method === 'PATCH');
  return {
    patch: patch ? (JSON.parse(patch.body.toString('utf8')) as unknown) : undefined,
    contentType: patch?.contentType ?? '',
  };
}

describe('kubectl apply patches, applied with applyStrategicMergePatch', () => {
  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['creates the Deployment (no patch yet)', deployment([web1], { app: 'web' }), undefined],
    [
      'adds a container, an env var, a port and a label',
      deployment([web1, side], { app: 'web', tier: 'front' }),
      '$setElementOrder/containers',
    ],
    [
      'changes env and ports of a container',
      deployment([web2, side], { app: 'web', tier: 'front' }),
      '$setElementOrder/env',
    ],
    [
      'removes a container, an env var, a port and a label, and changes the image',
      deployment([web3], { app: 'web' }),
      '$patch',
    ],
    [
      'puts the containers in a new order',
      deployment([side, web3], { app: 'web' }),
      '$setElementOrder/containers',
    ],
  ])('Deployment: %s', async (_name, manifest, directive) => {
    const { patch, contentType } = await apply(manifest);
    if (directive === undefined) {
      expect(patch).toBeUndefined();
    } else {
      expect(contentType).toBe('application/strategic-merge-patch+json');
      expect(JSON.stringify(patch)).toContain(directive);
    }
    expect(withoutAnnotation(stored.get('deployments/web'))).toEqual(manifest);
  });

  it.each<[string, Record<string, unknown>]>([
    [
      'creates the Service',
      service(
        [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'https', port: 443 },
        ],
        { app: 'web' },
      ),
    ],
    [
      'removes a port, adds one and changes the selector',
      service(
        [
          { name: 'http', port: 80, targetPort: 8081 },
          { name: 'admin', port: 9090 },
        ],
        { app: 'web', tier: 'front' },
      ),
    ],
    [
      'drops a selector key',
      service(
        [
          { name: 'admin', port: 9090 },
          { name: 'http', port: 80, targetPort: 8081 },
        ],
        { app: 'web' },
      ),
    ],
  ])('Service: %s', async (_name, manifest) => {
    await apply(manifest);
    expect(withoutAnnotation(stored.get('services/web'))).toEqual(manifest);
  });

  it('leaves the object unchanged when applied again ("unchanged": no patch sent)', async () => {
    const manifest = service(
      [
        { name: 'admin', port: 9090 },
        { name: 'http', port: 80, targetPort: 8081 },
      ],
      { app: 'web' },
    );
    const { patch } = await apply(manifest);
    expect(patch).toBeUndefined();
  });
});

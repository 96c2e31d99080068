// The real kubectl's imperative `create` sends protobuf. Each body is captured from kubectl itself and decoded;
// the oracle for the decoded JSON is the same kubectl printing the same object with `--dry-run=client -o json`.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnsupportedProtobufKindError, decodeKubernetesProtobuf } from './index.js';
import { startKubectlRecorder, type KubectlRecorder } from './kubectl-recorder.js';

let recorder: KubectlRecorder;

beforeAll(async () => {
  recorder = await startKubectlRecorder({
    resources: [
      { groupVersion: 'v1', name: 'namespaces', kind: 'Namespace', namespaced: false },
      { groupVersion: 'v1', name: 'configmaps', kind: 'ConfigMap', namespaced: true },
      { groupVersion: 'v1', name: 'secrets', kind: 'Secret', namespaced: true },
      { groupVersion: 'v1', name: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
      { groupVersion: 'apps/v1', name: 'deployments', kind: 'Deployment', namespaced: true },
    ],
    respond: (request) => {
      if (request.method !== 'POST' || request.path.includes('/deployments')) return undefined;
      const { object } = decodeKubernetesProtobuf(new Uint8Array(request.body));
      return { status: 201, body: object };
    },
  });
});

afterAll(async () => {
  await recorder?.close();
});

describe('decodeKubernetesProtobuf on bodies the real kubectl sends', () => {
  it.each<[string, string[]]>([
    ['kubectl create namespace', ['create', 'namespace', 'keda']],
    [
      'kubectl create configmap with literals',
      ['create', 'configmap', 'settings', '--from-literal=a=1', '--from-literal=b=two words'],
    ],
    [
      'kubectl create secret generic',
      [
        'create',
        'secret',
        'generic',
        'creds',
        '--from-literal=user=admin',
        '--from-literal=pass=s3cr=t',
        '--type=Opaque',
      ],
    ],
    ['kubectl create serviceaccount', ['create', 'serviceaccount', 'robot']],
  ])('%s decodes to the JSON kubectl prints for the same object', async (_name, args) => {
    const before = recorder.requests.length;
    const created = await recorder.kubectl([...args, '--validate=false']);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const post = recorder.requests.slice(before).find((r) => r.method === 'POST');
    expect(post?.contentType).toBe('application/vnd.kubernetes.protobuf');
    const decoded = decodeKubernetesProtobuf(new Uint8Array(post?.body ?? []));

    const printed = await recorder.kubectl([...args, '--dry-run=client', '-o', 'json']);
    expect(printed.code).toBe(0);
    expect(decoded.object).toEqual(JSON.parse(printed.stdout));
    expect(decoded.kind).toBe((JSON.parse(printed.stdout) as { kind: string }).kind);
  });

  it('decodes binary ConfigMap data to base64 binaryData', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'protobuf-binary-'));
    try {
      await writeFile(join(dir, 'blob.bin'), Buffer.from([0xff, 0x00, 0xfe, 0x80]));
      const before = recorder.requests.length;
      const created = await recorder.kubectl([
        'create',
        'configmap',
        'blob',
        `--from-file=${join(dir, 'blob.bin')}`,
        '--validate=false',
      ]);
      expect(created.code).toBe(0);
      const post = recorder.requests.slice(before).find((r) => r.method === 'POST');
      const decoded = decodeKubernetesProtobuf(new Uint8Array(post?.body ?? []));
      expect(decoded.object.binaryData).toEqual({
        'blob.bin': Buffer.from([0xff, 0x00, 0xfe, 0x80]).toString('base64'),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses the Deployment kubectl create deployment sends, naming the kind', async () => {
    const before = recorder.requests.length;
    await recorder.kubectl(['create', 'deployment', 'web', '--image=nginx', '--validate=false']);
    const post = recorder.requests.slice(before).find((r) => r.method === 'POST');
    expect(post?.contentType).toBe('application/vnd.kubernetes.protobuf');
    let error: unknown;
    try {
      decodeKubernetesProtobuf(new Uint8Array(post?.body ?? []));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsupportedProtobufKindError);
    expect((error as UnsupportedProtobufKindError).kind).toBe('Deployment');
    expect((error as UnsupportedProtobufKindError).apiVersion).toBe('apps/v1');
  });
});

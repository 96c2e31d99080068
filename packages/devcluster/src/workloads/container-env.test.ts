import { describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../api/types.js';
import { containerEnv, expandReferences, type ContainerEnvOptions } from './container-env.js';

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'team', uid: 'u-1', labels: { app: 'web', tier: 'front' } },
  spec: { nodeName: 'devcluster', serviceAccountName: 'bot' },
};
const configMap: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg' },
  data: { mode: 'fast', level: '3' },
};
const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'creds' },
  data: { pw: Buffer.from('hunter2').toString('base64') },
};

function build(container: JsonObject, extra: Partial<ContainerEnvOptions> = {}) {
  return containerEnv({
    pod,
    container,
    podIp: '127.0.0.7',
    kubeconfigPath: '/tmp/kubeconfig',
    imageEnv: { FROM_IMAGE: 'i', PORT: '1' },
    hostEnv: { PATH: '/usr/bin', SECRET_HOST_VAR: 'no' },
    nodeOptions: ['--import=file:///shim.js'],
    sources: {
      configMap: (ns, name) => (ns === 'team' && name === 'cfg' ? configMap : undefined),
      secret: (ns, name) => (ns === 'team' && name === 'creds' ? secret : undefined),
    },
    ...extra,
  });
}

const fieldRef = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });

describe('container env', () => {
  it('adds the pod IP, the first port, the kubeconfig and the listen shim over the image env and PATH', () => {
    const env = build({ ports: [{ containerPort: 8080 }, { containerPort: 9090 }] });
    expect(env).toEqual({
      ok: true,
      env: {
        PATH: '/usr/bin',
        HOSTNAME: 'web-1',
        FROM_IMAGE: 'i',
        PORT: '8080',
        KUBECONFIG: '/tmp/kubeconfig',
        POD_IP: '127.0.0.7',
        NODE_OPTIONS: '--import=file:///shim.js',
      },
    });
  });

  it.each([
    ['metadata.name', 'web-1'],
    ['metadata.namespace', 'team'],
    ['metadata.uid', 'u-1'],
    ["metadata.labels['tier']", 'front'],
    ['status.podIP', '127.0.0.7'],
    ['spec.nodeName', 'devcluster'],
    ['spec.serviceAccountName', 'bot'],
  ])('resolves the fieldRef %s', (path, value) => {
    const env = build({ env: [fieldRef('X', path)] });
    expect(env.ok && env.env['X']).toBe(value);
  });

  it('resolves ConfigMap and Secret keys, envFrom with a prefix, and $(VAR) references', () => {
    const env = build({
      envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
      env: [
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
        { name: 'PW', valueFrom: { secretKeyRef: { name: 'creds', key: 'pw' } } },
        { name: 'URL', value: 'http://$(POD_NAME):$(PORT)/$$(literal)' },
        fieldRef('POD_NAME', 'metadata.name'),
        { name: 'OPT', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
      ],
    });
    expect(env.ok && env.env).toMatchObject({
      CFG_mode: 'fast',
      CFG_level: '3',
      MODE: 'fast',
      PW: 'hunter2',
    });
    // POD_NAME is defined after URL, so it stays unexpanded, as in Kubernetes.
    expect(env.ok && env.env['URL']).toBe('http://$(POD_NAME):1/$(literal)');
    expect(env.ok && 'OPT' in env.env).toBe(false);
  });

  it('keeps NODE_OPTIONS the container sets and appends the shim', () => {
    const env = build({ env: [{ name: 'NODE_OPTIONS', value: '--max-old-space-size=64' }] });
    expect(env.ok && env.env['NODE_OPTIONS']).toBe('--max-old-space-size=64 --import=file:///shim.js');
  });

  it.each([
    [
      'a missing ConfigMap',
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'gone', key: 'k' } } }] },
      'configmap "gone" not found',
    ],
    [
      'a missing key',
      { env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } }] },
      "couldn't find key k in ConfigMap team/cfg",
    ],
    ['a missing Secret', { envFrom: [{ secretRef: { name: 'gone' } }] }, 'secret "gone" not found'],
    [
      'an unsupported field',
      { env: [fieldRef('A', 'status.phase')] },
      'unsupported fieldRef fieldPath "status.phase"',
    ],
  ])('reports %s as a config error', (_name, container, message) => {
    expect(build(container)).toEqual({ ok: false, message });
  });

  it('expands references and escapes', () => {
    expect(expandReferences('$(A)-$(B)-$$(A)', { A: 'x' })).toBe('x-$(B)-$(A)');
  });
});

// Invalid manifests are refused by `kubectl apply` with the CRDs' own messages (SPEC §1, docs/crds.md): the
// schemas and CEL rules of config/crd/bases, admitted by the API server, printed by the real kubectl as a
// real cluster's errors are. Needs only the API server and the CRDs; every object is applied on its own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubectl, repoRoot, type KubectlRunner } from '@keda-http/devcluster/testing';
import { kubectlOk } from '../support/add-on.js';
import { startDevclusterProcess, type DevclusterProcess } from '../support/devcluster-process.js';
import { httpScaledObject, interceptorRoute, toYaml, type Manifest } from '../support/manifests.js';

let dir: string;
let cluster: DevclusterProcess;
let kubectl: KubectlRunner;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keda-http-e2e-validation-'));
  cluster = await startDevclusterProcess({ dir, workloads: false });
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfig });
  await kubectlOk(kubectl, ['apply', '-k', join(repoRoot(), 'config', 'crd')]);
  await kubectlOk(kubectl, [
    'wait',
    '--for=condition=established',
    '--timeout=60s',
    'crd/httpscaledobjects.http.keda.sh',
    'crd/interceptorroutes.http.keda.sh',
  ]);
});
afterAll(async () => {
  kubectl?.dispose();
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const NS = 'default';
const hso = (spec: Record<string, unknown>): Manifest => ({
  ...httpScaledObject({ namespace: NS, name: 'web' }),
  spec,
});
const target = { name: 'web', service: 'web', port: 80 };
const ir = (spec: Record<string, unknown>): Manifest =>
  interceptorRoute({ namespace: NS, name: 'shop', spec });
const irBase = { target: { service: 'shop', port: 80 }, scalingMetric: { concurrency: { targetValue: 10 } } };

const PORTS = `must define either the 'portName' or the 'port'`;

describe('kubectl apply refuses invalid manifests with the CRD messages', () => {
  it.each<[string, Manifest, string[]]>([
    [
      'an HTTPScaledObject with both port and portName',
      hso({ scaleTargetRef: { ...target, portName: 'http' } }),
      [`The HTTPScaledObject "web" is invalid: spec.scaleTargetRef: Invalid value: "object": ${PORTS}`],
    ],
    [
      'an HTTPScaledObject with neither port nor portName',
      hso({ scaleTargetRef: { name: 'web', service: 'web' } }),
      [`spec.scaleTargetRef: Invalid value: "object": ${PORTS}`],
    ],
    [
      'an HTTPScaledObject without scaleTargetRef.service',
      hso({ scaleTargetRef: { name: 'web', port: 80 } }),
      ['spec.scaleTargetRef.service: Required value'],
    ],
    [
      'an HTTPScaledObject with both concurrency and requestRate',
      hso({
        scaleTargetRef: target,
        scalingMetric: { concurrency: { targetValue: 1 }, requestRate: { targetValue: 1 } },
      }),
      [
        `spec.scalingMetric: Invalid value: "object": must define either the 'concurrency' or the 'requestRate', not both`,
      ],
    ],
    [
      'an HTTPScaledObject with a failover that has both ports',
      hso({
        scaleTargetRef: target,
        coldStartTimeoutFailoverRef: { service: 'sorry', port: 80, portName: 'http' },
      }),
      [`spec.coldStartTimeoutFailoverRef: Invalid value: "object": ${PORTS}`],
    ],
    [
      'an HTTPScaledObject with a port out of range',
      hso({ scaleTargetRef: { ...target, port: 70000 } }),
      ['spec.scaleTargetRef.port: Invalid value: 70000'],
    ],
    [
      'an HTTPScaledObject with an unknown field (kubectl validates strictly)',
      hso({ scaleTargetRef: target, hostz: ['x'] }),
      ['unknown field "spec.hostz"'],
    ],
    [
      'an InterceptorRoute without any scaling metric',
      ir({ ...irBase, scalingMetric: {} }),
      [
        `spec.scalingMetric: Invalid value: "object": must define at least one of 'concurrency' or 'requestRate'`,
      ],
    ],
    [
      'an InterceptorRoute with an empty coldStart',
      ir({ ...irBase, coldStart: {} }),
      [`spec.coldStart: Invalid value: "object": must define at least one of 'fallback' or 'placeholder'`],
    ],
    [
      'an InterceptorRoute whose target has both ports',
      ir({ ...irBase, target: { service: 'shop', port: 80, portName: 'http' } }),
      [`spec.target: Invalid value: "object": ${PORTS}`],
    ],
    [
      'an InterceptorRoute placeholder with both body and bodyFromConfigMap',
      ir({
        ...irBase,
        coldStart: { placeholder: { response: { body: 'wait', bodyFromConfigMap: { name: 'pages' } } } },
      }),
      [`must define either the 'body' or the 'bodyFromConfigMap', not both`],
    ],
    [
      'an InterceptorRoute static response with a status code above 599',
      ir({ ...irBase, staticRoutes: [{ rules: [{ hosts: ['x'] }], response: { statusCode: 600 } }] }),
      ['spec.staticRoutes[0].response.statusCode: Invalid value: 600'],
    ],
  ])('%s', async (_name, manifest, messages) => {
    const result = await kubectl.run(['apply', '-f', '-'], { input: toYaml([manifest]) });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    for (const m of messages) expect(result.stderr).toContain(m);
  });

  it.each<[string, Manifest]>([
    ['a valid HTTPScaledObject', hso({ scaleTargetRef: target })],
    ['a valid InterceptorRoute', ir(irBase)],
  ])('accepts %s', async (_name, manifest) => {
    const result = await kubectl.run(['apply', '-f', '-'], { input: toYaml([manifest]) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/ created\n$/);
  });
});

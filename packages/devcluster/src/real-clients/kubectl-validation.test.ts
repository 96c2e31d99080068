// `kubectl apply` of invalid HTTPScaledObjects and InterceptorRoutes is refused with the messages of the
// generated CRDs (config/crd/bases), evaluated by devcluster like a real API server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { createKubectl, repoRoot, type KubectlRunner } from '../testing.js';

let cluster: DevCluster;
let kubectl: KubectlRunner;

beforeAll(async () => {
  cluster = await startDevCluster();
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  const crd = (kind: string): string =>
    join(repoRoot(), 'config', 'crd', 'bases', `http.keda.sh_${kind}.yaml`);
  const r = await kubectl.run(['apply', '-f', crd('httpscaledobjects'), '-f', crd('interceptorroutes')]);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(async () => {
  kubectl.dispose();
  await cluster.stop();
});

const httpso = (spec: string): string =>
  `apiVersion: http.keda.sh/v1alpha1\nkind: HTTPScaledObject\nmetadata:\n  name: bad\n  namespace: default\nspec:\n${spec}`;
const route = (spec: string): string =>
  `apiVersion: http.keda.sh/v1beta1\nkind: InterceptorRoute\nmetadata:\n  name: bad\n  namespace: default\nspec:\n${spec}`;
const target = '  scaleTargetRef:\n    name: app\n    service: app\n';
const irTarget = '  target:\n    service: app\n    port: 8080\n';
const concurrency = '  scalingMetric:\n    concurrency:\n      targetValue: 10\n';

describe('kubectl apply of invalid custom resources', () => {
  it.each([
    [
      'an HTTPScaledObject with both port and portName',
      httpso(`${target}    port: 8080\n    portName: http\n`),
      `The HTTPScaledObject "bad" is invalid: spec.scaleTargetRef: Invalid value: "object": must define either the 'portName' or the 'port'`,
    ],
    [
      'an HTTPScaledObject with neither port nor portName',
      httpso(target),
      `The HTTPScaledObject "bad" is invalid: spec.scaleTargetRef: Invalid value: "object": must define either the 'portName' or the 'port'`,
    ],
    [
      'an HTTPScaledObject with both scaling metrics',
      httpso(`${target}    port: 8080\n  scalingMetric:\n    concurrency: {}\n    requestRate: {}\n`),
      `spec.scalingMetric: Invalid value: "object": must define either the 'concurrency' or the 'requestRate', not both`,
    ],
    [
      'an InterceptorRoute with both port and portName',
      route(`  target:\n    service: app\n    port: 8080\n    portName: http\n${concurrency}`),
      `The InterceptorRoute "bad" is invalid: spec.target: Invalid value: "object": must define either the 'portName' or the 'port'`,
    ],
    [
      'an InterceptorRoute with neither port nor portName',
      route(`  target:\n    service: app\n${concurrency}`),
      `spec.target: Invalid value: "object": must define either the 'portName' or the 'port'`,
    ],
    [
      'an InterceptorRoute without any scaling metric',
      route(`${irTarget}  scalingMetric: {}\n`),
      `spec.scalingMetric: Invalid value: "object": must define at least one of 'concurrency' or 'requestRate'`,
    ],
    [
      'an InterceptorRoute with an empty coldStart',
      route(`${irTarget}${concurrency}  coldStart: {}\n`),
      `spec.coldStart: Invalid value: "object": must define at least one of 'fallback' or 'placeholder'`,
    ],
  ])('refuses %s', async (_name, manifest, message) => {
    const r = await kubectl.run(['apply', '-f', '-'], { input: manifest });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
  });

  it('accepts an InterceptorRoute with both scaling metrics, and fills in the defaults', async () => {
    const manifest = route(`${irTarget}  scalingMetric:\n    concurrency: {}\n    requestRate: {}\n`);
    const r = await kubectl.run(['apply', '-f', '-'], { input: manifest });
    expect(r.code, r.stderr).toBe(0);
    const get = await kubectl.run(['get', 'interceptorroute', 'bad', '-o', 'jsonpath={.spec.scalingMetric}']);
    expect(JSON.parse(get.stdout)).toEqual({
      concurrency: { targetValue: 100 },
      requestRate: { granularity: '1s', targetValue: 100, window: '1m' },
    });
  });

  it('refuses an unknown field under strict validation, naming it', async () => {
    const r = await kubectl.run(['apply', '-f', '-'], {
      input: httpso(`${target}    port: 8080\n  colour: red\n`),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown field "spec.colour"');
  });
});

// The whole system from its real manifests, on devcluster: the built deployables run as pods (images mapped
// by config/devcluster/images.yaml), installed once by `make deploy` and once by `helm install`, with the
// manifests' env, ports, probes and RBAC objects. An HTTPScaledObject's workload then scales from zero on
// the first request sent through keda-add-ons-http-interceptor-proxy, and uninstalling removes every pod.
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  createHelm,
  createKubectl,
  processAlive,
  repoRoot,
  runTool,
  type HelmRunner,
  type KubectlRunner,
} from '@keda-http/devcluster/testing';
import { waitFor } from '@keda-http/testkit';
import { CHART_DIR } from '../manifests/rendered-manifests.js';
import { requestThroughService } from './through-service.js';

const IMAGE_MAP = join(repoRoot(), 'config', 'devcluster', 'images.yaml');
const ADD_ON = [
  'keda-add-ons-http-operator',
  'keda-add-ons-http-interceptor',
  'keda-add-ons-http-external-scaler',
];

const APP = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  replicas: 0
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: keda-http/echo
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: http.keda.sh/v1alpha1
kind: HTTPScaledObject
metadata: {name: web, namespace: apps}
spec:
  hosts: [web.example.test]
  scaleTargetRef: {name: web, kind: Deployment, apiVersion: apps/v1, service: web, port: 80}
  replicas: {min: 0, max: 2}
  scaledownPeriod: 300
`;

interface Install {
  readonly name: string;
  install(ctx: Ctx): Promise<void>;
  uninstall(ctx: Ctx): Promise<void>;
}

interface Ctx {
  readonly cluster: DevCluster;
  readonly kubectl: KubectlRunner;
  readonly helm: HelmRunner;
}

async function make(target: string, kubeconfig: string) {
  const cache = mkdtempSync(join(tmpdir(), 'make-kubecache-'));
  try {
    const result = await runTool('make', ['-s', target], {
      cwd: repoRoot(),
      env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache },
      timeoutMs: 240_000,
    });
    if (result.code !== 0) throw new Error(`make ${target} failed:\n${result.stderr}`);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

async function must(run: Promise<{ code: number | null; stdout: string; stderr: string }>, what: string) {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const INSTALLS: Install[] = [
  {
    name: 'make deploy',
    install: ({ cluster }) => make('deploy', cluster.kubeconfigPath),
    uninstall: ({ cluster }) => make('undeploy', cluster.kubeconfigPath),
  },
  {
    name: 'helm install',
    install: async ({ helm }) => {
      await must(
        helm.run([
          'install',
          'keda-add-ons-http',
          CHART_DIR,
          '--namespace',
          'keda',
          '--create-namespace',
          '--set',
          'images.tag=main',
          // The chart's defaults otherwise (its PodDisruptionBudget included); one scaler replica is enough
          // on a 2-core machine.
          '--set',
          'scaler.replicas=1',
        ]),
        'helm install',
      );
    },
    uninstall: async ({ helm }) => {
      await must(
        helm.run(['uninstall', 'keda-add-ons-http', '--namespace', 'keda', '--wait']),
        'helm uninstall',
      );
    },
  },
];

describe.each(INSTALLS)('installed by $name', (how) => {
  let ctx: Ctx;
  const pids = new Set<number>();

  beforeAll(async () => {
    const cluster = await startDevCluster({ images: IMAGE_MAP, probePeriodCapMs: 500 });
    ctx = {
      cluster,
      kubectl: createKubectl({ kubeconfig: cluster.kubeconfigPath }),
      helm: createHelm({ kubeconfig: cluster.kubeconfigPath }),
    };
  });
  afterAll(async () => {
    ctx?.kubectl.dispose();
    ctx?.helm.dispose();
    await ctx?.cluster.stop();
    expect([...pids].filter(processAlive), 'pod processes left running').toEqual([]);
  });

  it('runs the operator, the interceptor and the scaler as ready pods', async () => {
    await how.install(ctx);
    for (const name of ADD_ON) {
      await must(
        ctx.kubectl.run(['rollout', 'status', `deployment/${name}`, '-n', 'keda', '--timeout=120s'], {
          timeoutMs: 150_000,
        }),
        `rollout of ${name}`,
      );
    }
    const pods = await must(
      ctx.kubectl.run([
        'get',
        'pods',
        '-n',
        'keda',
        '-o',
        'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}',
      ]),
      'kubectl get pods',
    );
    expect(pods.trim().split('\n').sort()).toEqual([
      'ghcr.io/keda-http/interceptor:main',
      'ghcr.io/keda-http/operator:main',
      'ghcr.io/keda-http/scaler:main',
    ]);
    for (const pid of ctx.cluster.pids()) pids.add(pid);
    expect(pids.size).toBeGreaterThanOrEqual(3);
  });

  it('routes an HTTPScaledObject and scales its workload from zero on the first request', async () => {
    await must(ctx.kubectl.run(['create', 'namespace', 'apps']), 'create namespace');
    await must(ctx.kubectl.run(['apply', '-f', '-'], { input: APP }), 'apply the app');
    await must(
      ctx.kubectl.run([
        'wait',
        '--for=condition=Ready',
        'httpscaledobject/web',
        '-n',
        'apps',
        '--timeout=60s',
      ]),
      'HTTPScaledObject Ready',
    );
    // The developing guide's recipe: the interceptor's routing table through the API server's service proxy.
    await waitFor(
      'the interceptor to route apps/web',
      async () => {
        const raw = await ctx.kubectl.run([
          'get',
          '--raw',
          '/api/v1/namespaces/keda/services/keda-add-ons-http-interceptor-admin:9090/proxy/routing_table',
        ]);
        return raw.code === 0 && raw.stdout.includes('"apps/web"');
      },
      { timeoutMs: 60_000, intervalMs: 200 },
    );
    const before = await must(
      ctx.kubectl.run(['get', 'deployment', 'web', '-n', 'apps', '-o', 'jsonpath={.spec.replicas}']),
      'get web',
    );
    expect(before).toBe('0');

    const res = await requestThroughService(ctx.cluster, {
      namespace: 'keda',
      service: 'keda-add-ons-http-interceptor-proxy',
      portName: 'proxy',
      host: 'web.example.test',
      path: '/hello?from=e2e',
    });
    expect(res.status, res.body).toBe(200);
    expect(res.headers['x-keda-http-cold-start']).toBe('true');
    const echoed = JSON.parse(res.body) as { pod: string; host: string; path: string };
    expect(echoed).toMatchObject({ host: 'web.example.test', path: '/hello' });
    expect(echoed.pod).toMatch(/^web-/);

    const after = await must(
      ctx.kubectl.run(['get', 'deployment', 'web', '-n', 'apps', '-o', 'jsonpath={.spec.replicas}']),
      'get web',
    );
    expect(Number(after)).toBeGreaterThanOrEqual(1);

    const warm = await requestThroughService(ctx.cluster, {
      namespace: 'keda',
      service: 'keda-add-ons-http-interceptor-proxy',
      portName: 'proxy',
      host: 'web.example.test',
      path: '/again',
    });
    expect(warm.status).toBe(200);
    expect(warm.headers['x-keda-http-cold-start']).toBe('false');
    for (const pid of ctx.cluster.pids()) pids.add(pid);
  });

  it('removes every pod of the add-on when uninstalled', async () => {
    await how.uninstall(ctx);
    await waitFor(
      'the add-on pods to be gone',
      async () => {
        const left = await ctx.kubectl.run(['get', 'pods', '-n', 'keda', '-o', 'name']);
        return left.code === 0 && left.stdout.trim() === '';
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    const deployments = await ctx.kubectl.run(['get', 'deployments', '-n', 'keda', '-o', 'name']);
    expect(deployments.stdout.trim()).toBe('');
  });
});

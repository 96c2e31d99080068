// The real kubectl 1.32 against devcluster, unmodified and with default validation: the flows of the
// issue's "Done when" list.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { createKubectl, repoRoot, runTool, type KubectlRunner } from '../testing.js';
import { waitFor } from '../testing/wait-for.js';

let cluster: DevCluster;
let kubectl: KubectlRunner;
const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);
const crdFile = (kind: string): string =>
  join(repoRoot(), 'config', 'crd', 'bases', `http.keda.sh_${kind}.yaml`);

async function ok(args: string[], input?: string): Promise<string> {
  const r = await kubectl.run(args, input === undefined ? {} : { input });
  expect(r.code, `kubectl ${args.join(' ')}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  cluster = await startDevCluster();
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  await ok(['apply', '-f', crdFile('httpscaledobjects'), '-f', crdFile('interceptorroutes')]);
});
afterAll(async () => {
  kubectl.dispose();
  await cluster.stop();
});

describe('kubectl', () => {
  it('creates a namespace and a configmap imperatively (protobuf bodies)', async () => {
    expect(await ok(['create', 'namespace', 'keda'])).toContain('namespace/keda created');
    expect(await ok(['create', 'configmap', 'settings', '-n', 'keda', '--from-literal=a=b'])).toContain(
      'configmap/settings created',
    );
    expect(await ok(['get', 'configmap', 'settings', '-n', 'keda', '-o', 'jsonpath={.data.a}'])).toBe('b');
    const deployment = await kubectl.run(['create', 'deployment', 'web', '--image=nginx', '-n', 'keda']);
    expect(deployment.code).toBe(1);
    expect(deployment.stderr).toContain('kubectl apply -f');
  });

  it('applies an HTTPScaledObject, a Deployment and a Service, and a re-apply reports unchanged', async () => {
    await ok(['create', 'namespace', 'apps']);
    expect(await ok(['apply', '-n', 'apps', '-f', fixture('app.yaml')])).toBe(
      'deployment.apps/xkcd created\nservice/xkcd created\nhttpscaledobject.http.keda.sh/xkcd created\n',
    );
    expect(await ok(['apply', '-n', 'apps', '-f', fixture('app.yaml')])).toBe(
      'deployment.apps/xkcd unchanged\nservice/xkcd unchanged\nhttpscaledobject.http.keda.sh/xkcd unchanged\n',
    );
    const edited = readFileSync(fixture('app.yaml'), 'utf8')
      .replace('value: hello', 'value: bonjour')
      .replace('scaledownPeriod: 120', 'scaledownPeriod: 60');
    expect(await ok(['apply', '-n', 'apps', '-f', '-'], edited)).toBe(
      'deployment.apps/xkcd configured\nservice/xkcd unchanged\nhttpscaledobject.http.keda.sh/xkcd configured\n',
    );
    const yaml = await ok(['get', 'httpso', 'xkcd', '-n', 'apps', '-o', 'yaml']);
    expect(yaml).toContain('scaledownPeriod: 60');
    expect(yaml).toContain('kind: HTTPScaledObject');
    const table = await ok(['get', 'httpso', '-n', 'apps']);
    expect(table.split('\n')[0]?.split(/\s+/)).toEqual([
      'NAME',
      'TARGETWORKLOAD',
      'TARGETSERVICE',
      'MINREPLICAS',
      'MAXREPLICAS',
      'AGE',
      'READY',
    ]);
    expect(table.split('\n')[1]).toMatch(/^xkcd\s+0\s+10\s+\d+s\s*$/);
  });

  it('patches the status subresource and shows it in the printer columns', async () => {
    await ok(['create', 'namespace', 'status']);
    await ok(['apply', '-n', 'status', '-f', fixture('app.yaml')]);
    const status = {
      status: {
        targetWorkload: 'apps/v1/Deployment/xkcd',
        targetService: 'xkcd:8080',
        conditions: [
          {
            type: 'Ready',
            status: 'True',
            reason: 'Reconciled',
            message: 'ScaledObject created and configured',
            lastTransitionTime: '2025-01-01T00:00:00Z',
          },
        ],
      },
    };
    expect(
      await ok([
        'patch',
        'httpso',
        'xkcd',
        '-n',
        'status',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify(status),
      ]),
    ).toContain('patched');
    const row = (await ok(['get', 'httpso', 'xkcd', '-n', 'status', '--no-headers'])).trim().split(/\s+/);
    expect(row).toEqual([
      'xkcd',
      'apps/v1/Deployment/xkcd',
      'xkcd:8080',
      '0',
      '10',
      expect.stringMatching(/^\d+s$/) as string,
      'True',
    ]);
  });

  it('scales a deployment through the scale subresource', async () => {
    await ok(['create', 'namespace', 'scale']);
    await ok(['apply', '-n', 'scale', '-f', fixture('app.yaml')]);
    expect(await ok(['scale', 'deployment', 'xkcd', '-n', 'scale', '--replicas=3'])).toContain(
      'deployment.apps/xkcd scaled',
    );
    expect(
      await ok([
        'get',
        'deployment',
        'xkcd',
        '-n',
        'scale',
        '-o',
        'jsonpath={.spec.replicas}/{.metadata.generation}',
      ]),
    ).toBe('3/2');
  });

  it('watches with get -w --output-watch-events', async () => {
    await ok(['create', 'namespace', 'watch']);
    const w = kubectl.spawn(['get', 'configmaps', '-n', 'watch', '-w', '--output-watch-events']);
    try {
      // No need to wait for the watch: kubectl lists first and watches from the list's resourceVersion.
      const cms = cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
      cms.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'watched', namespace: 'watch' },
        data: { a: '1' },
      });
      await w.waitForOutput(/ADDED\s+watched/);
      cms.mutate('watch', 'watched', (d) => (d['data'] = { a: '1', b: '2' }));
      await w.waitForOutput(/MODIFIED\s+watched\s+2/);
      cms.delete('watch', 'watched');
      const out = await w.waitForOutput(/DELETED\s+watched/);
      expect(out.split('\n')[0]?.split(/\s+/)).toEqual(['EVENT', 'NAME', 'DATA', 'AGE']);
    } finally {
      await w.stop();
    }
  });

  it('waits in delete until the last finalizer is removed', async () => {
    await ok(['create', 'namespace', 'fin']);
    await ok(
      ['apply', '-n', 'fin', '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: ["example.com/hold"]\n',
    );
    const del = kubectl.spawn(['delete', 'configmap', 'held', '-n', 'fin']);
    let exited = false;
    void del.exited().then(() => (exited = true));
    const cms = cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' });
    await waitFor(() => cms.get('fin', 'held')?.metadata.deletionTimestamp);
    await del.waitForOutput('configmap "held" deleted');
    expect(exited).toBe(false);
    await ok([
      'patch',
      'configmap',
      'held',
      '-n',
      'fin',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
    const result = await del.exited();
    expect(result.code).toBe(0);
    expect(cms.get('fin', 'held')).toBeUndefined();
  });

  it('describes, labels and annotates, and deletes a namespace with everything in it', async () => {
    await ok(['create', 'namespace', 'doomed']);
    await ok(['apply', '-n', 'doomed', '-f', fixture('app.yaml')]);
    await ok(['create', 'secret', 'generic', 'creds', '-n', 'doomed', '--from-literal=pw=x']);
    await ok(['create', 'serviceaccount', 'bot', '-n', 'doomed']);
    expect(await ok(['label', 'deployment', 'xkcd', '-n', 'doomed', 'tier=web'])).toContain('labeled');
    expect(await ok(['annotate', 'service', 'xkcd', '-n', 'doomed', 'example.com/a=b'])).toContain(
      'annotated',
    );
    // The Deployment controller has created the pod; its image has no local command, so it is not available.
    await cluster.idle();
    const described = await ok(['describe', 'deployment', 'xkcd', '-n', 'doomed']);
    expect(described).toMatch(
      /^Replicas:\s+1 desired \| 1 updated \| 1 total \| 0 available \| 1 unavailable$/m,
    );
    expect(described).toMatch(/^Labels:\s+app=xkcd$\n^\s+tier=web$/m);
    // kubectl lists the kinds of `all` in whatever order its requests come back.
    const all = (await ok(['get', 'all', '-n', 'doomed', '-o', 'name'])).split('\n').filter(Boolean).sort();
    expect(all).toEqual([
      'deployment.apps/xkcd',
      expect.stringMatching(/^pod\/xkcd-[a-z0-9]+-[a-z0-9]{5}$/),
      'service/xkcd',
    ]);
    expect(await ok(['delete', 'namespace', 'doomed'])).toContain('namespace "doomed" deleted');
    const gone = await kubectl.run(['get', 'namespace', 'doomed']);
    expect(gone.stderr).toContain('namespaces "doomed" not found');
    expect(
      cluster.store.resource({ apiVersion: 'v1', kind: 'Secret' }).list({ namespace: 'doomed' }).items,
    ).toEqual([]);
  });

  it('lists built-in and custom resources in api-resources', async () => {
    const out = await ok(['api-resources']);
    for (const line of [
      /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m,
      /^httpscaledobjects\s+httpso\s+http\.keda\.sh\/v1alpha1\s+true\s+HTTPScaledObject$/m,
      /^interceptorroutes\s+http\.keda\.sh\/v1beta1\s+true\s+InterceptorRoute$/m,
      /^scaledobjects\s+so\s+keda\.sh\/v1alpha1\s+true\s+ScaledObject$/m,
      /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m,
    ]) {
      expect(out).toMatch(line);
    }
  });

  it('applies server-side, creating then updating', async () => {
    await ok(['create', 'namespace', 'ssa']);
    const cm = (v: string): string =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: "${v}"\n`;
    expect(await ok(['apply', '--server-side', '-n', 'ssa', '-f', '-'], cm('1'))).toContain(
      'configmap/ssa serverside-applied',
    );
    await ok(['apply', '--server-side', '-n', 'ssa', '-f', '-'], cm('2'));
    expect(await ok(['get', 'cm', 'ssa', '-n', 'ssa', '-o', 'jsonpath={.data.k}'])).toBe('2');
  });

  it('reaches a Service through kubectl proxy and curl, as the developing guide does', async () => {
    const upstream = http.createServer((req, res) => res.end(JSON.stringify({ path: req.url })));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    try {
      const port = (upstream.address() as AddressInfo).port;
      await ok(['create', 'namespace', 'guide']);
      await ok(
        ['apply', '-n', 'guide', '-f', '-'],
        [
          'apiVersion: v1\nkind: Service\nmetadata:\n  name: keda-add-ons-http-interceptor-admin\nspec:\n  ports:\n  - name: admin\n    port: 9090\n    targetPort: 9090\n',
          `apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: keda-add-ons-http-interceptor-admin\nsubsets:\n- addresses:\n  - ip: 127.0.0.1\n  ports:\n  - name: admin\n    port: ${port}\n`,
        ].join('---\n'),
      );
      const proxy = kubectl.spawn(['proxy', '-p', '0']);
      try {
        const out = await proxy.waitForOutput(/Starting to serve on 127\.0\.0\.1:\d+/);
        const proxyPort = /127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? '';
        const curl = await runTool('curl', [
          '-sSL',
          `localhost:${proxyPort}/api/v1/namespaces/guide/services/keda-add-ons-http-interceptor-admin:9090/proxy/routing_table`,
        ]);
        expect(curl.stdout).toBe(JSON.stringify({ path: '/routing_table' }));
        const raw = await ok([
          'get',
          '--raw',
          '/api/v1/namespaces/guide/services/keda-add-ons-http-interceptor-admin:admin/proxy/queue',
        ]);
        expect(raw).toBe(JSON.stringify({ path: '/queue' }));
      } finally {
        await proxy.stop();
      }
    } finally {
      await new Promise((r) => upstream.close(r));
    }
  });
});

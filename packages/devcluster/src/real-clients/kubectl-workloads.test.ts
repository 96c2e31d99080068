// The real kubectl driving workloads: apply a Deployment of the echo image and its Service, scale it to 3,
// and reach each pod through the Service proxy with curl; `get pods`, `logs`, `rollout status`, and the
// event timeline over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { createKubectl, runTool, waitFor, type KubectlRunner } from '../testing.js';

let cluster: DevCluster;
let kubectl: KubectlRunner;
beforeAll(async () => {
  cluster = await startDevCluster({
    builtinCrds: false,
    keda: false,
    podIpStart: '127.0.90.1',
    probePeriodCapMs: 200,
  });
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
});
afterAll(async () => {
  kubectl.dispose();
  await cluster.stop();
});

async function ok(args: string[], input?: string): Promise<string> {
  const result = await kubectl.run(args, input === undefined ? {} : { input });
  if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: echo
spec:
  replicas: 1
  selector:
    matchLabels:
      app: echo
  template:
    metadata:
      labels:
        app: echo
    spec:
      containers:
        - name: echo
          image: ghcr.io/keda-http/echo:latest
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: http
---
apiVersion: v1
kind: Service
metadata:
  name: echo
spec:
  selector:
    app: echo
  ports:
    - name: http
      port: 80
      targetPort: http
`;

describe('kubectl with workloads', () => {
  it('applies a Deployment and a Service, scales to 3 and reaches every pod through the Service proxy', async () => {
    await ok(['create', 'namespace', 'demo']);
    expect(await ok(['apply', '-n', 'demo', '-f', '-'], MANIFEST)).toBe(
      'deployment.apps/echo created\nservice/echo created\n',
    );
    expect(await ok(['scale', '-n', 'demo', 'deployment/echo', '--replicas=3'])).toBe(
      'deployment.apps/echo scaled\n',
    );
    expect(await ok(['rollout', 'status', '-n', 'demo', 'deployment/echo', '--timeout=120s'])).toContain(
      'deployment "echo" successfully rolled out',
    );
    const pods = (await ok(['get', 'pods', '-n', 'demo', '-o', 'jsonpath={.items[*].metadata.name}'])).split(
      ' ',
    );
    expect(pods).toHaveLength(3);
    const table = await ok(['get', 'pods', '-n', 'demo']);
    expect(table.split('\n').filter((l) => /\s1\/1\s+Running\s+0\s/.test(l))).toHaveLength(3);

    const seen = new Set<string>();
    const url = `${cluster.url}/api/v1/namespaces/demo/services/echo:80/proxy/hello?from=curl`;
    for (let i = 0; i < 300 && seen.size < 3; i++) {
      const curl = await runTool('curl', ['-sS', url]);
      const body = JSON.parse(curl.stdout) as { pod: string; path: string; query: Record<string, string> };
      expect(body).toMatchObject({ path: '/hello', query: { from: 'curl' } });
      seen.add(body.pod);
    }
    expect([...seen].sort()).toEqual([...pods].sort());

    const logs = await ok(['logs', '-n', 'demo', pods[0] ?? '']);
    expect(logs).toMatch(/^echo \S+ listening on 127\.0\.90\.\d+:8080\n/);
    const events = (await (await fetch(`${cluster.url}/devcluster/events?since=0`)).json()) as {
      events: { kind: string; milestone?: string }[];
      lastSeq: number;
    };
    expect(events.events.filter((e) => e.kind === 'pod' && e.milestone === 'ready')).toHaveLength(3);
    // A long-poll returns as soon as something happens.
    const next = fetch(`${cluster.url}/devcluster/events?watch=${events.lastSeq}`).then(
      async (r) => (await r.json()) as { events: { kind: string; milestone?: string }[] },
    );
    await ok(['scale', '-n', 'demo', 'deployment/echo', '--replicas=2']);
    expect((await next).events[0]).toMatchObject({ kind: 'pod', milestone: 'terminating' });
    await waitFor(
      async () =>
        (await ok(['get', 'pods', '-n', 'demo', '-o', 'name'])).split('\n').filter(Boolean).length === 2,
      {
        timeoutMs: 30_000,
      },
    );

    // `kubectl delete pod` waits while the kubelet stops the process, then the Deployment replaces the pod.
    const [victim = ''] = (
      await ok(['get', 'pods', '-n', 'demo', '-o', 'jsonpath={.items[0].metadata.name}'])
    ).split(' ');
    expect(await ok(['delete', 'pod', '-n', 'demo', victim])).toBe(`pod "${victim}" deleted\n`);
    expect(cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' }).get('demo', victim)).toBeUndefined();
    expect(await ok(['rollout', 'status', '-n', 'demo', 'deployment/echo', '--timeout=120s'])).toContain(
      'successfully rolled out',
    );
    const after = (await ok(['get', 'pods', '-n', 'demo', '-o', 'jsonpath={.items[*].metadata.name}'])).split(
      ' ',
    );
    expect(after).toHaveLength(2);
    expect(after).not.toContain(victim);
  });
});

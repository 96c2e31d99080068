// @kubernetes/client-node 1.4.0, unmodified, against devcluster: an informer sees add, update and delete,
// and survives a forced 410 by re-listing; typed clients read, patch and scale.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { waitFor } from '../testing/wait-for.js';

let cluster: DevCluster;
let kc: k8s.KubeConfig;
beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
});
afterAll(() => cluster.stop());

describe('client-node informer', () => {
  it('sees add, update and delete, and re-lists after a forced 410', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'default' });
    });
    const seen: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => seen.push(`add ${o.metadata?.name ?? ''}`));
    informer.on('update', (o) => seen.push(`update ${o.metadata?.name ?? ''} ${JSON.stringify(o.data)}`));
    informer.on('delete', (o) => seen.push(`delete ${o.metadata?.name ?? ''}`));
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    try {
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'a' }, data: { v: '1' } },
      });
      await waitFor(() => seen.includes('add a'));
      await core.patchNamespacedConfigMap(
        { namespace: 'default', name: 'a', body: { data: { v: '2' } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      await waitFor(() => seen.includes('update a {"v":"2"}'));
      await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'a' });
      await waitFor(() => seen.includes('delete a'));
      const listsBefore = lists;
      const expired = await fetch(`${cluster.url}/devcluster/expire-watches`, { method: 'POST' });
      expect(expired.status).toBe(200);
      await waitFor(() => lists > listsBefore);
      await core.createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'b' }, data: { v: '1' } },
      });
      await waitFor(() => seen.includes('add b'));
      expect(informer.list().map((o) => o.metadata?.name)).toEqual(['b']);
      expect(errors).toEqual([]);
    } finally {
      await informer.stop();
    }
  });
});

describe('client-node typed clients', () => {
  it('reads, json-patches and scales a Deployment, and reports a 404 as an ApiException', async () => {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
          },
        },
      },
    });
    const patched = await apps.patchNamespacedDeployment({
      namespace: 'default',
      name: 'web',
      body: [{ op: 'add', path: '/metadata/labels', value: { team: 'a' } }],
    });
    expect(patched.metadata?.labels).toEqual({ team: 'a' });
    const scale = await apps.replaceNamespacedDeploymentScale({
      namespace: 'default',
      name: 'web',
      body: { metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 4 } },
    });
    expect(scale.spec?.replicas).toBe(4);
    expect(
      (await apps.readNamespacedDeploymentScale({ namespace: 'default', name: 'web' })).status?.selector,
    ).toBe('app=web');
    const missing = await apps
      .readNamespacedDeployment({ namespace: 'default', name: 'nope' })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(k8s.ApiException);
    expect((missing as k8s.ApiException<unknown>).code).toBe(404);
  });
});

// helm 3.17, unmodified, against devcluster: install, upgrade and uninstall of a small chart; the release
// is kept in Secrets as on a real cluster.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '../start.js';
import { createHelm, type HelmRunner } from '../testing.js';

let cluster: DevCluster;
let helm: HelmRunner;
const chart = join(import.meta.dirname, 'fixtures', 'tiny-chart');

beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
  helm = createHelm({ kubeconfig: cluster.kubeconfigPath });
});
afterAll(async () => {
  helm.dispose();
  await cluster.stop();
});

describe('helm', () => {
  it('installs, upgrades and uninstalls a chart, keeping the release in Secrets', async () => {
    const install = await helm.run([
      'install',
      'demo',
      chart,
      '--namespace',
      'apps',
      '--create-namespace',
      '--wait=false',
    ]);
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toContain('STATUS: deployed');
    const secrets = cluster.store.resource({ apiVersion: 'v1', kind: 'Secret' });
    const releases = () => secrets.list({ namespace: 'apps', labelSelector: 'owner=helm,name=demo' }).items;
    expect(releases().map((s) => [s.metadata.name, s['type']])).toEqual([
      ['sh.helm.release.v1.demo.v1', 'helm.sh/release.v1'],
    ]);
    const deployments = cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(deployments.get('apps', 'demo-web')).toBeDefined();

    const upgrade = await helm.run(['upgrade', 'demo', chart, '--namespace', 'apps', '--set', 'greeting=hi']);
    expect(upgrade.code, upgrade.stderr).toBe(0);
    expect(
      cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).get('apps', 'demo-config')?.['data'],
    ).toEqual({ greeting: 'hi' });
    const template = (
      deployments.get('apps', 'demo-web')?.['spec'] as { template: { metadata: { annotations: object } } }
    ).template;
    expect(template.metadata.annotations).toEqual({ 'example.com/greeting': 'hi' });
    expect(
      releases()
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(['sh.helm.release.v1.demo.v1', 'sh.helm.release.v1.demo.v2']);

    const list = await helm.run(['list', '--namespace', 'apps', '--output', 'json']);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({ name: 'demo', revision: '2', status: 'deployed' }),
    ]);

    const uninstall = await helm.run(['uninstall', 'demo', '--namespace', 'apps']);
    expect(uninstall.code, uninstall.stderr).toBe(0);
    await cluster.idle();
    expect(deployments.get('apps', 'demo-web')).toBeUndefined();
    expect(releases()).toEqual([]);
  });
});

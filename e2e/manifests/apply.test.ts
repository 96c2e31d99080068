// The manifests against an API server: kubectl applies config/default (CRDs first) through devcluster's
// admission, with kubectl's default strict validation; helm installs, upgrades and uninstalls the chart;
// `make deploy` and `make undeploy` do the same from the Makefile, and fail in one line without a cluster.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml, startDevCluster, type DevCluster } from '@keda-http/devcluster';
import {
  createHelm,
  createKubectl,
  repoRoot,
  runTool,
  type HelmRunner,
  type KubectlRunner,
} from '@keda-http/devcluster/testing';
import { CHART_DIR, parseDocuments, renderKustomize, type KubeDoc } from './rendered-manifests.js';

const CRDS = ['httpscaledobjects.http.keda.sh', 'interceptorroutes.http.keda.sh'];

/** Every object of the render as `kind/namespace/name`, for comparing with what the cluster holds. */
const keys = (docs: readonly KubeDoc[]) =>
  docs.map((d) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`).sort();

/** What the cluster holds of those objects (kubectl get -f of the same manifests). */
async function present(kubectl: KubectlRunner, manifest: string): Promise<KubeDoc[]> {
  const got = await kubectl.run(['get', '-f', '-', '-o', 'yaml', '--ignore-not-found'], { input: manifest });
  if (got.code !== 0) throw new Error(`kubectl get failed: ${got.stderr}`);
  const list = parseDocuments(got.stdout)[0] as unknown as { items?: KubeDoc[] } | undefined;
  return list?.items ?? [];
}

/** A digest of every file under a directory, to show a command left it untouched. */
function treeDigest(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

describe('kubectl apply of config/default', () => {
  let cluster: DevCluster;
  let kubectl: KubectlRunner;
  beforeAll(async () => {
    cluster = await startDevCluster();
    kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  });
  afterAll(async () => {
    kubectl?.dispose();
    await cluster?.stop();
  });

  it('passes validation, CRDs first, and creates every object', async () => {
    expect((await kubectl.run(['create', 'namespace', 'keda'])).code).toBe(0);
    const crds = await kubectl.run(['apply', '-k', join(repoRoot(), 'config/crd')]);
    expect(crds.stderr).toBe('');
    expect(crds.code).toBe(0);
    const applied = await kubectl.run(['apply', '-k', join(repoRoot(), 'config/default')]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);

    const docs = await renderKustomize();
    const manifest = (await kubectl.run(['kustomize', join(repoRoot(), 'config/default')])).stdout;
    expect(keys(await present(kubectl, manifest))).toEqual(keys(docs));
  });

  it('is unchanged when applied again', async () => {
    const again = await kubectl.run(['apply', '-k', join(repoRoot(), 'config/default')]);
    expect(again.code).toBe(0);
    const lines = again.stdout.trim().split('\n');
    expect(lines.filter((l) => !l.endsWith(' unchanged'))).toEqual([]);
    expect(lines).toHaveLength((await renderKustomize()).length);
  });
});

describe('helm install of the chart', () => {
  let cluster: DevCluster;
  let helm: HelmRunner;
  let kubectl: KubectlRunner;
  beforeAll(async () => {
    cluster = await startDevCluster();
    helm = createHelm({ kubeconfig: cluster.kubeconfigPath });
    kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  });
  afterAll(async () => {
    helm?.dispose();
    kubectl?.dispose();
    await cluster?.stop();
  });

  it('installs the CRDs and every object of the chart, with its default values', async () => {
    const install = await helm.run([
      'install',
      'keda-add-ons-http',
      CHART_DIR,
      '--namespace',
      'keda',
      '--create-namespace',
    ]);
    expect(install.stderr).toBe('');
    expect(install.code).toBe(0);
    expect(install.stdout).toContain('STATUS: deployed');
    expect(install.stdout).toContain('keda-add-ons-http-interceptor-proxy.keda:8080');

    const manifest = await helm.run(['get', 'manifest', 'keda-add-ons-http', '--namespace', 'keda']);
    const docs = parseDocuments(manifest.stdout);
    expect(docs.length).toBeGreaterThan(15);
    expect(keys(await present(kubectl, manifest.stdout))).toEqual(keys(docs));
    for (const crd of CRDS) {
      expect((await kubectl.run(['get', 'crd', crd])).code, crd).toBe(0);
    }
    const pdb = await kubectl.run([
      'get',
      'pdb',
      'keda-add-ons-http-interceptor',
      '--namespace',
      'keda',
      '-o',
      'json',
    ]);
    expect(pdb.code).toBe(0);
    expect(JSON.parse(pdb.stdout)).toMatchObject({ spec: { maxUnavailable: 1 } });
  });

  it('upgrades with a changed value', async () => {
    const upgrade = await helm.run([
      'upgrade',
      'keda-add-ons-http',
      CHART_DIR,
      '--namespace',
      'keda',
      '--set',
      'scaler.streamInterval=150',
    ]);
    expect(upgrade.code).toBe(0);
    const env = await kubectl.run([
      'get',
      'deployment',
      'keda-add-ons-http-external-scaler',
      '--namespace',
      'keda',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].env[?(@.name=="KEDA_HTTP_SCALER_STREAM_INTERVAL_MS")].value}',
    ]);
    expect(env.stdout).toBe('150');
  });

  it('uninstalls everything but the CRDs, which Helm never deletes', async () => {
    const manifest = (await helm.run(['get', 'manifest', 'keda-add-ons-http', '--namespace', 'keda'])).stdout;
    const uninstall = await helm.run(['uninstall', 'keda-add-ons-http', '--namespace', 'keda', '--wait']);
    expect(uninstall.code).toBe(0);
    expect(await present(kubectl, manifest)).toEqual([]);
    for (const crd of CRDS) expect((await kubectl.run(['get', 'crd', crd])).code, crd).toBe(0);
  });
});

/** Runs a Makefile target against a kubeconfig, with a private kubectl discovery cache. */
async function make(target: string, kubeconfig: string, vars: Record<string, string> = {}) {
  const cache = mkdtempSync(join(tmpdir(), 'make-kubecache-'));
  try {
    return await runTool('make', ['-s', target, ...Object.entries(vars).map(([k, v]) => `${k}=${v}`)], {
      cwd: repoRoot(),
      env: { ...process.env, KUBECONFIG: kubeconfig, KUBECACHEDIR: cache },
      timeoutMs: 240_000,
    });
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

/** What make printed besides its own `make: *** [...] Error 1` trailer. */
const ownLines = (stderr: string) =>
  stderr
    .trim()
    .split('\n')
    .filter((l) => l !== '' && !/^make(\[\d+\])?: \*\*\*/.test(l));

describe('make deploy and make undeploy', () => {
  let cluster: DevCluster;
  let kubectl: KubectlRunner;
  const vars = { IMAGE_REGISTRY: 'registry.example.com', IMAGE_REPO: 'team', VERSION: 'v1.2.3' };
  beforeAll(async () => {
    cluster = await startDevCluster();
    kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  });
  afterAll(async () => {
    kubectl?.dispose();
    await cluster?.stop();
  });

  it('deploys config/default with the images from IMAGE_REGISTRY, IMAGE_REPO and VERSION', async () => {
    const before = treeDigest(join(repoRoot(), 'config'));
    const deploy = await make('deploy', cluster.kubeconfigPath, vars);
    expect(deploy.stderr).toBe('');
    expect(deploy.code).toBe(0);
    expect(treeDigest(join(repoRoot(), 'config'))).toBe(before);

    const images = await kubectl.run([
      'get',
      'deployments',
      '--namespace',
      'keda',
      '-o',
      'jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}{"\\n"}{end}',
    ]);
    expect(images.stdout.trim().split('\n').sort()).toEqual([
      'registry.example.com/team/interceptor:v1.2.3',
      'registry.example.com/team/operator:v1.2.3',
      'registry.example.com/team/scaler:v1.2.3',
    ]);
    for (const crd of CRDS) expect((await kubectl.run(['get', 'crd', crd])).code, crd).toBe(0);
  });

  it('changes nothing when run again', async () => {
    const again = await make('deploy', cluster.kubeconfigPath, vars);
    expect(again.code).toBe(0);
    const changed = again.stdout
      .trim()
      .split('\n')
      .filter((l) => !/ (unchanged|condition met)$/.test(l));
    expect(changed).toEqual([]);
  });

  it('undeploys everything, CRDs included, and keeps the namespace', async () => {
    const undeploy = await make('undeploy', cluster.kubeconfigPath, vars);
    expect(undeploy.code).toBe(0);
    const left = await kubectl.run([
      'get',
      'deployments,services,serviceaccounts,scaledobjects',
      '-n',
      'keda',
    ]);
    expect(left.stdout).not.toContain('keda-add-ons-http');
    for (const crd of CRDS) expect((await kubectl.run(['get', 'crd', crd])).code, crd).not.toBe(0);
    expect((await kubectl.run(['get', 'namespace', 'keda'])).code).toBe(0);
  });

  it.each(['deploy', 'undeploy'])(
    'make %s without a reachable cluster fails with one line',
    async (target) => {
      const dir = mkdtempSync(join(tmpdir(), 'unreachable-'));
      try {
        const kubeconfig = join(dir, 'kubeconfig');
        // Port 1 on loopback: nothing listens there.
        writeFileSync(kubeconfig, kubeconfigYaml('http://127.0.0.1:1'));
        const result = await make(target, kubeconfig);
        expect(result.code).not.toBe(0);
        expect(ownLines(result.stderr)).toEqual([
          `${target}: needs a reachable Kubernetes cluster in the current kubeconfig context`,
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

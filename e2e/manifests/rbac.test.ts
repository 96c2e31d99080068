// The interceptor's and the scaler's RBAC (config/rbac, the same rules as the chart's) is least privilege:
// each built deployable runs with the env its manifest sets, through a recording proxy in front of
// devcluster, until it has done everything it does at start-up (watches, and the routing-table ConfigMap
// read while the operator is unreachable); every request it sent must be allowed by the rules bound to its
// ServiceAccount, and every rule must have been needed. The operator's RBAC is checked the same way in
// packages/operator/src/rbac.integration.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { createKubectl, repoRoot, type KubectlRunner } from '@keda-http/devcluster/testing';
import {
  kubeRequestAttributes,
  startProcess,
  startRecordingProxy,
  waitFor,
  type KubeRequestAttributes,
  type RecordingProxy,
  type RunningProcess,
} from '@keda-http/testkit';
import { deployable, type Deployable } from './deployables.js';
import { allows, grantsFor, type Grant } from './rbac-rules.js';
import { named, renderKustomize, type KubeDoc } from './rendered-manifests.js';
import { onlyContainer, resolvedEnv, type Deployment } from './workloads.js';

/** Every listening port set to 0, and no shutdown delay: the test reads the ports from the log. */
const LOCAL_ENV: Record<string, Record<string, string>> = {
  interceptor: {
    KEDA_HTTP_PROXY_PORT: '0',
    KEDA_HTTP_ADMIN_PORT: '0',
    OTEL_PROM_EXPORTER_PORT: '0',
    KEDA_HTTP_SHUTDOWN_DELAY: '0s',
  },
  scaler: { KEDA_HTTP_SCALER_PORT: '0', KEDA_HTTP_HEALTH_PORT: '0' },
};

let cluster: DevCluster;
let kubectl: KubectlRunner;
let docs: KubeDoc[];

beforeAll(async () => {
  cluster = await startDevCluster();
  kubectl = createKubectl({ kubeconfig: cluster.kubeconfigPath });
  docs = await renderKustomize();
  expect((await kubectl.run(['create', 'namespace', 'keda'])).code).toBe(0);
  const table = JSON.stringify({ version: 'rbac-test', routes: [] });
  const cm = await kubectl.run([
    'create',
    'configmap',
    'keda-http-routing-table',
    '--namespace',
    'keda',
    `--from-literal=routing-table=${table}`,
  ]);
  expect(cm.stderr).toBe('');
});
afterAll(async () => {
  kubectl?.dispose();
  await cluster?.stop();
});

/** The single grants of a rule list, one resource, verb and name each, so each can be checked for use. */
function atomic(grants: readonly Grant[]): Grant[] {
  return grants.flatMap(({ namespace, rule }) =>
    (rule.apiGroups ?? []).flatMap((group) =>
      (rule.resources ?? []).flatMap((resource) =>
        (rule.verbs ?? []).flatMap((verb) =>
          (rule.resourceNames ?? [undefined]).map((name) => ({
            namespace,
            rule: {
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              ...(name === undefined ? {} : { resourceNames: [name] }),
            },
          })),
        ),
      ),
    ),
  );
}

const describeGrant = ({ namespace, rule }: Grant) =>
  `${namespace ?? 'cluster'}: ${rule.verbs?.join()} ${rule.apiGroups?.join() || '""'}/${rule.resources?.join()}` +
  (rule.resourceNames ? ` ${rule.resourceNames.join()}` : '');

describe.each(['interceptor', 'scaler'] as const)('the %s', (component) => {
  const d: Deployable = deployable(component);
  let proxy: RecordingProxy;
  let child: RunningProcess;

  beforeAll(async () => {
    proxy = await startRecordingProxy(cluster.url);
    const deployment = named(docs, 'Deployment', d.deployment) as Deployment;
    child = startProcess(process.execPath, {
      args: [join(repoRoot(), 'packages', component, 'dist', 'main.js')],
      env: {
        ...resolvedEnv(deployment, onlyContainer(deployment)),
        ...LOCAL_ENV[component],
        KUBECONFIG: proxy.kubeconfigPath,
      },
    });
    await child.waitForLine(/"msg":"listening"/);
  });
  afterAll(async () => {
    await child?.stop();
    await proxy?.close();
  });

  it('sends only requests its RBAC allows, and needs every rule of it', async () => {
    const grants = grantsFor(docs, { namespace: 'keda', name: d.deployment });
    expect(grants.length).toBeGreaterThan(0);
    const sent = (): KubeRequestAttributes[] =>
      proxy.requests.map(kubeRequestAttributes).filter((a): a is KubeRequestAttributes => a !== undefined);
    const unused = () => atomic(grants).filter((g) => !sent().some((req) => allows([g], req)));

    // Start-up is over once every granted rule has been used (or the deadline says one never will be).
    await waitFor('every granted rule to be used', () => unused().length === 0, { timeoutMs: 30_000 }).catch(
      () => undefined,
    );
    const denied = sent()
      .filter((req) => !allows(grants, req))
      .map((a) => `${a.verb} ${a.group || '""'}/${a.resource} ${a.namespace ?? ''}/${a.name ?? ''}`);
    expect([...new Set(denied)], 'requests its RBAC does not allow').toEqual([]);
    expect(unused().map(describeGrant), 'rules it never needed').toEqual([]);
    expect(child.running, child.lines.slice(-20).join('\n')).toBe(true);
  });
});

// config/operator/rbac.yaml lists exactly the verbs the operator uses. The operator runs a scenario that
// exercises every code path that talks to the API server (ScaledObject create, update, delete and orphan,
// finalizers, status, Events, the Lease, the ConfigMap) through a recording proxy; every request it sent
// must be allowed by the manifest, and every rule in the manifest must have been needed.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { builtinResources, createKubeClient, loadKubeConfig, type KubeClient } from '@keda-http/k8s';
import {
  installCrds,
  kubeRequestAttributes,
  readYamlDocuments,
  startRecordingProxy,
  waitFor,
  type KubeRequestAttributes,
  type RecordingProxy,
} from '@keda-http/testkit';
import type { ScaledObject } from './desired-scaled-object.js';
import { httpScaledObjects, interceptorRoutes, scaledObjects, services } from './resources.js';
import {
  readyConditionOf,
  startTestOperator,
  testHttpScaledObject,
  testInterceptorRoute,
  testNamespace,
  testService,
  type TestOperator,
} from './testing.js';

const RBAC = fileURLToPath(new URL('../../../config/operator/rbac.yaml', import.meta.url));
/** Required by the API server for blockOwnerDeletion, never sent by the operator itself. */
const NOT_SENT = ['http.keda.sh httpscaledobjects/finalizers update'];

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}
interface RbacDoc {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Rule[];
}

let cluster: DevCluster;
let client: KubeClient;
let proxy: RecordingProxy;
let op: TestOperator;

beforeAll(async () => {
  cluster = await startDevCluster();
  await installCrds(cluster.url);
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
  for (const ns of ['keda', 'apps']) await client.create(builtinResources.namespaces, testNamespace(ns));
  proxy = await startRecordingProxy(cluster.url);
  op = await startTestOperator({
    kubeconfigPath: proxy.kubeconfigPath,
    env: {
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '3s',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE: '2s',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_RETRY_PERIOD: '100ms',
    },
  });
  await waitFor('the operator to lead', () => op.operator.isLeader());
});
afterAll(async () => {
  await op?.stop();
  await proxy?.close();
  await cluster?.stop();
});

const reason = async (resource: typeof httpScaledObjects, name: string) =>
  readyConditionOf(await client.get(resource, name, 'apps'))?.reason;
const getSO = (name: string) => client.get<ScaledObject>(scaledObjects, name, 'apps');

async function runScenario(): Promise<void> {
  // create: finalizer patch, ScaledObject get + create, status patch
  await client.create(services, testService('apps', 'web'));
  await client.create(httpScaledObjects, testHttpScaledObject('apps', 'web'));
  await waitFor('Ready', async () => (await reason(httpScaledObjects, 'web')) === 'Reconciled');
  // hand edit: ScaledObject get + update
  const so = (await getSO('web'))!;
  await client.replace(scaledObjects, { ...so, spec: { ...so.spec!, maxReplicaCount: 42 } });
  await waitFor('the revert', async () => (await getSO('web'))?.spec?.maxReplicaCount === undefined);
  // skip: ScaledObject delete
  await client.patch(httpScaledObjects, { name: 'web', namespace: 'apps' }, 'merge', {
    metadata: { annotations: { 'httpscaledobject.keda.sh/skip-scaledobject-creation': 'true' } },
  });
  await waitFor('the ScaledObject to go', async () => (await getSO('web')) === undefined);
  // orphan on delete: ScaledObject get + update, finalizer patch
  await client.create(services, testService('apps', 'kept'));
  await client.create(
    httpScaledObjects,
    testHttpScaledObject(
      'apps',
      'kept',
      {},
      {
        annotations: { 'httpscaledobject.keda.sh/orphan-scaledobject': 'true' },
      },
    ),
  );
  await waitFor('Ready', async () => (await reason(httpScaledObjects, 'kept')) === 'Reconciled');
  await client.delete(httpScaledObjects, 'kept', 'apps');
  await waitFor(
    'the delete to finish',
    async () => (await client.get(httpScaledObjects, 'kept', 'apps')) === undefined,
  );
  // InvalidSpec: Event create; InterceptorRoute: status patch
  await client.create(httpScaledObjects, testHttpScaledObject('apps', 'nosvc'));
  await waitFor('InvalidSpec', async () => (await reason(httpScaledObjects, 'nosvc')) === 'InvalidSpec');
  await client.create(
    interceptorRoutes,
    testInterceptorRoute('apps', 'route', { target: { service: 'web', port: 8080 } }),
  );
  await waitFor('Ready', async () => (await reason(interceptorRoutes, 'route')) === 'Reconciled');
  await op.operator.idle();
}

/** True when some rule of the manifest allows the request. */
function allowed(docs: RbacDoc[], req: KubeRequestAttributes): boolean {
  return docs.some((doc) => {
    if (doc.kind === 'Role' && doc.metadata.namespace !== req.namespace) return false;
    if (doc.kind !== 'Role' && doc.kind !== 'ClusterRole') return false;
    return (doc.rules ?? []).some(
      (r) =>
        r.apiGroups.includes(req.group) &&
        r.resources.includes(req.resource) &&
        r.verbs.includes(req.verb) &&
        (r.resourceNames === undefined || (req.name !== undefined && r.resourceNames.includes(req.name))),
    );
  });
}

describe('config/operator/rbac.yaml', () => {
  it('allows every request the operator sends, and nothing it does not need', async () => {
    await runScenario();
    const docs = (await readYamlDocuments(RBAC)) as RbacDoc[];
    // Only the operator talks through the proxy (the test's own client goes to the cluster directly).
    const sent = proxy.requests
      .map(kubeRequestAttributes)
      .filter((a): a is KubeRequestAttributes => a !== undefined);
    const denied = sent
      .filter((a) => !allowed(docs, a))
      .map((a) => `${a.verb} ${a.group}/${a.resource} ${a.name ?? ''}`);
    expect([...new Set(denied)]).toEqual([]);

    const used = new Set(sent.map((a) => `${a.group || '""'} ${a.resource} ${a.verb}`));
    const granted = docs.flatMap((d) =>
      (d.rules ?? []).flatMap((r) =>
        r.apiGroups.flatMap((g) =>
          r.resources.flatMap((res) => r.verbs.map((v) => `${g || '""'} ${res} ${v}`)),
        ),
      ),
    );
    const unused = [...new Set(granted)].filter((g) => !used.has(g) && !NOT_SENT.includes(g));
    expect(unused).toEqual([]);
  });
});

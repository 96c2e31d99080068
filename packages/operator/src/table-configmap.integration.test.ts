// The ConfigMap copy of the routing table against devcluster: created, left alone when unchanged, updated,
// retried with back-off until it can be written, never attempted when too large, and only while leading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { builtinResources, createKubeClient, loadKubeConfig, type KubeClient } from '@keda-http/k8s';
import { ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY, decodeRoutingTable } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { waitFor } from '@keda-http/testkit';
import {
  CONFIGMAP_MAX_BYTES,
  createConfigMapWriter,
  desiredConfigMap,
  mergeConfigMap,
  type ConfigMap,
  type ConfigMapWriterEvent,
} from './table-configmap.js';
import { tableSnapshot, withJson } from './table-snapshot.js';
import { testNamespace } from './testing.js';

let cluster: DevCluster;
let client: KubeClient;

beforeAll(async () => {
  cluster = await startDevCluster();
  client = createKubeClient(loadKubeConfig({ path: cluster.kubeconfigPath }));
});
afterAll(async () => {
  await cluster?.stop();
});

const snapshotOf = (...names: string[]) => tableSnapshot(names.map((name) => withJson(testRoute({ name }))));
const read = (namespace: string) =>
  client.get<ConfigMap>(builtinResources.configMaps, ROUTING_TABLE_CONFIGMAP, namespace);

function writer(namespace: string, leading = () => true) {
  const events: ConfigMapWriterEvent[] = [];
  const w = createConfigMapWriter({
    client,
    namespace,
    isLeader: leading,
    onEvent: (e) => events.push(e),
    backoff: { initialMs: 20, maxMs: 100 },
  });
  return { w, events };
}

describe('the routing-table ConfigMap writer', () => {
  it('creates the ConfigMap, leaves it alone when unchanged, and updates it', async () => {
    await client.create(builtinResources.namespaces, testNamespace('cm-basic'));
    const { w, events } = writer('cm-basic');
    const first = snapshotOf('a');
    w.write(first);
    await w.idle();
    w.write(first);
    await w.idle();
    const second = snapshotOf('a', 'b');
    w.write(second);
    await w.idle();
    expect(events.map((e) => (e.type === 'written' ? e.action : e.type))).toEqual([
      'created',
      'unchanged',
      'updated',
    ]);
    const cm = await read('cm-basic');
    expect(decodeRoutingTable(cm?.data?.[ROUTING_TABLE_CONFIGMAP_KEY]).version).toBe(second.version);
    expect(cm?.metadata?.annotations?.['http.keda.sh/routing-table-version']).toBe(second.version);
    await w.stop();
  });

  it('retries with back-off until the write succeeds, then writes only the newest table', async () => {
    const { w, events } = writer('cm-later');
    w.write(snapshotOf('old'));
    await waitFor('a failed write', () => events.some((e) => e.type === 'failed'));
    const newest = snapshotOf('new');
    w.write(newest);
    await client.create(builtinResources.namespaces, testNamespace('cm-later'));
    await w.idle();
    const written = events.filter((e) => e.type === 'written');
    expect(written.map((e) => e.version)).toEqual([newest.version]);
    expect((await read('cm-later'))?.data?.[ROUTING_TABLE_CONFIGMAP_KEY]).toBe(newest.body);
    await w.stop();
  });

  it('does not attempt a table larger than a ConfigMap can hold', async () => {
    await client.create(builtinResources.namespaces, testNamespace('cm-big'));
    const { w, events } = writer('cm-big');
    const huge = tableSnapshot([
      withJson(testRoute({ name: 'big', rules: [{ hosts: ['x'.repeat(CONFIGMAP_MAX_BYTES)] }] })),
    ]);
    w.write(huge);
    await w.idle();
    expect(events).toEqual([
      { type: 'too-large', version: huge.version, bytes: expect.any(Number) as number },
    ]);
    expect(await read('cm-big')).toBeUndefined();
    await w.stop();
  });

  it('writes nothing while not leading', async () => {
    await client.create(builtinResources.namespaces, testNamespace('cm-follower'));
    const { w, events } = writer('cm-follower', () => false);
    w.write(snapshotOf('a'));
    await w.idle();
    expect(events).toEqual([]);
    expect(await read('cm-follower')).toBeUndefined();
    await w.stop();
  });
});

describe('mergeConfigMap', () => {
  it('sets our key, label and annotation and keeps everything else', () => {
    const desired = desiredConfigMap('keda', snapshotOf('a'));
    const live: ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: ROUTING_TABLE_CONFIGMAP,
        namespace: 'keda',
        resourceVersion: '7',
        labels: { other: 'x' },
      },
      data: { note: 'kept', [ROUTING_TABLE_CONFIGMAP_KEY]: 'old' },
    };
    const merged = mergeConfigMap(live, desired);
    expect(merged.metadata?.resourceVersion).toBe('7');
    expect(merged.metadata?.labels).toEqual({
      other: 'x',
      'app.kubernetes.io/managed-by': 'keda-http-operator',
    });
    expect(merged.data).toEqual({
      note: 'kept',
      [ROUTING_TABLE_CONFIGMAP_KEY]: desired.data?.[ROUTING_TABLE_CONFIGMAP_KEY],
    });
  });
});

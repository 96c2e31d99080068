// Pods as real local processes on the emulated node: the echo image, Deployment status, the listen shim, env,
// crash restarts, image and config errors, start-up delay, logs, and no process left after stop().
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject, KubeObject } from '../api/types.js';
import { startDevCluster, type DevCluster } from '../start.js';
import { deploymentManifest, nodeScriptImage, processAlive, waitFor, waitForTimeline } from '../testing.js';
import type { TimelineEntry } from '../timeline/event-timeline.js';

const ENV_SERVER = `require('http').createServer((q, s) => s.end(JSON.stringify(process.env))).listen(Number(process.env.PORT))`;
const PLAIN_SERVER = `require('http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT))`;

let cluster: DevCluster;
const logDir = mkdtempSync(join(tmpdir(), 'devcluster-logs-'));
beforeAll(async () => {
  cluster = await startDevCluster({
    logDir,
    builtinCrds: false,
    keda: false,
    probePeriodCapMs: 100,
    restartBackoff: { initialMs: 100, maxMs: 400 },
    podIpStart: '127.0.60.1',
    images: {
      'test/env': nodeScriptImage(ENV_SERVER),
      'test/crash': nodeScriptImage(`console.log('starting'); setTimeout(() => process.exit(3), 50)`),
      'test/slow': nodeScriptImage(PLAIN_SERVER, { startupDelay: '1s' }),
    },
  });
});
afterAll(async () => {
  await cluster.stop();
  rmSync(logDir, { recursive: true, force: true });
});

const obj = (v: unknown): JsonObject => (typeof v === 'object' && v !== null ? (v as JsonObject) : {});
const pods = () => cluster.store.resource({ apiVersion: 'v1', kind: 'Pod' });
const deployments = () => cluster.store.resource({ apiVersion: 'apps/v1', kind: 'Deployment' });
const podsIn = (ns: string): KubeObject[] => pods().list({ namespace: ns }).items;
const livePods = (ns: string): KubeObject[] =>
  podsIn(ns).filter((p) => p.metadata.deletionTimestamp === undefined);
const statusOf = (o: KubeObject | undefined): JsonObject => obj(o?.['status']);
const container = (p: KubeObject | undefined): JsonObject =>
  obj((statusOf(p)['containerStatuses'] as JsonObject[] | undefined)?.[0]);

let nsCount = 0;
function namespace(): string {
  const ns = `work-${++nsCount}`;
  cluster.store
    .resource({ apiVersion: 'v1', kind: 'Namespace' })
    .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}

const readyCount = (ns: string, name: string): number =>
  (statusOf(deployments().get(ns, name))['readyReplicas'] as number | undefined) ?? 0;

const podEvents = (since: number, ns: string, milestone: string): TimelineEntry[] =>
  cluster.timeline
    .since(since)
    .filter((e) => e.kind === 'pod' && e.pod.startsWith(`${ns}/`) && e.milestone === milestone);

async function get(url: string): Promise<JsonObject> {
  const res = await fetch(url);
  return (await res.json()) as JsonObject;
}

describe('pods as processes', () => {
  it('runs each replica of an echo Deployment as its own process on its own IP, both on port 8080', async () => {
    const ns = namespace();
    deployments().create(deploymentManifest({ name: 'web', namespace: ns, replicas: 2 }));
    await waitFor(() => readyCount(ns, 'web') === 2, { timeoutMs: 60_000 });
    const running = livePods(ns);
    const ips = running.map((p) => statusOf(p)['podIP'] as string);
    expect(new Set(ips).size).toBe(2);
    for (const p of running) {
      const ip = statusOf(p)['podIP'] as string;
      const body = await get(`http://${ip}:8080/some/path?delay=10ms&x=1`);
      expect(body).toMatchObject({
        pod: p.metadata.name,
        host: `${ip}:8080`,
        method: 'GET',
        path: '/some/path',
        query: { delay: '10ms', x: '1' },
      });
      expect(statusOf(p)).toMatchObject({
        phase: 'Running',
        hostIP: '127.0.0.1',
        hostIPs: [{ ip: '127.0.0.1' }],
        podIP: ip,
        podIPs: [{ ip }],
        startTime: expect.stringMatching(/Z$/),
      });
      expect(
        ((statusOf(p)['conditions'] as JsonObject[]) ?? []).map(
          (c) => `${String(c['type'])}=${String(c['status'])}`,
        ),
      ).toEqual([
        'PodReadyToStartContainers=True',
        'Initialized=True',
        'Ready=True',
        'ContainersReady=True',
        'PodScheduled=True',
      ]);
      expect(container(p)).toMatchObject({
        name: 'app',
        ready: true,
        started: true,
        restartCount: 0,
        state: { running: {} },
      });
      expect(obj(p['spec'])['nodeName']).toBe('devcluster');
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({
        kind: 'Deployment',
        name: 'web',
        controller: true,
      });
    }
    const d = deployments().get(ns, 'web');
    expect(statusOf(d)).toMatchObject({
      observedGeneration: 1,
      replicas: 2,
      updatedReplicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      conditions: [
        { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
        { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
      ],
    });
    const scale = deployments().getScale(ns, 'web');
    expect(scale['status']).toEqual({ replicas: 2, selector: 'app=web' });
  });

  it('gives the container its env, and makes a Node server that listens on no host bind the pod IP', async () => {
    const ns = namespace();
    cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: ns },
      data: { mode: 'fast' },
    });
    const port = 18_931;
    deployments().create(
      deploymentManifest({
        name: 'env',
        namespace: ns,
        image: 'example.com/test/env:v1',
        port,
        env: [
          { name: 'LITERAL', value: 'x' },
          { name: 'MY_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
          { name: 'MY_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
        ],
      }),
    );
    await waitFor(() => readyCount(ns, 'env') === 1, { timeoutMs: 60_000 });
    const [p] = livePods(ns);
    const ip = statusOf(p)['podIP'] as string;
    const env = await get(`http://${ip}:${port}/`);
    expect(env).toMatchObject({
      LITERAL: 'x',
      MY_NAMESPACE: ns,
      MY_NAME: p?.metadata.name,
      MY_IP: ip,
      MODE: 'fast',
      POD_IP: ip,
      PORT: String(port),
      HOSTNAME: p?.metadata.name,
      KUBECONFIG: cluster.kubeconfigPath,
    });
    expect(String(env['NODE_OPTIONS'])).toMatch(/--import=file:.*listen-on-pod-ip\.(js|ts)/);
    // Bound to the pod IP only: nothing answers on 127.0.0.1 at that port.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(false));
      socket.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });

  it('restarts a crashing container with back-off and counts the restarts', async () => {
    const ns = namespace();
    deployments().create(deploymentManifest({ name: 'crash', namespace: ns, image: 'test/crash' }));
    await waitFor(
      () =>
        container(livePods(ns)[0])['state'] !== undefined &&
        obj(obj(container(livePods(ns)[0])['state'])['waiting'])['reason'] === 'CrashLoopBackOff',
    );
    await waitFor(() => Number(container(livePods(ns)[0])['restartCount']) >= 2, { timeoutMs: 30_000 });
    const status = container(livePods(ns)[0]);
    expect(obj(obj(status['lastState'])['terminated'])).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(readyCount(ns, 'crash')).toBe(0);
    const name = livePods(ns)[0]?.metadata.name ?? '';
    const previous = await fetch(`${cluster.url}/api/v1/namespaces/${ns}/pods/${name}/log?previous=true`);
    expect(await previous.text()).toBe('starting\n');
  });

  it('leaves a pod whose image has no local command Pending with ErrImagePull', async () => {
    const ns = namespace();
    deployments().create(
      deploymentManifest({ name: 'nope', namespace: ns, image: 'ghcr.io/acme/unknown:1.0' }),
    );
    await waitFor(
      () => obj(obj(container(livePods(ns)[0])['state'])['waiting'])['reason'] === 'ErrImagePull',
    );
    const p = livePods(ns)[0];
    expect(statusOf(p)['phase']).toBe('Pending');
    expect(obj(container(p)['state'])['waiting']).toEqual({
      reason: 'ErrImagePull',
      message: 'no local command for image ghcr.io/acme/unknown:1.0',
    });
  });

  it('waits for a missing ConfigMap with CreateContainerConfigError, then starts', async () => {
    const ns = namespace();
    deployments().create(
      deploymentManifest({
        name: 'cfg',
        namespace: ns,
        image: 'test/env',
        port: 18_932,
        env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'later', key: 'mode' } } }],
      }),
    );
    await waitFor(
      () =>
        obj(obj(container(livePods(ns)[0])['state'])['waiting'])['reason'] === 'CreateContainerConfigError',
    );
    expect(obj(obj(container(livePods(ns)[0])['state'])['waiting'])['message']).toBe(
      'configmap "later" not found',
    );
    cluster.store.resource({ apiVersion: 'v1', kind: 'ConfigMap' }).create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'later', namespace: ns },
      data: { mode: 'm' },
    });
    await waitFor(() => readyCount(ns, 'cfg') === 1, { timeoutMs: 60_000 });
  });

  it("holds the process back for the image's start-up delay", async () => {
    const ns = namespace();
    const since = cluster.timeline.lastSeq;
    deployments().create(
      deploymentManifest({ name: 'slow', namespace: ns, image: 'test/slow', port: 18_933 }),
    );
    const started = await waitForTimeline(
      cluster.timeline,
      (e) => e.kind === 'pod' && e.pod.startsWith(`${ns}/`) && e.milestone === 'started',
      { since },
    );
    const [scheduled] = podEvents(since, ns, 'scheduled');
    expect(started.ms - (scheduled?.ms ?? 0)).toBeGreaterThanOrEqual(1000);
    await waitFor(() => readyCount(ns, 'slow') === 1, { timeoutMs: 60_000 });
  });

  it('serves container logs, with tailLines and follow', async () => {
    const ns = namespace();
    deployments().create(deploymentManifest({ name: 'logs', namespace: ns }));
    await waitFor(() => readyCount(ns, 'logs') === 1, { timeoutMs: 60_000 });
    const p = livePods(ns)[0] as KubeObject;
    const ip = statusOf(p)['podIP'] as string;
    const base = `${cluster.url}/api/v1/namespaces/${ns}/pods/${p.metadata.name ?? ''}/log`;
    await get(`http://${ip}:8080/one`);
    const follow = await fetch(`${base}?follow=true`);
    const reader = follow.body!.getReader();
    await get(`http://${ip}:8080/two`);
    let text = '';
    while (!text.includes('GET /two 200')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain(`echo ${p.metadata.name ?? ''} listening on ${ip}:8080\nGET /one 200\n`);
    expect(await (await fetch(`${base}?tailLines=1`)).text()).toBe('GET /two 200\n');
    const missing = await fetch(`${base}?container=nope`);
    expect(missing.status).toBe(400);
    expect(readFileSync(join(logDir, `${ns}_${p.metadata.name ?? ''}_app.log`), 'utf8')).toContain(
      'GET /two 200\n',
    );
  });

  it('kills every pod process on stop()', async () => {
    const own = await startDevCluster({
      builtinCrds: false,
      keda: false,
      podIpStart: '127.0.61.1',
      stopGraceMs: 500,
    });
    let stopped = false;
    try {
      own.store
        .resource({ apiVersion: 'apps/v1', kind: 'Deployment' })
        .create(deploymentManifest({ name: 'web', replicas: 2 }));
      await waitFor(() => own.pids().length === 2, { timeoutMs: 60_000 });
      const pids = own.pids();
      expect(pids.every(processAlive)).toBe(true);
      await own.stop();
      stopped = true;
      expect(pids.filter(processAlive)).toEqual([]);
    } finally {
      if (!stopped) await own.stop();
    }
  });
});

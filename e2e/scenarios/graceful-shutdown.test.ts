// Graceful shutdown of the interceptor (SPEC §4): its pod is deleted while a request is in flight, so the
// kubelet sends SIGTERM. The interceptor turns unready at once, keeps serving for KEDA_HTTP_SHUTDOWN_DELAY
// (5 s in config/), drains, and exits 0: the request in flight completes, a request sent during the delay
// is answered, and no request fails. The Deployment's replacement pod then carries the traffic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@keda-http/testkit';
import { ADD_ON_NAMESPACE, DEPLOYMENTS, kubectlOk } from '../support/add-on.js';
import { echoAnswer } from '../support/http-client.js';
import { waitUntilServing, warmApp } from '../support/route-checks.js';
import { startSystem, type System } from '../support/system.js';
import { entries } from '../support/timeline.js';

let sys: System;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  const left = await sys?.stop();
  expect(left, 'processes left running').toEqual([]);
});

interface Pod {
  metadata: { name: string; deletionTimestamp?: string };
  status?: { podIP?: string };
}

async function interceptorPod(): Promise<{ name: string; ip: string }> {
  const selector = encodeURIComponent(`app.kubernetes.io/name=${DEPLOYMENTS.interceptor}`);
  const pods = await sys.kube.list<Pod>(
    `/api/v1/namespaces/${ADD_ON_NAMESPACE}/pods?labelSelector=${selector}`,
  );
  const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined && p.status?.podIP);
  expect(live).toHaveLength(1);
  const pod = live[0] as Pod;
  return { name: pod.metadata.name, ip: pod.status?.podIP as string };
}

describe('graceful shutdown', () => {
  it('completes the request in flight when the interceptor gets SIGTERM, serves during the shutdown delay, and exits 0', async () => {
    const ns = await sys.namespace('graceful');
    const host = `web.${ns}.test`;
    await sys.apply(warmApp(ns, 'web', { hosts: [host] }));
    await waitUntilServing(sys, ns, ['web']);
    const pod = await interceptorPod();
    const proxy = `http://${pod.ip}:8080`;
    const admin = `http://${pod.ip}:9090`;
    const since = await sys.timeline.lastSeq();

    const inFlight = sys.http.send(proxy, { host, path: '/slow?delay=3s' });
    await waitFor('the request held by the app', async () => {
      const queue = (await (await fetch(`${admin}/queue`)).json()) as Record<string, { Concurrency: number }>;
      return queue[`${ns}/web`]?.Concurrency === 1;
    });
    await kubectlOk(sys.kubectl, ['delete', 'pod', '-n', ADD_ON_NAMESPACE, pod.name, '--wait=false']);
    await sys.timeline.waitFor('SIGTERM to the interceptor', entries.pod(`keda/${pod.name}`, 'terminating'), {
      since,
    });

    await waitFor('/readyz turning 503', async () => (await fetch(`${admin}/readyz`)).status === 503);
    const during = await sys.http.send(proxy, { host, path: '/during-the-delay' });
    expect(during.status, during.body).toBe(200);
    expect(echoAnswer(during).path).toBe('/during-the-delay');

    const held = await inFlight;
    expect(held.status, held.error ?? held.body).toBe(200);
    expect(echoAnswer(held).path).toBe('/slow');

    const exited = await sys.timeline.waitFor(
      'the interceptor process exiting',
      entries.pod(`keda/${pod.name}`, 'exited'),
      { since, timeoutMs: 60_000 },
    );
    expect(exited.kind === 'pod' && exited.message).toBe('exit code 0');

    const next = await waitFor('a replacement interceptor pod', async () => {
      const p = await interceptorPod().catch(() => undefined);
      return p !== undefined && p.name !== pod.name ? p : undefined;
    });
    await kubectlOk(sys.kubectl, [
      'wait',
      '-n',
      ADD_ON_NAMESPACE,
      '--for=condition=Ready',
      '--timeout=90s',
      `pod/${next.name}`,
    ]);
    await waitFor('the route served by the new pod', async () => {
      const res = await sys.http.send(`http://${next.ip}:8080`, { host, path: '/after' });
      return res.status === 200;
    });
  });
});

// Propagation: from an HTTPScaledObject write (the POST to the API server) to the first request the
// interceptor routes for its host. A warm app (one ready replica) stands behind every route, so a routed
// request answers 200 at once; a poller sends a request for the new host every ~2 ms from just before the
// write, and the sample is the send time of the first one not answered 404 (resolution: one poll interval).
// The route is deleted afterwards and the next sample waits until it is gone, so samples do not overlap.
import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpOutcome } from '../../e2e/support/http-client.js';
import { httpScaledObject } from '../../e2e/support/manifests.js';
import type { System } from '../../e2e/support/system.js';

const now = (): number => performance.timeOrigin + performance.now();
const POLL_GAP_MS = 2;

async function firstRouted(
  send: () => Promise<HttpOutcome>,
  routed: boolean,
  deadline: number,
): Promise<{ sentAt: number; status: number; polls: number }> {
  for (let polls = 1; ; polls++) {
    const sentAt = now();
    const res = await send();
    if ((res.status !== 404) === routed) return { sentAt, status: res.status, polls };
    if (Date.now() > deadline) throw new Error(`no ${routed ? 'routed' : '404'} answer within the deadline`);
    await sleep(POLL_GAP_MS);
  }
}

export interface PropagationSample {
  readonly ms: number;
  readonly polls: number;
}

export async function measurePropagation(
  sys: System,
  target: { namespace: string; app: string; proxyUrl: string },
  index: number,
): Promise<PropagationSample> {
  const ns = target.namespace;
  const name = `route-${index}`;
  const host = `${name}.${ns}.bench`;
  const send = () => sys.http.send(target.proxyUrl, { host, path: '/' });
  const object = httpScaledObject({
    namespace: ns,
    name,
    app: target.app,
    spec: { hosts: [host], replicas: { min: 1, max: 1 } },
  });
  const path = `/apis/http.keda.sh/v1alpha1/namespaces/${ns}/httpscaledobjects`;
  const poller = firstRouted(send, true, Date.now() + 30_000);
  const writeAt = now();
  const res = await fetch(`${sys.cluster.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(object),
  });
  if (res.status !== 201) throw new Error(`creating ${name}: ${res.status} ${await res.text()}`);
  const first = await poller;
  if (first.status !== 200) throw new Error(`${name}: the first routed request got ${first.status}`);

  await (await fetch(`${sys.cluster.url}${path}/${name}`, { method: 'DELETE' })).body?.cancel();
  await firstRouted(send, false, Date.now() + 30_000);
  return { ms: first.sentAt - writeAt, polls: first.polls };
}

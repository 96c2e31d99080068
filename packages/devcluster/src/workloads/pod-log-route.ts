// GET /api/v1/namespaces/NS/pods/NAME/log: a container's output as text/plain, with the options kubectl
// logs sends (`container`, `previous`, `tailLines`, `sinceSeconds`, `sinceTime`, `timestamps`,
// `limitBytes`, and `follow`, which streams until the container ends or the client goes).
import { fail, statuses } from '../api/status.js';
import type { Call } from '../http/call.js';
import type { SubresourceHandler } from '../http/resource-handler.js';
import type { Store } from '../store/store.js';
import type { Kubelet } from './kubelet.js';

function whole(call: Call, name: string): number | undefined {
  const raw = call.query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) fail(statuses.badRequest(`${name}: "${raw}" is not an integer`));
  return Number(raw);
}

export function podLogHandler(store: Store, kubelet: () => Kubelet | undefined): SubresourceHandler {
  return (call, at) => {
    if (call.req.method !== 'GET') fail(statuses.methodNotAllowed(call.req.method ?? ''));
    const pod = store.resource({ apiVersion: 'v1', kind: 'Pod' }).get(at.namespace, at.name);
    if (pod === undefined) fail(statuses.notFound(at.type, at.name));
    const container = call.query.get('container') ?? undefined;
    const runner = kubelet()?.runner(at.namespace ?? '', at.name);
    const target = runner?.container(container === '' ? undefined : container);
    if (target === undefined) {
      if (container !== undefined && container !== '' && runner !== undefined)
        fail(statuses.badRequest(`container ${container} is not valid for pod ${at.name}`));
      fail(statuses.badRequest(`container in pod "${at.name}" is waiting to start: ContainerCreating`));
    }
    const previous = call.query.get('previous') === 'true';
    const log = target.logs(previous);
    if (log === undefined)
      fail(
        statuses.badRequest(`previous terminated container "${target.name}" in pod "${at.name}" not found`),
      );
    const tailLines = whole(call, 'tailLines');
    const sinceSeconds = whole(call, 'sinceSeconds');
    const limitBytes = whole(call, 'limitBytes');
    const sinceTimeRaw = call.query.get('sinceTime');
    const sinceTime =
      sinceSeconds !== undefined
        ? new Date(Date.now() - sinceSeconds * 1000)
        : sinceTimeRaw !== null
          ? new Date(sinceTimeRaw)
          : undefined;
    const timestamps = call.query.get('timestamps') === 'true';
    const text = log.read({
      ...(tailLines !== undefined && tailLines >= 0 ? { tailLines } : {}),
      ...(sinceTime !== undefined && !Number.isNaN(sinceTime.getTime()) ? { sinceTime } : {}),
      ...(limitBytes !== undefined ? { limitBytes } : {}),
      timestamps,
    });
    const res = call.res;
    if (call.query.get('follow') !== 'true' || log.ended) {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    if (text !== '') res.write(text);
    return new Promise<void>((resolve) => {
      const stop = log.follow((line) => {
        if (line === undefined) {
          res.end();
          resolve();
        } else res.write(line);
      }, timestamps);
      res.on('close', () => {
        stop();
        resolve();
      });
    });
  };
}

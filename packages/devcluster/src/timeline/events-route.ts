// GET /devcluster/events: the timeline as JSON. `?since=N` returns the entries after sequence number N;
// `?watch=N` does the same but, when there are none yet, holds the request until one arrives or
// `timeoutSeconds` (default 30) pass, so tests and the demo wait without polling. The answer is
// `{ "events": [...], "lastSeq": M }`; pass M back as the next `since`/`watch`.
import { fail, statuses } from '../api/status.js';
import type { Call } from '../http/call.js';
import type { DevclusterRoutes } from '../http/devcluster-routes.js';
import { sendJson } from '../http/respond.js';
import type { Timeline } from './event-timeline.js';

function sequence(call: Call, name: string): number | undefined {
  const raw = call.query.get(name);
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) fail(statuses.badRequest(`${name}: "${raw}" is not a sequence number`));
  return Number(raw);
}

export function addEventsRoute(routes: DevclusterRoutes, timeline: Timeline): void {
  routes.add('GET', 'events', async (call) => {
    const watch = sequence(call, 'watch');
    const since = sequence(call, 'since') ?? 0;
    if (watch === undefined) {
      sendJson(call.res, { events: timeline.since(since), lastSeq: timeline.lastSeq });
      return;
    }
    const timeoutRaw = call.query.get('timeoutSeconds') ?? '30';
    if (!/^\d+$/.test(timeoutRaw))
      fail(statuses.badRequest(`timeoutSeconds: "${timeoutRaw}" is not a whole number of seconds`));
    const abort = new AbortController();
    call.res.on('close', () => abort.abort());
    const events = await timeline.wait(watch, Number(timeoutRaw) * 1000, abort.signal);
    sendJson(call.res, { events, lastSeq: timeline.lastSeq });
  });
}

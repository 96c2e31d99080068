// GET /routing_table on the admin server (deployables.md, "The routing table"):
//   - plain GET: 200 with `{version, routes}` and a strong ETag; 304 when If-None-Match names the current
//     version;
//   - `?watch=<version>&timeoutSeconds=N` (default 30, max 300): 200 at once when the current version
//     differs, else held until it changes (200) or the timeout passes (304, empty body).
// Before the first table is built a plain GET answers 503; a watch waits for the first table instead.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ROUTING_TABLE_PATH, routingTableQuerySchema } from '@keda-http/routing';
import type { TablePublisher, TableSnapshot } from './table-publisher.js';

function sendSnapshot(reply: FastifyReply, snapshot: TableSnapshot): FastifyReply {
  return reply
    .status(200)
    .header('etag', snapshot.etag)
    .header('cache-control', 'no-cache')
    .type('application/json; charset=utf-8')
    .send(snapshot.body);
}

function notModified(reply: FastifyReply, snapshot: TableSnapshot | undefined): FastifyReply {
  if (snapshot !== undefined) reply.header('etag', snapshot.etag);
  return reply.status(304).header('cache-control', 'no-cache').send();
}

/** True when an If-None-Match header names the ETag (or is `*`); weak validators compare weakly. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

export function addRoutingTableRoute(app: FastifyInstance, publisher: TablePublisher): void {
  app.get(ROUTING_TABLE_PATH, async (request, reply) => {
    const parsed = routingTableQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'query';
      return reply.status(400).send({ error: `${field}: ${issue?.message ?? 'invalid'}` });
    }
    const { watch, timeoutSeconds } = parsed.data;
    const snapshot = publisher.current();
    if (watch !== undefined) {
      if (snapshot !== undefined && snapshot.version !== watch) return sendSnapshot(reply, snapshot);
      const gone = new AbortController();
      const onClose = (): void => gone.abort();
      reply.raw.once('close', onClose);
      try {
        const next = await publisher.waitForChange(watch, timeoutSeconds * 1000, gone.signal);
        return next !== undefined ? sendSnapshot(reply, next) : notModified(reply, publisher.current());
      } finally {
        reply.raw.off('close', onClose);
      }
    }
    if (snapshot === undefined) {
      return reply.status(503).send({ error: 'the routing table has not been built yet' });
    }
    if (ifNoneMatchHits(request.headers['if-none-match'], snapshot.etag)) return notModified(reply, snapshot);
    return sendSnapshot(reply, snapshot);
  });
}

// GET /routing_table: this interceptor's copy of the routing table, in the operator's wire format with its
// version (503 before the first table loaded). GET /routing_ping: fetches the table from the operator now,
// swaps it in if it is new, and returns it; 502 with the reason when the operator cannot be reached.
import { encodeRoutingTable, type RoutingTable } from '@keda-http/routing';
import type { FastifyInstance } from 'fastify';

export interface RoutingTableAccess {
  current(): RoutingTable | undefined;
  refresh(): Promise<RoutingTable>;
}

export function addRoutingRoutes(app: FastifyInstance, tables: RoutingTableAccess): void {
  app.get('/routing_table', (_request, reply) => {
    const table = tables.current();
    if (table === undefined) {
      return reply.status(503).send({ error: 'no routing table has been loaded yet' });
    }
    return reply
      .header('etag', `"${table.version}"`)
      .type('application/json')
      .send(encodeRoutingTable(table));
  });

  app.get('/routing_ping', async (_request, reply) => {
    try {
      const table = await tables.refresh();
      return reply
        .header('etag', `"${table.version}"`)
        .type('application/json')
        .send(encodeRoutingTable(table));
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return reply.status(502).send({ error: 'cannot fetch the routing table from the operator', reason });
    }
  });
}

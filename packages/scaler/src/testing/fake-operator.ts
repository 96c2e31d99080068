// A stand-in for the operator's admin server in the scaler's tests and benchmark: GET /routing_table with the
// routing package's wire format, a strong ETag and the `?watch=<version>&timeoutSeconds=<n>` long-poll
// (deployables.md, "The routing table"). setRoutes() swaps the table and wakes the long-polls.
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ROUTING_TABLE_PATH,
  buildTable,
  encodeRoutingTable,
  routingTableQuerySchema,
  type Route,
  type RoutingTable,
} from '@keda-http/routing';

export interface FakeOperator {
  /** `http://127.0.0.1:<port>`, for KEDA_HTTP_OPERATOR_ADMIN_URL. */
  readonly url: string;
  setRoutes(routes: readonly Route[]): RoutingTable;
  readonly table: RoutingTable;
  close(): Promise<void>;
}

export async function startFakeOperator(routes: readonly Route[]): Promise<FakeOperator> {
  let table = buildTable(routes);
  const waiting = new Set<() => void>();
  const send = (res: ServerResponse): void => {
    const text = encodeRoutingTable(table);
    res.writeHead(200, { 'content-type': 'application/json', etag: `"${table.version}"` });
    res.end(text);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== ROUTING_TABLE_PATH) {
      res.writeHead(404).end();
      return;
    }
    const query = routingTableQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) {
      res.writeHead(400).end(query.error.message);
      return;
    }
    const { watch, timeoutSeconds } = query.data;
    if (watch === undefined || watch !== table.version) {
      send(res);
      return;
    }
    const done = (changed: boolean): void => {
      waiting.delete(wake);
      clearTimeout(timer);
      if (changed) send(res);
      else res.writeHead(304).end();
    };
    const wake = (): void => done(true);
    const timer = setTimeout(() => done(false), timeoutSeconds * 1000);
    waiting.add(wake);
    res.once('close', () => {
      waiting.delete(wake);
      clearTimeout(timer);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setRoutes(next) {
      table = buildTable(next);
      for (const w of [...waiting]) w();
      return table;
    },
    get table() {
      return table;
    },
    async close() {
      for (const w of [...waiting]) w();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

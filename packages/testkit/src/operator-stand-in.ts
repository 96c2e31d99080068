// A stand-in for the operator's admin server, for tests of the routing table's followers (interceptor,
// scaler) before or without the real operator. It serves the deployables' contract: GET /routing_table →
// `{version, routes}` with a strong ETag; `?watch=<version>&timeoutSeconds=N` answers at once when the version
// differs, else when the table changes (200) or after N seconds (304, empty body); If-None-Match is honoured.
// The table is whatever the test sets, as JSON: build it with @keda-http/routing in the test.
import { createServer, type ServerResponse } from 'node:http';
import { listen, type Listening } from './listen.js';

/** The routing table wire format: `{version, routes}`. */
export interface WireTable {
  readonly version: string;
  readonly routes: readonly unknown[];
}

export interface StandInOperator extends Listening {
  /** Serves `table` from now on and answers every long-poll waiting on another version. */
  setTable(table: WireTable | undefined): void;
  /** GET /routing_table requests received, long-polls included. */
  requests(): number;
  /** Long-polls being held right now. */
  watching(): number;
}

export interface StandInOperatorOptions {
  readonly table?: WireTable;
  readonly port?: number;
}

const MAX_WATCH_SECONDS = 300;

export async function startStandInOperator(opts: StandInOperatorOptions = {}): Promise<StandInOperator> {
  let table = opts.table;
  let requests = 0;
  const waiting = new Set<() => void>();

  const send = (res: ServerResponse): void => {
    if (table === undefined) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'no routing table yet' }));
      return;
    }
    const body = JSON.stringify(table);
    res.writeHead(200, {
      'content-type': 'application/json',
      etag: `"${table.version}"`,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  };
  const notModified = (res: ServerResponse): void => {
    res.writeHead(304, table === undefined ? {} : { etag: `"${table.version}"` });
    res.end();
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://operator');
    if (url.pathname !== '/routing_table' || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    requests++;
    const watch = url.searchParams.get('watch');
    if (watch === null) {
      const etag = req.headers['if-none-match'];
      if (table !== undefined && etag === `"${table.version}"`) notModified(res);
      else send(res);
      return;
    }
    if (table !== undefined && table.version !== watch) {
      send(res);
      return;
    }
    const seconds = Math.min(Number(url.searchParams.get('timeoutSeconds') ?? 30) || 0, MAX_WATCH_SECONDS);
    const wake = (): void => {
      clearTimeout(timer);
      waiting.delete(wake);
      res.off('close', wake);
      if (res.destroyed) return;
      if (table !== undefined && table.version !== watch) send(res);
      else notModified(res);
    };
    const timer = setTimeout(wake, seconds * 1000);
    waiting.add(wake);
    res.once('close', wake);
  });
  const listening = await listen(server, '127.0.0.1', opts.port ?? 0);
  return {
    ...listening,
    setTable(next) {
      table = next;
      for (const wake of [...waiting]) wake();
    },
    requests: () => requests,
    watching: () => waiting.size,
    async close() {
      for (const wake of [...waiting]) wake();
      await listening.close();
    },
  };
}

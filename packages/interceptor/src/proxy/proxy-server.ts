// The proxy's node:http server: one Exchange per request, handed to the pipeline. Node itself answers the
// malformed cases before a request reaches it (its default clientError handling): a bad request line or
// header → 400, headers larger than maxHeaderSize (16 KiB) → 431, an HTTP/1.1 request without Host → 400. It
// also keeps the count of requests in flight for the drain at shutdown. Once draining, responses carry
// Connection: close, connections are closed as they go idle, and a request that still arrives on a kept-alive
// connection gets 503.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Exchange, type ServerState } from './exchange.js';
import { sendFailure } from './failure-response.js';
import { DrainingError } from '../errors.js';
import type { Handler } from './step.js';

export interface ProxyServer {
  readonly server: Server;
  /** Starts listening; resolves with the bound address. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Requests being handled right now. */
  inFlight(): number;
  /**
   * Stops accepting connections, answers 503 to requests on kept-alive ones, and resolves once every request
   * in flight has finished or `signal` aborts (the drain timeout). Idle connections are closed.
   */
  drain(signal?: AbortSignal): Promise<void>;
  /** Closes every connection, finished or not. */
  closeAll(): void;
}

const ignore = (): void => undefined;

export function createProxyServer(
  pipeline: Handler,
  now: () => number = () => performance.now(),
): ProxyServer {
  let inFlight = 0;
  const state: ServerState = { draining: false };
  const idleWaiters = new Set<() => void>();
  let closeIdleScheduled = false;
  const closeIdle = (): void => {
    closeIdleScheduled = false;
    server.closeIdleConnections();
  };

  const requestDone = (): void => {
    inFlight--;
    if (state.draining && !closeIdleScheduled) {
      // The connection becomes idle once Node has finished the response; close it then.
      closeIdleScheduled = true;
      setImmediate(closeIdle);
    }
    if (inFlight === 0 && idleWaiters.size > 0) {
      for (const wake of [...idleWaiters]) wake();
    }
  };

  const server = createServer(
    {
      // A slow upload may take as long as it needs; slow headers are still cut after headersTimeout (60 s).
      requestTimeout: 0,
    },
    (req, res) => {
      if (state.draining) {
        res.shouldKeepAlive = false;
        sendFailure(res, new DrainingError());
        return;
      }
      inFlight++;
      const ex = new Exchange(req, res, now(), state);
      // A response closes when it finished or when its client went away: either way the request no longer
      // needs draining. (A closure rather than a property on the response: Node's own objects keep their shape.)
      res.on('close', () => {
        ex.responseClosed();
        requestDone();
      });
      // The pipeline never rejects: its outermost step turns every failure into a response.
      void pipeline(ex);
    },
  );

  return {
    server,
    listen(port, host) {
      return new Promise<AddressInfo>((resolve, reject) => {
        server.once('error', reject);
        const done = (): void => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        };
        if (host === undefined) server.listen({ port, backlog: 4096 }, done);
        else server.listen({ port, host, backlog: 4096 }, done);
      });
    },
    inFlight: () => inFlight,
    async drain(signal) {
      state.draining = true;
      server.close(ignore);
      server.closeIdleConnections();
      if (inFlight > 0 && signal?.aborted !== true) {
        await new Promise<void>((resolve) => {
          const wake = (): void => {
            idleWaiters.delete(wake);
            signal?.removeEventListener('abort', wake);
            resolve();
          };
          idleWaiters.add(wake);
          signal?.addEventListener('abort', wake, { once: true });
        });
      }
      server.closeIdleConnections();
    },
    closeAll() {
      server.closeAllConnections();
    },
  };
}

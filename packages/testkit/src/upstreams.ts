// Real HTTP upstreams for tests: an echo server that reports what it received (and can hold a response
// with `?delay=`), counting requests in flight so tests can wait for "N requests reached the backend".
import { createServer, type IncomingMessage } from 'node:http';
import { parseDuration } from '@keda-http/api';
import { listen, type Listening } from './listen.js';

export interface EchoBody {
  readonly name: string;
  readonly method: string;
  readonly url: string;
  readonly host: string | undefined;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface EchoUpstream extends Listening {
  /** Requests currently being served. */
  inFlight(): number;
  /** Every request received so far, in arrival order. */
  readonly received: EchoBody[];
  /** Resolves every request that is being held (`?delay=hold`) right now. */
  releaseHeld(): void;
}

export interface EchoOptions {
  /** Reported in the body as `name`, so a test can tell which upstream answered. */
  readonly name?: string;
  readonly host?: string;
  readonly port?: number;
  /** Status code for every response; default 200. */
  readonly status?: number;
}

/**
 * Answers every request with JSON `{name, method, url, host, headers, body}`. `?delay=250ms` waits before
 * answering; `?delay=hold` waits until `releaseHeld()`.
 */
export async function startEchoUpstream(opts: EchoOptions = {}): Promise<EchoUpstream> {
  const name = opts.name ?? 'echo';
  const received: EchoBody[] = [];
  const held = new Set<() => void>();
  let inFlight = 0;
  const server = createServer((req, res) => {
    inFlight++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const delay = url.searchParams.get('delay');
      const echo: EchoBody = {
        name,
        method: req.method ?? '',
        url: req.url ?? '',
        host: req.headers.host,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(echo);
      const respond = (): void => {
        inFlight--;
        if (res.destroyed) return;
        const body = JSON.stringify(echo);
        res.writeHead(opts.status ?? 200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      };
      if (delay === 'hold') held.add(respond);
      else if (delay) setTimeout(respond, parseDuration(delay) ?? 0);
      else respond();
    });
  });
  const l = await listen(server, opts.host, opts.port);
  const releaseHeld = (): void => {
    const all = [...held];
    held.clear();
    for (const r of all) r();
  };
  return {
    ...l,
    received,
    inFlight: () => inFlight,
    releaseHeld,
    async close() {
      releaseHeld();
      await l.close();
    },
  };
}

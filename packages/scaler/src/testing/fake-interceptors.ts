// Stand-ins for interceptor pods in the scaler's tests and benchmark: real node:http servers that serve the
// interceptor admin's GET /queue wire format (SPEC §4) with the X-KEDA-HTTP-Queue-Epoch header and the
// `?watch=<epoch>&timeoutSeconds=<s>` long-poll (deployables.md, "Activation push"). Each pod listens on its
// own loopback address (127.a.b.n, a random /24 per group) and all share one port, as pods behind one Service
// do, so an EndpointSlice can list them with a single port. Not part of the scaler's build.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { QUEUE_EPOCH_HEADER } from '@keda-http/queue';

export type BreakMode =
  /** The listener is closed: connection refused. */
  | 'refuse'
  /** Connections are accepted and requests never answered (a black hole). */
  | 'hang'
  /** Every request gets a 500. */
  | 'status-500';

export interface FakeInterceptor {
  readonly address: string;
  readonly port: number;
  /** Sets one key's counts; the epoch moves when its Concurrency leaves 0. */
  set(key: string, concurrency: number, requestCount?: number): void;
  /** Adds to one key's RequestCount (requests that came and went). */
  addRequests(key: string, n: number): void;
  remove(key: string): void;
  /** A restart: every count back to zero (RequestCount too), the epoch back to 0. */
  restart(): void;
  /** Stops answering until heal(). */
  breakWith(mode: BreakMode): Promise<void>;
  heal(): Promise<void>;
  /** Sends no epoch header (an interceptor that predates activation push). */
  withoutEpoch(): void;
  /** Renders the body now, so the next request does not (the benchmark's fleet spreads this work). */
  render(): void;
  readonly epoch: number;
  /** GET /queue requests received: [regular, watch]. */
  readonly requests: { regular: number; watch: number };
  close(): Promise<void>;
}

export interface FakeInterceptorGroup {
  readonly pods: FakeInterceptor[];
  readonly port: number;
  /** Adds a pod on the next address of the group. */
  add(): Promise<FakeInterceptor>;
  close(): Promise<void>;
}

interface Record {
  Concurrency: number;
  RequestCount: number;
}

export async function startFakeInterceptors(count: number): Promise<FakeInterceptorGroup> {
  for (let attempt = 0; ; attempt++) {
    const subnet = `127.${1 + Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
    const pods: FakeInterceptor[] = [];
    try {
      const first = await startFakeInterceptor(`${subnet}.1`, 0);
      pods.push(first);
      for (let i = 2; i <= count; i++) pods.push(await startFakeInterceptor(`${subnet}.${i}`, first.port));
      const port = first.port;
      return {
        pods,
        port,
        async add() {
          const pod = await startFakeInterceptor(`${subnet}.${pods.length + 1}`, port);
          pods.push(pod);
          return pod;
        },
        close: async () => void (await Promise.all(pods.map((p) => p.close()))),
      };
    } catch (err) {
      await Promise.all(pods.map((p) => p.close()));
      if (attempt >= 5) throw err;
    }
  }
}

export async function startFakeInterceptor(address: string, port: number): Promise<FakeInterceptor> {
  const counts = new Map<string, Record>();
  const watchers = new Set<() => void>();
  const hanging = new Set<ServerResponse>();
  const requests = { regular: 0, watch: 0 };
  let epoch = 0;
  let sendEpoch = true;
  let broken: BreakMode | undefined;

  const bump = (): void => {
    epoch++;
    for (const w of [...watchers]) w();
  };
  let cached: string | undefined;
  const changed = (): void => {
    cached = undefined;
  };
  const body = (): string => (cached ??= JSON.stringify(Object.fromEntries(counts)));
  const answer = (res: ServerResponse): void => {
    if (res.destroyed) return;
    const text = body();
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...(sendEpoch ? { [QUEUE_EPOCH_HEADER]: String(epoch) } : {}),
    });
    res.end(text);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/queue') {
      res.writeHead(404).end();
      return;
    }
    const watch = url.searchParams.get('watch');
    if (watch === null) requests.regular++;
    else requests.watch++;
    if (broken === 'hang') {
      hanging.add(res);
      return;
    }
    if (broken === 'status-500') {
      res.writeHead(500).end('broken on purpose');
      return;
    }
    if (watch === null || !sendEpoch || watch !== String(epoch)) {
      answer(res);
      return;
    }
    const timeoutSeconds = Number(url.searchParams.get('timeoutSeconds') ?? '10');
    const done = (): void => {
      watchers.delete(done);
      clearTimeout(timer);
      answer(res);
    };
    const timer = setTimeout(done, timeoutSeconds * 1000);
    watchers.add(done);
    res.once('close', () => {
      watchers.delete(done);
      clearTimeout(timer);
    });
  };

  let server: Server | undefined;
  const listen = async (p: number): Promise<number> => {
    const s = createServer(handle);
    s.keepAliveTimeout = 60_000;
    s.listen(p, address);
    await once(s, 'listening');
    server = s;
    return (s.address() as AddressInfo).port;
  };
  const stop = async (): Promise<void> => {
    const s = server;
    server = undefined;
    if (s === undefined) return;
    for (const w of [...watchers]) w();
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    s.closeAllConnections();
    await closed;
  };
  const boundPort = await listen(port);

  const pod: FakeInterceptor = {
    address,
    port: boundPort,
    set(key, concurrency, requestCount) {
      const before = counts.get(key);
      counts.set(key, { Concurrency: concurrency, RequestCount: requestCount ?? before?.RequestCount ?? 0 });
      changed();
      if ((before?.Concurrency ?? 0) === 0 && concurrency > 0) bump();
    },
    addRequests(key, n) {
      const r = counts.get(key) ?? { Concurrency: 0, RequestCount: 0 };
      counts.set(key, { ...r, RequestCount: r.RequestCount + n });
      changed();
    },
    remove(key) {
      counts.delete(key);
      changed();
    },
    restart() {
      for (const [key] of counts) counts.set(key, { Concurrency: 0, RequestCount: 0 });
      changed();
      epoch = 0;
    },
    async breakWith(mode) {
      broken = mode;
      if (mode === 'refuse') await stop();
    },
    async heal() {
      const was = broken;
      broken = undefined;
      for (const res of hanging) res.destroy();
      hanging.clear();
      if (was === 'refuse') await listen(boundPort);
    },
    render: () => void body(),
    withoutEpoch() {
      sendEpoch = false;
      for (const w of [...watchers]) w();
    },
    get epoch() {
      return epoch;
    },
    requests,
    async close() {
      for (const res of hanging) res.destroy();
      hanging.clear();
      await stop();
    },
  };
  return pod;
}

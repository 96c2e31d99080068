// Test harness (not shipped: excluded from the build): the interceptor wired to a cluster as main.ts wires it,
// run in-process with every port 0, plus a raw HTTP client that can send any Host header. The cluster and the
// stand-in operator come from the tests (devcluster, @keda-http/testkit).
import { connect, type LookupFunction } from 'node:net';
import { createLogger, type Logger } from '@keda-http/runtime';
import { Agent, request } from 'undici';
import { loadConfig } from '../config.js';
import { wireInterceptor, type WiredInterceptor } from '../wiring.js';

export interface TestInterceptorOptions {
  readonly kubeconfigPath: string;
  /** KEDA_HTTP_OPERATOR_ADMIN_URL; leave out to find the operator through its Service. */
  readonly operatorUrl?: string;
  /** More interceptor settings, as environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  readonly retryLimitMs?: number;
  readonly lookup?: LookupFunction;
  /** Short long-polls make table changes of a restarted operator show up quickly. */
  readonly tableWatchSeconds?: number;
  /** Wait for the first table before returning; default true. */
  readonly waitReady?: boolean;
}

export interface TestInterceptor {
  readonly wired: WiredInterceptor;
  readonly proxyPort: number;
  readonly adminPort: number;
  readonly metricsPort: number;
  /** Sends a request to the proxy. */
  proxy(path: string, opts?: SendOptions): Promise<Answer>;
  /** Sends a request to the admin server. */
  admin(path: string, opts?: SendOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export interface SendOptions {
  readonly method?: string;
  readonly host?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  json<T = unknown>(): T;
}

export function quietLogger(level: 'silent' | 'debug' = 'silent'): Logger {
  return createLogger({ name: 'interceptor-test', level });
}

/** A client with its own connection pool; close it in cleanup. */
export function createClient(): {
  send(url: string, opts?: SendOptions): Promise<Answer>;
  close(): Promise<void>;
} {
  const agent = new Agent({ keepAliveTimeout: 1_000 });
  return {
    async send(url, opts = {}) {
      const res = await request(url, {
        dispatcher: agent,
        method: (opts.method ?? 'GET') as 'GET',
        headers: { ...(opts.host !== undefined ? { host: opts.host } : {}), ...opts.headers },
        ...(opts.body !== undefined ? { body: opts.body } : {}),
        ...(opts.signal !== undefined ? { signal: opts.signal } : {}),
      });
      const body = await res.body.text();
      return {
        status: res.statusCode,
        headers: res.headers,
        body,
        json: <T>() => JSON.parse(body) as T,
      };
    },
    close: () => agent.close(),
  };
}

export async function startTestInterceptor(opts: TestInterceptorOptions): Promise<TestInterceptor> {
  const { config } = loadConfig({
    KEDA_HTTP_PROXY_PORT: '0',
    KEDA_HTTP_ADMIN_PORT: '0',
    OTEL_PROM_EXPORTER_PORT: '0',
    KUBECONFIG: opts.kubeconfigPath,
    KEDA_HTTP_OPERATOR_NAMESPACE: 'keda',
    ...(opts.operatorUrl !== undefined ? { KEDA_HTTP_OPERATOR_ADMIN_URL: opts.operatorUrl } : {}),
    ...opts.env,
  });
  const wired = wireInterceptor(config, {
    logger: quietLogger(),
    ...(opts.retryLimitMs !== undefined ? { retryLimitMs: opts.retryLimitMs } : {}),
    ...(opts.lookup !== undefined ? { lookup: opts.lookup } : {}),
    ...(opts.tableWatchSeconds !== undefined ? { tableWatchSeconds: opts.tableWatchSeconds } : {}),
  });
  const addresses = await wired.start();
  if (opts.waitReady ?? true) await wired.ready(AbortSignal.timeout(20_000));
  const client = createClient();
  const proxyPort = addresses.proxy.port;
  const adminPort = addresses.admin.port;
  return {
    wired,
    proxyPort,
    adminPort,
    metricsPort: addresses.metrics?.port ?? 0,
    proxy: (path, o) => client.send(`http://127.0.0.1:${proxyPort}${path}`, o),
    admin: (path, o) => client.send(`http://127.0.0.1:${adminPort}${path}`, o),
    async stop() {
      await client.close();
      await wired.stop();
    },
  };
}

/**
 * Writes `text` on a fresh TCP connection and resolves with everything the server sends until it closes the
 * connection (send `Connection: close`, or HTTP/1.0). The client does not half-close: Node's server aborts a
 * request whose client ends its side first.
 */
export function rawExchange(port: number, text: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no close within ${timeoutMs}ms`)));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

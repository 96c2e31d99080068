// HTTP requests as a user's client sends them through the interceptor: to the proxy's address with the Host
// header the route names, any method, headers and body. Outcomes are values (status, headers, body, time),
// connection failures included, so a scenario can assert that "no request failed" over a stream of traffic.
import { Agent, request } from 'undici';

export interface SendOptions {
  /** The Host header. */
  readonly host: string;
  readonly path?: string;
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Give up after this long (default 60 s); the outcome is then an error. */
  readonly timeoutMs?: number;
}

export interface HttpOutcome {
  /** 0 when no response arrived (see `error`). */
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The connection-level failure, when there was no response. */
  readonly error?: string;
  /** When the request was sent and when the response ended (epoch ms). */
  readonly sentAt: number;
  readonly doneAt: number;
}

export interface HttpClient {
  send(baseUrl: string, o: SendOptions): Promise<HttpOutcome>;
  close(): Promise<void>;
}

/** The body of a `keda-http/echo` answer. */
export interface EchoAnswer {
  readonly pod: string;
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
}

export function echoAnswer(outcome: HttpOutcome): EchoAnswer {
  try {
    return JSON.parse(outcome.body) as EchoAnswer;
  } catch {
    throw new Error(`not an echo answer (status ${outcome.status}): ${outcome.body.slice(0, 300)}`);
  }
}

export function createHttpClient(): HttpClient {
  // A private pool: no connection is shared with other clients of the test process.
  const agent = new Agent({ connections: null, pipelining: 1, keepAliveTimeout: 2000 });
  return {
    async send(baseUrl, o) {
      const sentAt = Date.now();
      const timeoutMs = o.timeoutMs ?? 60_000;
      try {
        const res = await request(new URL(o.path ?? '/', baseUrl), {
          dispatcher: agent,
          method: (o.method ?? 'GET') as 'GET',
          headers: { ...o.headers, host: o.host },
          ...(o.body !== undefined ? { body: o.body } : {}),
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const body = await res.body.text();
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        return { status: res.statusCode, headers, body, sentAt, doneAt: Date.now() };
      } catch (err) {
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        return { status: 0, headers: {}, body: '', error, sentAt, doneAt: Date.now() };
      }
    },
    close: () => agent.close(),
  };
}

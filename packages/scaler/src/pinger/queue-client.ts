// The scaler's client of an interceptor pod's GET /queue (SPEC §4), with what the scaler needs beyond
// @keda-http/queue's fetchQueue: the X-KEDA-HTTP-Queue-Epoch header, and the activation long-poll
// `?watch=<epoch>&timeoutSeconds=<s>` (deployables.md, "Activation push"). Errors are @keda-http/queue's
// QueueErrors (QUEUE_TIMEOUT, QUEUE_ABORTED, QUEUE_CONNECTION, QUEUE_STATUS, QUEUE_BODY) so both clients
// fail alike. The body is checked by hand rather than with the zod schema: a 50-pod poll reads 50 bodies of a
// thousand keys every tick, and the check must stay cheap. A bad body names the field, as fetchQueue does.
import { QUEUE_PATH, QueueError, type QueueCounts } from '@keda-http/queue';
import { Agent, request } from 'undici';

/** Carried by every interceptor /queue answer; changes whenever some key's Concurrency leaves 0. */
export const QUEUE_EPOCH_HEADER = 'x-keda-http-queue-epoch';

export interface QueueAnswer {
  readonly counts: QueueCounts;
  /** undefined when the interceptor sends no epoch (it predates activation push). */
  readonly epoch: string | undefined;
}

export interface QueueFetchOptions {
  /** The whole exchange must finish within this. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Long-poll: answer once the epoch differs from `epoch`, or after timeoutSeconds. */
  readonly watch?: { readonly epoch: string; readonly timeoutSeconds: number };
}

export interface QueueClient {
  /** GET http://<address>:<port>/queue. */
  fetch(address: string, options: QueueFetchOptions): Promise<QueueAnswer>;
  close(): Promise<void>;
}

export function createQueueClient(options: { readonly port: number }): QueueClient {
  const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  const base = (address: string): string =>
    `http://${address.includes(':') ? `[${address}]` : address}:${options.port}${QUEUE_PATH}`;

  return {
    async fetch(address, o) {
      const url =
        o.watch === undefined
          ? base(address)
          : `${base(address)}?watch=${encodeURIComponent(o.watch.epoch)}&timeoutSeconds=${o.watch.timeoutSeconds}`;
      const where = `GET ${url}`;
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      let text: string;
      let epoch: string | undefined;
      try {
        const res = await request(url, {
          method: 'GET',
          signal,
          dispatcher: agent,
          headers: { accept: 'application/json' },
        });
        if (res.statusCode !== 200) {
          await res.body.dump();
          throw new QueueError('QUEUE_STATUS', `${where}: expected status 200, got ${res.statusCode}`);
        }
        const header = res.headers[QUEUE_EPOCH_HEADER];
        epoch = Array.isArray(header) ? header[0] : header;
        text = await res.body.text();
      } catch (err) {
        if (err instanceof QueueError) throw err;
        if (o.signal?.aborted) throw new QueueError('QUEUE_ABORTED', `${where}: aborted`, { cause: err });
        if (timeout.aborted) {
          throw new QueueError('QUEUE_TIMEOUT', `${where}: no complete answer within ${o.timeoutMs} ms`, {
            cause: err,
          });
        }
        const code = (err as { code?: unknown }).code;
        const message = err instanceof Error ? err.message : String(err);
        throw new QueueError(
          'QUEUE_CONNECTION',
          `${where}: connection failed${typeof code === 'string' && !message.includes(code) ? ` (${code})` : ''}: ${message}`,
          { cause: err },
        );
      }
      return { counts: parseQueueBody(text, where), epoch };
    },
    close: () => agent.close(),
  };
}

/** Parses and checks an interceptor /queue body; throws QUEUE_BODY naming the first bad field. */
export function parseQueueBody(text: string, where: string): QueueCounts {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new QueueError('QUEUE_BODY', `${where}: body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, {
      cause,
    });
  }
  const bad = (field: string, expected: string, got: unknown): never => {
    throw new QueueError(
      'QUEUE_BODY',
      `${where}: bad body: ${field}: expected ${expected}, got ${show(got)}`,
    );
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return bad('body', 'an object keyed by namespace/name', body);
  }
  const counts = body as Record<string, unknown>;
  for (const key in counts) {
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1 || key.indexOf('/', slash + 1) !== -1) {
      bad(`body[${JSON.stringify(key)}]`, 'a key like namespace/name', key);
    }
    const record = counts[key] as { Concurrency?: unknown; RequestCount?: unknown } | null;
    if (typeof record !== 'object' || record === null) {
      bad(`body[${JSON.stringify(key)}]`, 'an object with Concurrency and RequestCount', record);
      continue;
    }
    for (const field of ['Concurrency', 'RequestCount'] as const) {
      const n = record[field];
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
        bad(`body[${JSON.stringify(key)}].${field}`, 'a non-negative integer', n);
      }
    }
  }
  return counts as QueueCounts;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

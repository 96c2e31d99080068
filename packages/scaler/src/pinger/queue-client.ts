// The scaler's client of an interceptor pod's GET /queue (SPEC §4), with what the scaler needs beyond
// @keda-http/queue's fetchQueue: the X-KEDA-HTTP-Queue-Epoch header, and the activation long-poll
// `?watch=<epoch>&timeoutSeconds=<s>` (deployables.md, "Activation push"). Errors are @keda-http/queue's
// QueueErrors (QUEUE_TIMEOUT, QUEUE_ABORTED, QUEUE_CONNECTION, QUEUE_STATUS, QUEUE_BODY) so both clients
// fail alike. Bodies are read by queue-body.ts rather than with the zod schema: a 50-pod poll reads 50 bodies
// of a thousand keys every tick, and that must stay cheap. A bad body names the field, as fetchQueue does.
import { QUEUE_PATH, QueueError } from '@keda-http/queue';
import { Agent, request } from 'undici';
import { parseQueueBody, type PodCounts } from './queue-body.js';

/** Carried by every interceptor /queue answer; changes whenever some key's Concurrency leaves 0. */
export const QUEUE_EPOCH_HEADER = 'x-keda-http-queue-epoch';

export interface QueueAnswer {
  readonly counts: PodCounts;
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

/** An answer before its body is parsed (see parseQueueBody). */
export interface RawQueueAnswer {
  readonly text: string;
  readonly epoch: string | undefined;
  /** `GET <url>`, for messages. */
  readonly where: string;
}

export interface QueueClient {
  /** GET http://<address>:<port>/queue. */
  fetch(address: string, options: QueueFetchOptions): Promise<QueueAnswer>;
  /** The same exchange, leaving the parse to the caller (the pinger spreads parses over event-loop turns). */
  fetchText(address: string, options: QueueFetchOptions): Promise<RawQueueAnswer>;
  close(): Promise<void>;
}

export function createQueueClient(options: { readonly port: number }): QueueClient {
  const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  const base = (address: string): string =>
    `http://${address.includes(':') ? `[${address}]` : address}:${options.port}${QUEUE_PATH}`;

  const fetchText = async (address: string, o: QueueFetchOptions): Promise<RawQueueAnswer> => {
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
    return { text, epoch, where };
  };

  return {
    async fetch(address, o) {
      const raw = await fetchText(address, o);
      return { counts: parseQueueBody(raw.text, raw.where), epoch: raw.epoch };
    },
    fetchText,
    close: () => agent.close(),
  };
}

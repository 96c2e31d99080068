// The scaler's client of the interceptor pods' GET /queue (SPEC §4): one keep-alive connection pool for every
// pod, the regular poll and the activation long-poll `?watch=<epoch>&timeoutSeconds=<s>` (docs/architecture.md,
// "Activation push"). The exchange and the body reader are @keda-http/queue's (fetchQueueText, parseQueueBody),
// so errors are its QueueErrors: QUEUE_TIMEOUT, QUEUE_ABORTED, QUEUE_CONNECTION, QUEUE_STATUS, QUEUE_BODY.
import {
  fetchQueueText,
  parseQueueBody,
  queueUrl,
  type PodCounts,
  type QueueText,
  type QueueWatch,
} from '@keda-http/queue';
import { Agent } from 'undici';

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
  readonly watch?: QueueWatch;
}

export interface QueueClient {
  /** GET http://<address>:<port>/queue. */
  fetch(address: string, options: QueueFetchOptions): Promise<QueueAnswer>;
  /** The same exchange, leaving the parse to the caller (the pinger spreads parses over event-loop turns). */
  fetchText(address: string, options: QueueFetchOptions): Promise<QueueText>;
  close(): Promise<void>;
}

export function createQueueClient(options: { readonly port: number }): QueueClient {
  const agent = new Agent({ keepAliveTimeout: 60_000, keepAliveMaxTimeout: 600_000 });
  const fetchText = (address: string, o: QueueFetchOptions): Promise<QueueText> =>
    fetchQueueText(queueUrl(address, options.port, o.watch), {
      timeoutMs: o.timeoutMs,
      dispatcher: agent,
      ...(o.signal ? { signal: o.signal } : {}),
    });
  return {
    async fetch(address, o) {
      const raw = await fetchText(address, o);
      return { counts: parseQueueBody(raw.text, raw.where), epoch: raw.epoch };
    },
    fetchText,
    close: () => agent.close(),
  };
}

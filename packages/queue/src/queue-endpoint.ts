// The /queue wire format, server and client in one module (DESIGN habit 9).
//
// The interceptor serves its counter at GET /queue as `{"ns/name": {"Concurrency": n, "RequestCount": n}}`
// (Content-Type application/json); the scaler polls it with fetchQueue. The scaler serves its own totals at
// GET /queue as `{"ns/name": {"Concurrency": n, "RPS": x}}`; its users and tests read that with
// fetchScalerQueue. Both shapes are validated by the zod schemas below, shared by both ends.
import type { FastifyInstance } from 'fastify';
import { request, type Dispatcher } from 'undici';
import { z } from 'zod';
import type { CountReader, QueueCounts } from './counter.js';
import { QueueError } from './errors.js';
import { describeIssues } from './wire-issues.js';

const routeKey = z.string().regex(/^[^/]+\/[^/]+$/, { error: 'expected a key like namespace/name' });
const count = z
  .int({ error: 'expected a non-negative integer' })
  .min(0, { error: 'expected a non-negative integer' });

/** The interceptor's GET /queue body. */
export const queueCountsSchema = z.record(routeKey, z.object({ Concurrency: count, RequestCount: count }), {
  error: 'expected an object keyed by namespace/name',
});

/** The scaler's GET /queue body: totals over every interceptor pod, and the request rate per route. */
export const scalerQueueSchema = z.record(
  routeKey,
  z.object({
    Concurrency: count,
    RPS: z
      .number({ error: 'expected a non-negative number' })
      .min(0, { error: 'expected a non-negative number' }),
  }),
  { error: 'expected an object keyed by namespace/name' },
);

export type ScalerQueueCounts = z.infer<typeof scalerQueueSchema>;

export const QUEUE_PATH = '/queue';

/** Serves `reader` at GET `path` (default /queue) on `app`. HEAD is answered too (fastify adds it). */
export function addQueueRoute(app: FastifyInstance, reader: CountReader, path: string = QUEUE_PATH): void {
  app.get(path, (_req, reply) => reply.type('application/json').send(reader.snapshot()));
}

export interface FetchQueueOptions {
  /** Ends the request early; the error is then QUEUE_ABORTED. */
  signal?: AbortSignal;
  /** The whole exchange (connect, headers, body) must finish within this; default 5000 ms. */
  timeoutMs?: number;
  /** The undici dispatcher (connection pool) to use; default undici's global one. */
  dispatcher?: Dispatcher;
}

const DEFAULT_TIMEOUT_MS = 5000;

/**
 * GET the interceptor's /queue at `url` (the endpoint's full URL, e.g. `http://10.0.0.7:9090/queue`) and
 * return its validated counts. Rejects with a QueueError: QUEUE_TIMEOUT, QUEUE_ABORTED, QUEUE_CONNECTION,
 * QUEUE_STATUS or QUEUE_BODY (which names the offending field).
 */
export function fetchQueue(url: string | URL, options: FetchQueueOptions = {}): Promise<QueueCounts> {
  return fetchValidated(url, queueCountsSchema, options);
}

/** GET the scaler's /queue at `url` and return its validated totals; errors as for fetchQueue. */
export function fetchScalerQueue(
  url: string | URL,
  options: FetchQueueOptions = {},
): Promise<ScalerQueueCounts> {
  return fetchValidated(url, scalerQueueSchema, options);
}

async function fetchValidated<T>(
  url: string | URL,
  schema: z.ZodType<T>,
  options: FetchQueueOptions,
): Promise<T> {
  const where = `GET ${String(url)}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let text: string;
  try {
    const res = await request(url, {
      method: 'GET',
      signal,
      headers: { accept: 'application/json' },
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    if (res.statusCode !== 200) {
      await res.body.dump();
      throw new QueueError('QUEUE_STATUS', `${where}: expected status 200, got ${res.statusCode}`);
    }
    text = await res.body.text();
  } catch (err) {
    if (err instanceof QueueError) throw err;
    if (options.signal?.aborted) {
      throw new QueueError('QUEUE_ABORTED', `${where}: aborted`, { cause: options.signal.reason });
    }
    if (timeout.aborted) {
      throw new QueueError('QUEUE_TIMEOUT', `${where}: no complete answer within ${timeoutMs} ms`, {
        cause: err,
      });
    }
    throw new QueueError('QUEUE_CONNECTION', `${where}: ${describeConnectionError(err)}`, { cause: err });
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new QueueError('QUEUE_BODY', `${where}: body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, {
      cause: err,
    });
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new QueueError('QUEUE_BODY', `${where}: bad body: ${describeIssues(parsed.error.issues, body)}`);
  }
  return parsed.data;
}

function describeConnectionError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  const message = typeof e.message === 'string' ? e.message : String(err);
  return code !== undefined && !message.includes(code)
    ? `connection failed (${code}): ${message}`
    : `connection failed: ${message}`;
}

// The /queue wire format, server and client in one module (DESIGN habit 9).
//
// The interceptor serves its counter at GET /queue as `{"ns/name": {"Concurrency": n, "RequestCount": n}}`
// (Content-Type application/json), with the activation epoch in X-KEDA-HTTP-Queue-Epoch; `?watch=<epoch>` makes
// it a long-poll that answers once the epoch differs (docs/architecture.md, "Activation push"). The scaler
// polls it with fetchQueueText and reads the body with parseQueueBody (queue-body.ts); fetchQueue does the same
// exchange and validates with queueCountsSchema. The scaler serves its own totals at GET /queue as
// `{"ns/name": {"Concurrency": n, "RPS": x}}`; its users and tests read that with fetchScalerQueue. Both shapes
// are validated by the zod schemas below, shared by both ends.
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

/** Carried by every interceptor /queue answer; changes whenever some key's Concurrency leaves 0. */
export const QUEUE_EPOCH_HEADER = 'x-keda-http-queue-epoch';
/** How long a `?watch=` long-poll waits without `timeoutSeconds`, and the most it may ask for. */
export const DEFAULT_QUEUE_WATCH_SECONDS = 10;
export const MAX_QUEUE_WATCH_SECONDS = 300;

/** The activation epoch a /queue route serves: a number that moves when some key's Concurrency leaves 0. */
export interface QueueEpoch {
  current(): number;
  /** Resolves once the epoch differs from `seen`, or when `timeoutMs` passes or `signal` aborts. Never rejects. */
  changed(seen: number, timeoutMs: number, signal?: AbortSignal): Promise<unknown>;
}

export interface QueueRouteOptions {
  /** Default /queue. */
  readonly path?: string;
  /** With an epoch, every answer carries it in X-KEDA-HTTP-Queue-Epoch and `?watch=` long-polls on it. */
  readonly epoch?: QueueEpoch;
}

const epochError = 'watch: expected a whole number (an epoch from X-KEDA-HTTP-Queue-Epoch)';
const timeoutError = `timeoutSeconds: expected a number from 0 to ${MAX_QUEUE_WATCH_SECONDS}`;
const watchQuerySchema = z.object({
  watch: z.coerce
    .number({ error: epochError })
    .int({ error: epochError })
    .min(0, { error: epochError })
    .optional(),
  timeoutSeconds: z.coerce
    .number({ error: timeoutError })
    .min(0, { error: timeoutError })
    .max(MAX_QUEUE_WATCH_SECONDS, { error: timeoutError })
    .default(DEFAULT_QUEUE_WATCH_SECONDS),
});

/**
 * Serves `reader` at GET /queue (or `options.path`) on `app`; HEAD is answered too (fastify adds it). With
 * `options.epoch`, `?watch=<epoch>&timeoutSeconds=<s>` answers at once when the epoch differs from <epoch>,
 * otherwise as soon as it changes, or after timeoutSeconds (default 10, at most 300) with the counts as they
 * are then; a bad query is a 400 naming the parameter.
 */
export function addQueueRoute(
  app: FastifyInstance,
  reader: CountReader,
  options: QueueRouteOptions = {},
): void {
  const { epoch } = options;
  const path = options.path ?? QUEUE_PATH;
  if (epoch === undefined) {
    app.get(path, (_req, reply) => reply.type('application/json').send(reader.snapshot()));
    return;
  }
  app.get(path, async (request, reply) => {
    const parsed = watchQuerySchema.safeParse(request.query);
    if (!parsed.success) {
      return reply.status(400).send({ error: parsed.error.issues[0]?.message ?? 'bad query' });
    }
    const { watch, timeoutSeconds } = parsed.data;
    if (watch !== undefined) {
      const gone = new AbortController();
      const onClose = (): void => gone.abort();
      reply.raw.once('close', onClose);
      await epoch.changed(watch, timeoutSeconds * 1000, gone.signal);
      reply.raw.off('close', onClose);
    }
    return reply
      .header(QUEUE_EPOCH_HEADER, String(epoch.current()))
      .type('application/json')
      .send(reader.snapshot());
  });
}

/** A long-poll on an interceptor's /queue: answer once its epoch differs from `epoch`, or after timeoutSeconds. */
export interface QueueWatch {
  readonly epoch: string;
  readonly timeoutSeconds: number;
}

/** `http://<address>:<port>/queue`, with the watch query when given; an IPv6 address is bracketed. */
export function queueUrl(address: string, port: number, watch?: QueueWatch): string {
  const base = `http://${address.includes(':') ? `[${address}]` : address}:${port}${QUEUE_PATH}`;
  return watch === undefined
    ? base
    : `${base}?watch=${encodeURIComponent(watch.epoch)}&timeoutSeconds=${watch.timeoutSeconds}`;
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

/** An answer before its body is read. */
export interface QueueText {
  readonly text: string;
  /** X-KEDA-HTTP-Queue-Epoch; undefined when the server sends none. */
  readonly epoch: string | undefined;
  /** `GET <url>`, for messages. */
  readonly where: string;
}

/**
 * The GET exchange of fetchQueue without reading the body: the body's text and the epoch header. Errors as for
 * fetchQueue, except QUEUE_BODY (the caller reads the body, e.g. with parseQueueBody, which throws it).
 */
export async function fetchQueueText(url: string | URL, options: FetchQueueOptions = {}): Promise<QueueText> {
  const where = `GET ${String(url)}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
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
    const header = res.headers[QUEUE_EPOCH_HEADER];
    const epoch = Array.isArray(header) ? header[0] : header;
    return { text: await res.body.text(), epoch, where };
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
}

async function fetchValidated<T>(
  url: string | URL,
  schema: z.ZodType<T>,
  options: FetchQueueOptions,
): Promise<T> {
  const { text, where } = await fetchQueueText(url, options);
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

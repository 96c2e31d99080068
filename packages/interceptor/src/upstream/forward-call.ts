// One request forwarded upstream: an undici dispatch handler (the callback API, which undici runs without any
// adapter) that streams the response into the client's ServerResponse with backpressure both ways. Connection
// failures before the request was written (refused, unreachable, connect timeout) are retried every 50 ms,
// on another ready endpoint when there is one, until the retry budget runs out (502). A connection that was
// reused and broke before any response byte is retried too when the request can be replayed (no body, and
// GET/HEAD/OPTIONS/TRACE or an idempotency key). Everything after
// the response started is final: a broken upstream then cuts the client connection.
import type { Dispatcher } from 'undici';
import { ResponseHeaderTimeoutError, UpstreamFailedError, UpstreamUnreachableError } from '../errors.js';
import type { Exchange } from '../proxy/exchange.js';
import { clientResponseHeaders } from './forwarded-headers.js';
import type { Connection, UpstreamPool } from './upstream-pool.js';

/** Codes of errors that happen before a connection exists, so no byte of the request reached a backend. */
const CONNECT_ERRORS: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const REPLAYABLE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Codes of a kept-alive connection that the backend closed just as it was reused. */
const STALE_CONNECTION_ERRORS: ReadonlySet<string> = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

export interface ForwardTarget {
  /** The pool to use for an attempt, avoiding `failed` when another one is available. */
  pick(ex: Exchange, failed: UpstreamPool | undefined): UpstreamPool | Error;
}

/** What every forwarded request shares (built once per pipeline). */
export interface ForwardContext {
  readonly target: ForwardTarget;
  /** The dispatch options of one attempt: built per attempt, so nothing of them is kept while a request is held. */
  readonly dispatchOptions: (ex: Exchange, hasBody: boolean) => Dispatcher.DispatchOptions;
  /** Add X-KEDA-HTTP-Cold-Start to responses. */
  readonly coldStartHeader: boolean;
  readonly retryIntervalMs: number;
  /** How long connection attempts may go on after the first failure. */
  readonly retryLimitMs: number;
  readonly now: () => number;
}

export class ForwardCall implements Dispatcher.DispatchHandler {
  private readonly ex: Exchange;
  private readonly ctx: ForwardContext;
  private readonly hasBody: boolean;
  private readonly resolve: () => void;
  private readonly reject: (err: Error) => void;
  private pool: UpstreamPool | undefined = undefined;
  private connection: Connection | undefined = undefined;
  private abortCall: ((err: Error) => void) | undefined = undefined;
  private resumeCall: (() => void) | undefined = undefined;
  private written = false;
  private attempts = 0;
  private firstFailureAt = -1;
  private retryTimer: NodeJS.Timeout | undefined = undefined;
  private settled = false;

  constructor(
    ex: Exchange,
    ctx: ForwardContext,
    hasBody: boolean,
    resolve: () => void,
    reject: (err: Error) => void,
  ) {
    this.ex = ex;
    this.ctx = ctx;
    this.hasBody = hasBody;
    this.resolve = resolve;
    this.reject = reject;
  }

  start(): void {
    this.ex.inFlight = this;
    if (this.ex.cancelReason !== undefined) {
      this.finish(this.ex.cancelReason);
      return;
    }
    this.attempt(undefined);
  }

  private attempt(failed: UpstreamPool | undefined): void {
    this.retryTimer = undefined;
    const pool = this.ctx.target.pick(this.ex, failed);
    if (pool instanceof Error) {
      this.finish(pool);
      return;
    }
    this.attempts++;
    this.pool = pool;
    pool.outstanding++;
    this.written = false;
    this.abortCall = undefined;
    const connection = pool.acquire();
    this.connection = connection;
    connection.client.dispatch(this.ctx.dispatchOptions(this.ex, this.hasBody), this);
  }

  /** Ends the current attempt: the connection goes back to its pool. Returns the pool it used. */
  private endAttempt(completed: boolean): UpstreamPool | undefined {
    const { pool, connection } = this;
    if (pool === undefined || connection === undefined) return undefined;
    this.pool = undefined;
    this.connection = undefined;
    pool.outstanding--;
    if (completed) connection.used = true;
    pool.release(connection);
    return pool;
  }

  /**
   * Whether the request may be sent again after the backend may have seen it: no body, and a method that is
   * safe to repeat or an idempotency key (Go's Transport uses the same rule).
   */
  private replayable(): boolean {
    if (this.hasBody) return false;
    const { method, headers } = this.ex.req;
    return (
      REPLAYABLE_METHODS.has(method ?? '') ||
      headers['idempotency-key'] !== undefined ||
      headers['x-idempotency-key'] !== undefined
    );
  }

  /** Stops the call: the exchange was cut short (client gone, deadline). */
  cancel(reason: Error): void {
    if (this.settled) return;
    if (this.retryTimer !== undefined) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      this.finish(reason);
    } else if (this.abortCall !== undefined) {
      this.abortCall(reason);
    }
    // Otherwise the request is still connecting: onConnect sees the reason and aborts.
  }

  private finish(err: Error | undefined): void {
    if (this.settled) return;
    this.settled = true;
    this.ex.inFlight = undefined;
    if (err === undefined) this.resolve();
    else this.reject(err);
  }

  onConnect(abort: (err?: Error) => void): void {
    this.written = true;
    this.abortCall = abort;
    if (this.ex.cancelReason !== undefined) abort(this.ex.cancelReason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true; // 1xx: nothing to relay to an HTTP/1.1 client here
    const { res } = this.ex;
    if (res.destroyed) {
      this.abortCall?.(this.ex.cancelReason ?? new Error('client response destroyed'));
      return false;
    }
    this.resumeCall = resume;
    if (this.ex.server.draining) res.shouldKeepAlive = false;
    const coldStart = this.ctx.coldStartHeader ? (this.ex.coldStart ? 'true' : 'false') : undefined;
    res.writeHead(statusCode, clientResponseHeaders(rawHeaders, coldStart));
    return true;
  }

  onData(chunk: Buffer): boolean {
    const { res } = this.ex;
    if (res.write(chunk)) return true;
    if (this.resumeCall !== undefined) res.once('drain', this.resumeCall);
    return false;
  }

  onComplete(): void {
    this.endAttempt(true);
    this.ex.res.end();
    this.finish(undefined);
  }

  onError(err: Error): void {
    const reused = this.connection?.used === true;
    const pool = this.endAttempt(false);
    if (this.settled) return;
    const cancelled = this.ex.cancelReason;
    if (cancelled !== undefined) {
      this.finish(cancelled);
      return;
    }
    const code = (err as { code?: unknown }).code;
    const upstream = pool?.origin ?? 'the backend';
    const retryable =
      !this.ex.res.headersSent &&
      typeof code === 'string' &&
      ((!this.written && CONNECT_ERRORS.has(code)) ||
        (this.written && reused && this.replayable() && STALE_CONNECTION_ERRORS.has(code)));
    if (retryable) {
      const now = this.ctx.now();
      if (this.firstFailureAt < 0) this.firstFailureAt = now;
      if (now - this.firstFailureAt + this.ctx.retryIntervalMs <= this.ctx.retryLimitMs) {
        this.retryTimer = setTimeout(() => this.attempt(pool), this.ctx.retryIntervalMs);
        return;
      }
      this.finish(
        new UpstreamUnreachableError(
          { upstream, attempts: this.attempts, reason: err.message },
          { cause: err },
        ),
      );
      return;
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT') {
      this.finish(
        new ResponseHeaderTimeoutError(
          { upstream, timeoutMs: this.ex.routed().timeouts.responseHeaderMs },
          { cause: err },
        ),
      );
      return;
    }
    if (code === 'UND_ERR_INVALID_ARG') {
      this.finish(err);
      return;
    }
    this.finish(new UpstreamFailedError({ upstream, reason: err.message }, { cause: err }));
  }
}

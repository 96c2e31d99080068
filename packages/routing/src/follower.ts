// Follows the operator's routing table by long-poll (DESIGN.md §1): GET <base>/routing_table?watch=<version>
// returns at once when the table changed and 304 after timeoutSeconds when it did not. Each new table is
// validated and swapped in whole; on any error the last good table stays, and the next attempt waits a
// jittered, growing delay. Until a first table arrives from the operator, an injected fallback loader (the
// deployables read the ConfigMap copy) is tried after each failure. Lifecycle is reported as typed events.
import { setTimeout as delay } from 'node:timers/promises';
import { RoutingError, RoutingErrorCode } from './errors.js';
import type { RoutingTable } from './table.js';
import { decodeRoutingTable, DEFAULT_WATCH_TIMEOUT_SECONDS, routingTableUrl } from './wire-format.js';

export type FollowerEvent =
  | { readonly type: 'updated'; readonly version: string; readonly routes: number; readonly baseUrl: string }
  | { readonly type: 'unchanged'; readonly version: string; readonly baseUrl: string }
  | { readonly type: 'fallback-loaded'; readonly version: string; readonly routes: number }
  | { readonly type: 'fallback-missing' }
  | { readonly type: 'error'; readonly error: RoutingError }
  | { readonly type: 'backoff'; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'stopped' };

export interface FollowerOptions {
  /** Operator admin base URLs, e.g. `http://10.0.0.5:9090`; asked again before every request. */
  readonly baseUrls: () => readonly string[] | Promise<readonly string[]>;
  /** Stops the follower; an in-flight request is aborted. */
  readonly signal: AbortSignal;
  /** Loads the durable copy (JSON text or a parsed value), or resolves undefined when there is none. */
  readonly loadFallback?: (signal: AbortSignal) => Promise<unknown>;
  readonly onEvent?: (event: FollowerEvent) => void;
  /** How long the operator may hold a long-poll; default 30. */
  readonly timeoutSeconds?: number;
  /** Extra time allowed beyond timeoutSeconds before a request counts as failed; default 10 000 ms. */
  readonly requestGraceMs?: number;
  /** Back-off after a failure: initialMs × 2^attempt, capped at maxMs, then jittered. */
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
  /** Jitter source in [0, 1); default Math.random. The delay is d/2 + random() × d/2. */
  readonly random?: () => number;
}

export interface RoutingTableFollower {
  /** The table in use, or undefined before the first one is loaded. */
  current(): RoutingTable | undefined;
  /** Fetches the table now (no long-poll), swaps it in if new, and returns the table in use. */
  refresh(): Promise<RoutingTable>;
  /** Resolves with the first table loaded; rejects with ROUTING_FOLLOWER_STOPPED if stopped before. */
  ready(): Promise<RoutingTable>;
  /** Resolves once the follower has stopped after its signal was aborted. */
  readonly done: Promise<void>;
}

export function followRoutingTable(options: FollowerOptions): RoutingTableFollower {
  const { signal } = options;
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_WATCH_TIMEOUT_SECONDS;
  const graceMs = options.requestGraceMs ?? 10_000;
  const initialMs = options.backoff?.initialMs ?? 100;
  const maxMs = options.backoff?.maxMs ?? 5_000;
  const random = options.random ?? Math.random;
  const emit = (event: FollowerEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener is the listener's problem; it must not stop the follower.
    }
  };

  const jitter = (cap: number): number => Math.round(cap / 2 + random() * (cap / 2));

  let table: RoutingTable | undefined;
  let resolveReady!: (t: RoutingTable) => void;
  let rejectReady!: (e: RoutingError) => void;
  const readyPromise = new Promise<RoutingTable>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  readyPromise.catch(() => undefined);

  const install = (next: RoutingTable): boolean => {
    if (table?.version === next.version) return false;
    table = next;
    resolveReady(next);
    return true;
  };

  /** One GET; returns the new table, or undefined for 304. Throws RoutingError. */
  const fetchTable = async (
    baseUrl: string,
    watch: string | undefined,
  ): Promise<RoutingTable | undefined> => {
    const url = routingTableUrl(baseUrl, watch === undefined ? {} : { watch, timeoutSeconds });
    const limit = AbortSignal.timeout((watch === undefined ? 0 : timeoutSeconds * 1000) + graceMs);
    let response: Response;
    try {
      response = await fetch(url, {
        signal: AbortSignal.any([signal, limit]),
        headers: { accept: 'application/json' },
      });
    } catch (cause) {
      throw new RoutingError(RoutingErrorCode.FetchFailed, `GET ${url}: ${describe(cause)}`, { cause });
    }
    if (response.status === 304) {
      await response.body?.cancel();
      return undefined;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new RoutingError(RoutingErrorCode.BadStatus, `GET ${url}: status ${response.status}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      throw new RoutingError(RoutingErrorCode.FetchFailed, `GET ${url}: ${describe(cause)}`, { cause });
    }
    return decodeRoutingTable(text);
  };

  const endpoints = async (): Promise<readonly string[]> => {
    let urls: readonly string[];
    try {
      urls = await options.baseUrls();
    } catch (cause) {
      throw new RoutingError(
        RoutingErrorCode.NoEndpoints,
        `cannot list operator addresses: ${describe(cause)}`,
        {
          cause,
        },
      );
    }
    if (urls.length === 0)
      throw new RoutingError(RoutingErrorCode.NoEndpoints, 'no operator address is known');
    return urls;
  };

  const tryFallback = async (): Promise<void> => {
    if (options.loadFallback === undefined || table !== undefined) return;
    try {
      const raw = await options.loadFallback(signal);
      if (raw === undefined) {
        emit({ type: 'fallback-missing' });
        return;
      }
      const loaded = decodeRoutingTable(raw);
      if (install(loaded))
        emit({ type: 'fallback-loaded', version: loaded.version, routes: loaded.routes.length });
    } catch (cause) {
      if (signal.aborted) return;
      emit({
        type: 'error',
        error: new RoutingError(RoutingErrorCode.FallbackFailed, `fallback: ${describe(cause)}`, { cause }),
      });
    }
  };

  const run = async (): Promise<void> => {
    let attempt = 0;
    let next = 0;
    while (!signal.aborted) {
      try {
        const urls = await endpoints();
        const baseUrl = urls[next % urls.length] as string;
        const watched = table?.version;
        try {
          const fetched = await fetchTable(baseUrl, watched);
          attempt = 0;
          if (fetched !== undefined && install(fetched)) {
            emit({ type: 'updated', version: fetched.version, routes: fetched.routes.length, baseUrl });
            continue;
          }
          if (table !== undefined) emit({ type: 'unchanged', version: table.version, baseUrl });
          // A 304 ends a long-poll that was held; the same version in a 200 means the server ignored the
          // watch, so pause before asking again rather than spin.
          if (fetched === undefined) continue;
          await delay(jitter(initialMs), undefined, { signal }).catch(() => undefined);
          continue;
        } catch (error) {
          next++;
          throw error;
        }
      } catch (error) {
        if (signal.aborted) break;
        emit({ type: 'error', error: asRoutingError(error) });
      }
      await tryFallback();
      if (signal.aborted) break;
      const delayMs = jitter(Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30)));
      emit({ type: 'backoff', attempt, delayMs });
      attempt++;
      await delay(delayMs, undefined, { signal }).catch(() => undefined);
    }
    rejectReady(
      new RoutingError(RoutingErrorCode.Stopped, 'the routing table follower stopped before a table loaded'),
    );
    emit({ type: 'stopped' });
  };

  const done = run();

  return {
    current: () => table,
    ready: () => readyPromise,
    done,
    refresh: async () => {
      const urls = await endpoints();
      let last: RoutingError | undefined;
      for (const baseUrl of urls) {
        try {
          const fetched = await fetchTable(baseUrl, undefined);
          if (fetched !== undefined && install(fetched)) {
            emit({ type: 'updated', version: fetched.version, routes: fetched.routes.length, baseUrl });
          }
          if (table !== undefined) return table;
        } catch (error) {
          last = asRoutingError(error);
          emit({ type: 'error', error: last });
        }
      }
      throw last ?? new RoutingError(RoutingErrorCode.BadStatus, 'the operator sent no routing table');
    },
  };
}

function asRoutingError(error: unknown): RoutingError {
  return error instanceof RoutingError
    ? error
    : new RoutingError(RoutingErrorCode.FetchFailed, describe(error), { cause: error });
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

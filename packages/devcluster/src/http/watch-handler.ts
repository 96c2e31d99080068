// Watch over HTTP, framed as newline-delimited JSON events. Headers are flushed at once (client-node waits
// for them before its informer starts). Replays from a resourceVersion, sends bookmarks when asked, ends
// cleanly at timeoutSeconds (or the configured maximum), and answers a too-old resourceVersion with a 410
// ERROR event before closing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiStatusError } from '../errors.js';
import { fail, statuses, type Status } from '../api/status.js';
import { apiVersionOf, type ResourceType } from '../registry/resource-type.js';
import type { Entry } from '../store/object-table.js';
import { startWatch } from '../store/read.js';
import type { StoreInternals } from '../store/store.js';
import { buildTable, printerFor } from '../tables/table.js';
import { includeObjectOf } from './object-responses.js';
import type { Representation } from './negotiate.js';
import { selection } from './query-options.js';

/**
 * The last encoded event line, shared by all watches of one server: an event reaches every watcher in one
 * go, so most watchers write the very same bytes and only the first one encodes them.
 */
export interface LineCache {
  entry: Entry | undefined;
  type: string;
  bytes: Buffer;
}

export function createLineCache(): LineCache {
  return { entry: undefined, type: '', bytes: Buffer.alloc(0) };
}

const LINE_END = Buffer.from('}\n');

/** How much a watcher may leave unread before the server ends its watch. */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;

export interface WatchSettings {
  /** How long a watch without timeoutSeconds stays open (a real server picks 30–60 minutes). */
  readonly maxWatchSeconds: number;
  /** How often a watch with allowWatchBookmarks=true gets a BOOKMARK. */
  readonly bookmarkIntervalMs: number;
}

function timeoutOf(query: URLSearchParams, settings: WatchSettings): number {
  const raw = query.get('timeoutSeconds');
  if (raw === null || raw === '') return settings.maxWatchSeconds;
  if (!/^\d+$/.test(raw)) fail(statuses.badRequest(`timeoutSeconds: invalid value "${raw}"`));
  const n = Number(raw);
  return n === 0 ? settings.maxWatchSeconds : n;
}

/** What all watches of one server share. */
export interface WatchContext {
  readonly internals: StoreInternals;
  readonly settings: WatchSettings;
  readonly cache: LineCache;
}

export function serveWatch(
  ctx: WatchContext,
  call: { req: IncomingMessage; res: ServerResponse; query: URLSearchParams; representation: Representation },
  type: ResourceType,
  namespace: string | undefined,
): void {
  const { internals, settings, cache } = ctx;
  const { req, res, query, representation } = call;
  const timeoutSeconds = timeoutOf(query, settings);
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const include = includeObjectOf(query);
  const printer = representation.kind === 'table' ? printerFor(type) : undefined;
  let open = false;
  let closed = false;
  const pending: (string | Buffer)[] = [];

  function line(eventType: string, entry: Entry): string | Buffer {
    const object = entry.object;
    if (printer === undefined || representation.kind !== 'table') {
      if (cache.entry !== entry || cache.type !== eventType) {
        cache.entry = entry;
        cache.type = eventType;
        cache.bytes = Buffer.concat([Buffer.from(`{"type":"${eventType}","object":`), entry.bytes, LINE_END]);
      }
      return cache.bytes;
    }
    const table = buildTable(printer, [object], {
      include,
      version: representation.version,
      resourceVersion: object.metadata.resourceVersion ?? '',
      now: Date.now(),
    });
    return `{"type":"${eventType}","object":${JSON.stringify(table)}}\n`;
  }
  function write(text: string | Buffer): void {
    if (closed) return;
    if (!open) pending.push(text);
    else {
      res.write(text);
      // A client that stops reading is dropped (as a real server drops slow watchers); it re-watches.
      if (res.writableLength > MAX_UNREAD_BYTES) finish();
    }
  }
  function errorLine(status: Status): string {
    return `{"type":"ERROR","object":${JSON.stringify(status)}}\n`;
  }

  let handle: { stop(): void } | undefined;
  let timeout: NodeJS.Timeout | undefined = undefined;
  let bookmarkTimer: NodeJS.Timeout | undefined;
  function finish(): void {
    if (closed) return;
    closed = true;
    handle?.stop();
    clearTimeout(timeout);
    clearTimeout(bookmarkTimer);
    if (!res.writableEnded) res.end();
  }

  let expiredAtStart: Status | undefined;
  try {
    handle = startWatch(
      internals.state,
      type,
      { ...selection(query, namespace), resourceVersion: query.get('resourceVersion') ?? undefined },
      {
        event: (t, entry) => write(line(t, entry)),
        expired: (status) => {
          write(errorLine(status));
          finish();
        },
      },
    );
  } catch (err) {
    if (!(err instanceof ApiStatusError) || err.httpCode !== 410) throw err;
    expiredAtStart = err.status;
  }
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();
  open = true;
  if (expiredAtStart !== undefined) {
    res.write(errorLine(expiredAtStart));
    finish();
    return;
  }
  for (const text of pending.splice(0)) res.write(text);
  if (closed) {
    if (!res.writableEnded) res.end();
    return;
  }
  timeout = setTimeout(finish, timeoutSeconds * 1000);
  if (bookmarks) {
    const bookmark = (): void => {
      if (closed) return;
      const object = {
        kind: type.kind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(internals.state.rv) },
      };
      res.write(`{"type":"BOOKMARK","object":${JSON.stringify(object)}}\n`);
      bookmarkTimer = setTimeout(bookmark, settings.bookmarkIntervalMs);
    };
    bookmarkTimer = setTimeout(bookmark, settings.bookmarkIntervalMs);
  }
  req.on('close', finish);
  res.on('close', finish);
}

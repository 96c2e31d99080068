// Reads: get, list and watch. Lists return the stored entries (object and cached JSON) so the HTTP layer
// can answer with a string join. Watches start from "now" (with synthetic ADDED events for what exists) or
// replay the history after a resourceVersion, then follow live events.
import { fail, statuses, type Status } from '../api/status.js';
import { storageKeyOf, type ResourceType } from '../registry/resource-type.js';
import type { Entry } from './object-table.js';
import { compileSelection, type SelectionOptions } from './selectors.js';
import type { ChangeType } from './store-event.js';
import { bucketOf, namespaceKey, served, type ObjectAddress, type StoreState } from './store-state.js';
import { effectiveType } from './watch-hub.js';

export function getEntry(state: StoreState, at: ObjectAddress): Entry | undefined {
  const entry = bucketOf(state, at.type).get(namespaceKey(at.type, at.namespace), at.name);
  return entry === undefined ? undefined : served(at.type, entry);
}

export interface ListResult {
  readonly entries: Entry[];
  /** The global resourceVersion at the time of the list; a watch from it misses nothing. */
  readonly resourceVersion: number;
}

export function listEntries(
  state: StoreState,
  type: ResourceType,
  options: SelectionOptions = {},
): ListResult {
  const predicate = compileSelection(type, options);
  const namespace =
    type.namespaced && options.namespace !== undefined && options.namespace !== ''
      ? options.namespace
      : undefined;
  const all = bucketOf(state, type).list(namespace);
  const picked = predicate === undefined ? all : all.filter((e) => predicate(e.object));
  const needsConversion = type.version !== type.storageVersion;
  return {
    entries: needsConversion ? picked.map((e) => served(type, e)) : picked,
    resourceVersion: state.rv,
  };
}

export interface WatchOptions extends SelectionOptions {
  /** Unset, "" or "0": start with ADDED events for what exists now. Otherwise replay everything after it. */
  readonly resourceVersion?: string | undefined;
}

export interface WatchListener {
  /** One event: the object with its serialised forms, and the resourceVersion of the write. */
  event(type: ChangeType, entry: Entry, rv: number): void;
  /** The server ended the watch (410 Expired); no more events follow. */
  expired?(status: Status): void;
}

export interface WatchHandle {
  stop(): void;
}

export interface ActiveWatch {
  expire(status: Status): void;
}

/**
 * Starts a watch. Throws 410 Expired (as an ApiStatusError) when `resourceVersion` is older than the
 * retained history, and 400 for a resourceVersion that is not a number.
 */
export function startWatch(
  state: StoreState,
  type: ResourceType,
  options: WatchOptions,
  listener: WatchListener,
): WatchHandle {
  const predicate = compileSelection(type, options);
  const rvText = options.resourceVersion;
  const fromNow = rvText === undefined || rvText === '' || rvText === '0';
  let replay: { type: ChangeType; entry: Entry; rv: number }[] = [];
  if (fromNow) {
    replay = listEntries(state, type, options).entries.map((entry) => ({
      type: 'ADDED' as const,
      entry,
      rv: state.rv,
    }));
  } else {
    if (!/^\d+$/.test(rvText)) fail(statuses.badRequest(`invalid resource version: ${rvText}`));
    const from = Number(rvText);
    const events = state.history.since(from);
    if (events === 'expired') fail(statuses.expired(from, state.history.floor + 1));
    const key = storageKeyOf(type);
    for (const ev of events) {
      if (ev.storageKey !== key) continue;
      const t = effectiveType(ev, predicate);
      if (t !== undefined) replay.push({ type: t, entry: served(type, ev), rv: ev.rv });
    }
  }
  let stopped = false;
  const remove = state.hub.add({
    storageKey: storageKeyOf(type),
    matches: predicate,
    startRv: state.rv,
    deliver(t, ev) {
      if (stopped) return;
      const entry = served(type, ev);
      listener.event(t, entry, ev.rv);
    },
  });
  const handle: ActiveWatch & WatchHandle = {
    stop() {
      stopped = true;
      remove();
      state.watches.delete(handle);
    },
    expire(status) {
      if (stopped) return;
      handle.stop();
      listener.expired?.(status);
    },
  };
  state.watches.add(handle);
  for (const r of replay) {
    if (stopped) break;
    listener.event(r.type, r.entry, r.rv);
  }
  return handle;
}

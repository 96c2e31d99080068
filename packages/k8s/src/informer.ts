// A list+watch cache for one resource type, built on client-node's informer (ListWatch + Watch).
// client-node re-lists by itself after a 410 Gone, but on any other error (connection refused, a stream
// that breaks) its informer fires `error` and stops. This wrapper restarts it with back-off, tells the caller
// when the cache first synced, and reports the watch lifecycle as typed events instead of logging.
import { ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import { createBackoff, type BackoffOptions } from './backoff.js';
import { collectionPath, type ResourceType } from './resources.js';
import type { KubeClient, KubeObject } from './rest-client.js';

export type ChangeEvent<T> =
  | { readonly type: 'added'; readonly object: T }
  | { readonly type: 'updated'; readonly object: T }
  | { readonly type: 'deleted'; readonly object: T };

export type LifecycleEvent =
  | { readonly type: 'connecting' }
  | { readonly type: 'synced' }
  | { readonly type: 'error'; readonly error: unknown; readonly retryInMs: number }
  | { readonly type: 'handler-error'; readonly error: unknown; readonly event: ChangeEvent<unknown> }
  | { readonly type: 'stopped' };

export interface InformerOptions {
  readonly client: KubeClient;
  readonly resource: ResourceType;
  /** Limit to one namespace; empty or absent means all namespaces. */
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
  readonly backoff?: BackoffOptions;
}

export interface Informer<T extends KubeObject> {
  /** Subscribes to changes; returns the unsubscribe function. Handlers run synchronously, in order. */
  onChange(handler: (event: ChangeEvent<T>) => void): () => void;
  onLifecycle(handler: (event: LifecycleEvent) => void): () => void;
  /** Starts listing and watching; keeps retrying in the background until stop(). Idempotent. */
  start(): void;
  /** Resolves once the first list succeeded and the watch is open; rejects if the signal aborts first. */
  synced(signal?: AbortSignal): Promise<void>;
  hasSynced(): boolean;
  stop(): Promise<void>;
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): readonly T[];
  readonly resource: ResourceType;
}

export function createInformer<T extends KubeObject>(opts: InformerOptions): Informer<T> {
  const { client, resource } = opts;
  const kc: KubeConfig = client.kubeConfig;
  const namespace = opts.namespace || undefined;
  const path = collectionPath(resource, namespace);
  const listFn = async () => {
    const list = await client.list<T>(resource, {
      namespace,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    return { items: list.items, metadata: { resourceVersion: list.resourceVersion } } as never;
  };
  const lw = new ListWatch<KubernetesObject>(
    path,
    new Watch(kc),
    listFn,
    false,
    opts.labelSelector,
    opts.fieldSelector,
  );
  const backoff = createBackoff(opts.backoff);
  const changeHandlers = new Set<(e: ChangeEvent<T>) => void>();
  const lifecycleHandlers = new Set<(e: LifecycleEvent) => void>();
  const syncWaiters = new Set<() => void>();
  let started = false;
  let stopped = false;
  let isSynced = false;
  let attempt = 0;
  let failedAttempt = -1;
  let retryTimer: NodeJS.Timeout | undefined;

  const emitLifecycle = (e: LifecycleEvent): void => {
    for (const h of lifecycleHandlers) {
      try {
        h(e);
      } catch {
        // a lifecycle observer must not break the informer
      }
    }
  };
  const emitChange = (e: ChangeEvent<T>): void => {
    for (const h of changeHandlers) {
      try {
        h(e);
      } catch (error) {
        emitLifecycle({ type: 'handler-error', error, event: e });
      }
    }
  };
  lw.on('add', (o) => emitChange({ type: 'added', object: o as T }));
  lw.on('update', (o) => emitChange({ type: 'updated', object: o as T }));
  lw.on('delete', (o) => emitChange({ type: 'deleted', object: o as T }));
  lw.on('error', (error: unknown) => {
    failedAttempt = attempt;
    if (stopped) return;
    const retryInMs = backoff.next();
    emitLifecycle({ type: 'error', error, retryInMs });
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void run(), retryInMs);
  });

  async function run(): Promise<void> {
    if (stopped) return;
    const mine = ++attempt;
    emitLifecycle({ type: 'connecting' });
    await lw.start();
    if (stopped || failedAttempt === mine || mine !== attempt) return;
    backoff.reset();
    if (!isSynced) {
      isSynced = true;
      emitLifecycle({ type: 'synced' });
      for (const w of syncWaiters) w();
      syncWaiters.clear();
    }
  }

  return {
    resource,
    onChange(handler) {
      changeHandlers.add(handler);
      return () => changeHandlers.delete(handler);
    },
    onLifecycle(handler) {
      lifecycleHandlers.add(handler);
      return () => lifecycleHandlers.delete(handler);
    },
    start() {
      if (started) return;
      started = true;
      void run();
    },
    synced(signal) {
      if (isSynced) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const done = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          syncWaiters.delete(done);
          reject(signal?.reason as Error);
        };
        syncWaiters.add(done);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    hasSynced: () => isSynced,
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      await lw.stop();
      emitLifecycle({ type: 'stopped' });
    },
    get: (name, ns) => lw.get(name, resource.namespaced ? ns : undefined) as T | undefined,
    list: (ns) => lw.list(ns) as readonly T[],
  };
}

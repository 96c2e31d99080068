// The durable copy of the routing table: ConfigMap keda-http-routing-table, key routing-table, in the
// operator's namespace, written by the leader so that an interceptor or scaler that starts while no operator
// answers still gets routes. Writes are coalesced: only the newest table is written, one write at a time,
// and a failed write is retried with back-off while this replica still leads. A table too large for a
// ConfigMap (1 MiB, about 2,500 routes) is not written; the served table is not limited.
import {
  createBackoff,
  createOrUpdate,
  type BackoffOptions,
  type KubeClient,
  type KubeObject,
} from '@keda-http/k8s';
import { ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY } from '@keda-http/routing';
import { ConfigMapWriteError, reasonOf } from './errors.js';
import { configMaps } from './resources.js';
import type { TableSnapshot } from './table-publisher.js';

/** Annotation carrying the version of the table in the ConfigMap, for `kubectl get -o yaml` readers. */
export const TABLE_VERSION_ANNOTATION = 'http.keda.sh/routing-table-version';
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'keda-http-operator';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** The most a ConfigMap's data may hold (the API server rejects more). */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

export type ConfigMapWriterEvent =
  | { readonly type: 'too-large'; readonly version: string; readonly bytes: number }
  | {
      readonly type: 'written';
      readonly version: string;
      readonly action: 'created' | 'updated' | 'unchanged';
    }
  | { readonly type: 'failed'; readonly version: string; readonly error: Error; readonly retryInMs: number };

export interface ConfigMapWriterOptions {
  readonly client: KubeClient;
  readonly namespace: string;
  /** Checked before every attempt: only the leader writes. */
  readonly isLeader: () => boolean;
  readonly onEvent?: (event: ConfigMapWriterEvent) => void;
  readonly backoff?: BackoffOptions;
}

export interface ConfigMapWriter {
  /** Schedules a write of this snapshot; a newer one replaces it if the write has not started yet. */
  write(snapshot: TableSnapshot): void;
  /** Resolves when nothing is pending or being written. */
  idle(): Promise<void>;
  /** Stops retrying; resolves when the write in flight (if any) has ended. */
  stop(): Promise<void>;
}

export function desiredConfigMap(namespace: string, snapshot: TableSnapshot): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: ROUTING_TABLE_CONFIGMAP,
      namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY },
      annotations: { [TABLE_VERSION_ANNOTATION]: snapshot.version },
    },
    data: { [ROUTING_TABLE_CONFIGMAP_KEY]: snapshot.body },
  };
}

/** The live ConfigMap with our key, label and annotation set; other keys and metadata are kept. */
export function mergeConfigMap(live: ConfigMap, desired: ConfigMap): ConfigMap {
  return {
    ...live,
    metadata: {
      ...live.metadata,
      labels: { ...(live.metadata?.labels ?? {}), ...(desired.metadata?.labels ?? {}) },
      annotations: { ...(live.metadata?.annotations ?? {}), ...(desired.metadata?.annotations ?? {}) },
    },
    data: { ...(live.data ?? {}), ...(desired.data ?? {}) },
  };
}

export function createConfigMapWriter(opts: ConfigMapWriterOptions): ConfigMapWriter {
  const backoff = createBackoff(opts.backoff ?? { initialMs: 100, maxMs: 10_000 });
  let pending: TableSnapshot | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let wakeRetry: (() => void) | undefined;

  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      wakeRetry = resolve;
      retryTimer = setTimeout(resolve, ms);
    });

  async function drain(): Promise<void> {
    while (pending !== undefined && !stopped && opts.isLeader()) {
      const snapshot = pending;
      pending = undefined;
      const bytes = Buffer.byteLength(snapshot.body) + ROUTING_TABLE_CONFIGMAP_KEY.length;
      if (bytes > CONFIGMAP_MAX_BYTES) {
        // Retrying cannot help; the copy stays at the last table that fitted until the table shrinks.
        opts.onEvent?.({ type: 'too-large', version: snapshot.version, bytes });
        continue;
      }
      try {
        const result = await createOrUpdate({
          client: opts.client,
          resource: configMaps,
          desired: desiredConfigMap(opts.namespace, snapshot),
          merge: mergeConfigMap,
        });
        backoff.reset();
        opts.onEvent?.({ type: 'written', version: snapshot.version, action: result.action });
      } catch (cause) {
        pending ??= snapshot;
        const retryInMs = backoff.next();
        const error = new ConfigMapWriteError(
          { name: ROUTING_TABLE_CONFIGMAP, namespace: opts.namespace, reason: reasonOf(cause) },
          { cause },
        );
        opts.onEvent?.({ type: 'failed', version: snapshot.version, error, retryInMs });
        await pause(retryInMs);
      }
    }
  }

  function kick(): void {
    if (running !== undefined || stopped) return;
    running = drain().finally(() => {
      running = undefined;
      // A write() that arrived between the loop's last check and now still gets written.
      if (pending !== undefined && opts.isLeader()) kick();
    });
  }

  return {
    write(snapshot) {
      if (stopped) return;
      pending = snapshot;
      kick();
    },
    async idle() {
      while (running !== undefined) await running;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      wakeRetry?.();
      await running;
    },
  };
}

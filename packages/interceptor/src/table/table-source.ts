// The routing table the proxy uses: the routing package's follower (long-poll on the operator's
// /routing_table, last good table kept while the operator is away, the ConfigMap copy until the operator
// answers), plus what must happen whenever a new table is swapped in: the counter gets exactly the table's
// keys (new routes appear in /queue with zeros, removed ones disappear) and the metrics drop removed routes.
import type { KubeClient } from '@keda-http/k8s';
import { builtinResources } from '@keda-http/k8s';
import type { Counter } from '@keda-http/queue';
import {
  followRoutingTable,
  type FollowerEvent,
  type RoutingTableFollower,
} from '@keda-http/routing/follower';
import { ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY, type RoutingTable } from '@keda-http/routing';
import type { Logger } from '@keda-http/runtime';

export interface TableSourceOptions {
  readonly baseUrls: () => readonly string[] | Promise<readonly string[]>;
  /** Loads the ConfigMap copy; absent in standalone mode. */
  readonly loadFallback?: (signal: AbortSignal) => Promise<unknown>;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Called with every table swapped in, before requests see it. */
  readonly onTable: (table: RoutingTable) => void;
  /** Long-poll length; default the follower's (30 s). */
  readonly timeoutSeconds?: number;
  readonly backoff?: { readonly initialMs?: number; readonly maxMs?: number };
}

export type TableSource = Pick<RoutingTableFollower, 'current' | 'refresh' | 'ready' | 'done'>;

export function followTable(options: TableSourceOptions): TableSource {
  const { logger, onTable } = options;
  let applied: RoutingTable | undefined;
  // Events come from the follower's own async loop, never while followRoutingTable() is still running, so
  // `follower` is assigned by the time apply() reads it.
  const apply = (): void => {
    const table = follower.current();
    if (table === undefined || table === applied) return;
    applied = table;
    onTable(table);
  };
  const onEvent = (event: FollowerEvent): void => {
    switch (event.type) {
      case 'updated':
        logger.info(
          { version: event.version, routes: event.routes, operator: event.baseUrl },
          'routing table updated',
        );
        apply();
        break;
      case 'fallback-loaded':
        logger.info(
          { version: event.version, routes: event.routes },
          'routing table loaded from the ConfigMap',
        );
        apply();
        break;
      case 'fallback-missing':
        logger.warn('the operator cannot be reached and the routing-table ConfigMap does not exist');
        break;
      case 'error':
        logger.warn({ code: event.error.code, reason: event.error.message }, 'routing table fetch failed');
        break;
      default:
        break;
    }
  };
  const follower: RoutingTableFollower = followRoutingTable({
    baseUrls: options.baseUrls,
    signal: options.signal,
    onEvent,
    ...(options.loadFallback !== undefined ? { loadFallback: options.loadFallback } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.backoff !== undefined ? { backoff: options.backoff } : {}),
  });
  return {
    current: () => follower.current(),
    ready: () => follower.ready(),
    done: follower.done,
    refresh: async () => {
      const table = await follower.refresh();
      apply();
      return table;
    },
  };
}

/** Keeps the counter's keys and the metrics' routes equal to the table's routes. */
export function syncKeys(counter: Counter, retain: (keys: ReadonlySet<string>) => void) {
  return (table: RoutingTable): void => {
    const keys = new Set(table.routes.map((r) => r.key));
    counter.syncKeys(keys);
    retain(keys);
  };
}

/** Reads the durable copy of the table from ConfigMap keda-http-routing-table in the operator's namespace. */
export function configMapFallback(client: KubeClient, namespace: string) {
  return async (): Promise<unknown> => {
    const cm = await client.get<{ data?: Record<string, string> }>(
      builtinResources.configMaps,
      ROUTING_TABLE_CONFIGMAP,
      namespace,
    );
    return cm?.data?.[ROUTING_TABLE_CONFIGMAP_KEY];
  };
}

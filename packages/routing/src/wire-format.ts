// The routing table on the wire: `{version, routes}` as the operator serves it at GET /routing_table and
// stores it in ConfigMap keda-http-routing-table (key routing-table), and the long-poll query contract:
// `?watch=<version>&timeoutSeconds=<n>` answers at once when the operator's version differs from <version>,
// and with 304 Not Modified after timeoutSeconds otherwise. Without `watch`, it answers at once.
import { z } from 'zod';
import { RoutingError, RoutingErrorCode } from './errors.js';
import { routeSchema } from './route.js';
import { buildTable, type RoutingTable } from './table.js';

export const ROUTING_TABLE_PATH = '/routing_table';
export const ROUTING_TABLE_CONFIGMAP = 'keda-http-routing-table';
export const ROUTING_TABLE_CONFIGMAP_KEY = 'routing-table';
export const DEFAULT_WATCH_TIMEOUT_SECONDS = 30;
export const MAX_WATCH_TIMEOUT_SECONDS = 300;

export const routingTableWireSchema = z.object({
  version: z.string().min(1),
  routes: z.array(routeSchema),
});

export type RoutingTableWire = z.output<typeof routingTableWireSchema>;

/** The query of GET /routing_table, for the server side: parse `request.query` with it. */
export const routingTableQuerySchema = z.object({
  watch: z.string().min(1).optional(),
  timeoutSeconds: z.coerce
    .number()
    .int()
    .min(0)
    .max(MAX_WATCH_TIMEOUT_SECONDS)
    .default(DEFAULT_WATCH_TIMEOUT_SECONDS),
});

export type RoutingTableQuery = z.output<typeof routingTableQuerySchema>;

/** The JSON form of a table. */
export function toWire(table: RoutingTable): RoutingTableWire {
  return { version: table.version, routes: [...table.routes] };
}

/** Serialises a table for the HTTP body or the ConfigMap. */
export function encodeRoutingTable(table: RoutingTable): string {
  return JSON.stringify(toWire(table));
}

/**
 * Reads a table from JSON text or an already parsed value and builds it, keeping the version it carries.
 * Throws RoutingError ROUTING_TABLE_INVALID naming the first bad field.
 */
export function decodeRoutingTable(input: unknown): RoutingTable {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch (cause) {
      throw new RoutingError(RoutingErrorCode.TableInvalid, 'routing table: not JSON', { cause });
    }
  }
  const result = routingTableWireSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') ?? '';
    throw new RoutingError(
      RoutingErrorCode.TableInvalid,
      `routing table${where}: ${issue?.message ?? 'invalid'}`,
      { cause: result.error },
    );
  }
  return buildTable(result.data.routes, { version: result.data.version });
}

/** The URL of the routing table under an operator base URL such as `http://10.0.0.5:9090`. */
export function routingTableUrl(
  base: string,
  query: { watch?: string; timeoutSeconds?: number } = {},
): string {
  const url = new URL(`${base.replace(/\/+$/, '')}${ROUTING_TABLE_PATH}`);
  if (query.watch !== undefined) url.searchParams.set('watch', query.watch);
  if (query.timeoutSeconds !== undefined)
    url.searchParams.set('timeoutSeconds', String(query.timeoutSeconds));
  return url.toString();
}

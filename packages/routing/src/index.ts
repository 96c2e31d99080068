export { RoutingError, RoutingErrorCode } from './errors.js';
export {
  routeHeaderSchema,
  routeRuleSchema,
  routeSchema,
  routeStaticResponseSchema,
  serviceRefSchema,
  staticRouteSchema,
  type Route,
  type RouteHeader,
  type RouteKind,
  type RouteRule,
  type RouteStaticResponse,
  type ServiceRef,
  type StaticRoute,
} from './route.js';
export {
  DEFAULT_PLACEHOLDER_STATUS,
  DEFAULT_STATIC_ROUTE_STATUS,
  DEFAULT_TARGET_PENDING_REQUESTS,
  routeFromHTTPScaledObject,
  routeFromInterceptorRoute,
  routesFromResources,
} from './routes-from-resources.js';
export { normalizeHost } from './host.js';
export { normalizePath } from './path.js';
export type { RequestHeaders } from './headers.js';
export { buildTable, findRoute, type BuildTableOptions, type RoutingTable } from './table.js';
export type { RouteMatch } from './table-entry.js';
export { match, type RouteRequest } from './match.js';
export { canonicalJson, tableVersion } from './table-version.js';
export {
  decodeRoutingTable,
  DEFAULT_WATCH_TIMEOUT_SECONDS,
  encodeRoutingTable,
  MAX_WATCH_TIMEOUT_SECONDS,
  ROUTING_TABLE_CONFIGMAP,
  ROUTING_TABLE_CONFIGMAP_KEY,
  ROUTING_TABLE_PATH,
  routingTableQuerySchema,
  routingTableUrl,
  routingTableWireSchema,
  toWire,
  type RoutingTableQuery,
  type RoutingTableWire,
} from './wire-format.js';

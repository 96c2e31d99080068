// Where the scaler follows the routing table from (deployables.md, "The routing table"): the operator's admin
// server, found as KEDA_HTTP_OPERATOR_ADMIN_URL when set, else as the ready endpoints of Service
// KEDA_HTTP_OPERATOR_ADMIN_SERVICE in KEDA_HTTP_OPERATOR_NAMESPACE (the slice port named `admin`, else its first
// port); and, until the operator first answers, the durable copy in ConfigMap keda-http-routing-table.
import {
  builtinResources,
  endpointPort,
  type KubeClient,
  type KubeObject,
  type ReadyEndpointsCache,
} from '@keda-http/k8s';
import { ROUTING_TABLE_CONFIGMAP, ROUTING_TABLE_CONFIGMAP_KEY } from '@keda-http/routing';

export interface OperatorLocation {
  /** KEDA_HTTP_OPERATOR_ADMIN_URL */
  readonly url: string | undefined;
  readonly namespace: string;
  readonly service: string;
}

/** The follower's base-URL function. `endpoints` is needed only when no URL is configured. */
export function operatorBaseUrls(
  where: OperatorLocation,
  endpoints: ReadyEndpointsCache | undefined,
): () => string[] {
  if (where.url !== undefined) {
    const url = where.url;
    return () => [url];
  }
  return () =>
    (endpoints?.get(where.namespace, where.service).ready ?? []).flatMap((ep) => {
      const port = endpointPort(ep, 'admin') ?? ep.ports[0]?.port;
      if (port === undefined) return [];
      const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
      return [`http://${host}:${port}`];
    });
}

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** The follower's fallback loader: the table JSON from the ConfigMap, or undefined when there is none. */
export function routingTableFromConfigMap(
  client: KubeClient,
  namespace: string,
): (signal: AbortSignal) => Promise<string | undefined> {
  return async () => {
    const cm = await client.get<ConfigMap>(builtinResources.configMaps, ROUTING_TABLE_CONFIGMAP, namespace);
    return cm?.data?.[ROUTING_TABLE_CONFIGMAP_KEY];
  };
}

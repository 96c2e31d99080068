// How the interceptor finds the operator's admin server (the deployables' contract): KEDA_HTTP_OPERATOR_ADMIN_URL
// when set, else the ready endpoints of the operator admin Service, from an EndpointSlice watch, each as
// `http://<address>:<port>` with the slice port named `admin`, or else its first port.
import type { Endpoint, ServiceEndpoints } from '@keda-http/k8s';

export interface OperatorUrlsOptions {
  /** KEDA_HTTP_OPERATOR_ADMIN_URL */
  readonly url?: string | undefined;
  /** The operator admin Service's endpoints (KEDA_HTTP_OPERATOR_NAMESPACE / _ADMIN_SERVICE). */
  readonly endpoints?: (() => ServiceEndpoints) | undefined;
}

export const OPERATOR_ADMIN_PORT_NAME = 'admin';

export function operatorUrls(options: OperatorUrlsOptions): () => readonly string[] {
  const { url, endpoints } = options;
  if (url !== undefined) {
    const fixed = Object.freeze([url]);
    return () => fixed;
  }
  if (endpoints === undefined) return () => [];
  return () => endpoints().ready.flatMap((ep) => endpointUrl(ep) ?? []);
}

function endpointUrl(ep: Endpoint): string | undefined {
  const port = (ep.ports.find((p) => p.name === OPERATOR_ADMIN_PORT_NAME) ?? ep.ports[0])?.port;
  if (port === undefined) return undefined;
  const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
  return `http://${host}:${port}`;
}

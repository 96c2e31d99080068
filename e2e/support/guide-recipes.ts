// The debugging recipes of the upstream developing guide, as written there (SPEC §6: they must work as
// written): `kubectl proxy -p 9898` in one terminal, `$NAMESPACE` set to the add-on's namespace, then one
// `curl -L` per admin endpoint through the API server's Service proxy. The e2e runs them verbatim (only the
// port differs, so that parallel runs never collide) and the demo prints them.

export const GUIDE_PROXY_PORT = 9898;
export const GUIDE_PROXY_COMMAND = `kubectl proxy -p ${GUIDE_PROXY_PORT}`;

export interface Recipe {
  /** Which component and endpoint, e.g. `interceptor /routing_table`. */
  readonly name: string;
  /** The guide's command, with `$NAMESPACE` left for the shell. */
  readonly command: string;
}

const via = (service: string, path: string): string =>
  `curl -L localhost:${GUIDE_PROXY_PORT}/api/v1/namespaces/$NAMESPACE/services/${service}/proxy/${path}`;

const INTERCEPTOR = 'keda-add-ons-http-interceptor-admin:9090';
const OPERATOR = 'keda-add-ons-http-operator-admin:9090';
const SCALER = 'keda-add-ons-http-external-scaler:9091';

export const GUIDE_RECIPES: readonly Recipe[] = [
  { name: 'interceptor /config', command: via(INTERCEPTOR, 'config') },
  { name: 'interceptor /routing_ping', command: via(INTERCEPTOR, 'routing_ping') },
  { name: 'interceptor /routing_table', command: via(INTERCEPTOR, 'routing_table') },
  { name: 'interceptor /queue', command: via(INTERCEPTOR, 'queue') },
  { name: 'interceptor /deployments', command: via(INTERCEPTOR, 'deployments') },
  { name: 'operator /config', command: via(OPERATOR, 'config') },
  { name: 'operator /routing_table', command: via(OPERATOR, 'routing_table') },
  { name: 'scaler /config', command: via(SCALER, 'config') },
  { name: 'scaler /queue', command: via(SCALER, 'queue') },
  { name: 'scaler /queue_ping', command: via(SCALER, 'queue_ping') },
];

/** The same command on another local port (when 9898 is taken, or for parallel runs). */
export const onPort = (command: string, port: number): string =>
  command.replaceAll(`localhost:${GUIDE_PROXY_PORT}/`, `localhost:${port}/`).replace(/-p \d+$/, `-p ${port}`);

// The interceptor's settings: every environment variable of SPEC §4 with upstream's names, defaults and
// deprecated names, plus the operator-discovery variables of the deployables' contract. This is the only
// file of the package that reads process.env (and only in loadConfigFromProcess); importing it has no side
// effects, so the docs generator can load `configSchema`.
import {
  boolean,
  ConfigInvalidError,
  defineConfig,
  duration,
  integer,
  LOG_LEVELS,
  list,
  oneOf,
  parseConfig,
  port,
  string,
  url,
  type ConfigValues,
  type LoadedConfig,
} from '@keda-http/runtime';

const overAbove0 = { when: (ms: number) => ms > 0, description: 'set above 0' };

export const configSchema = defineConfig({
  name: 'interceptor',
  description:
    'The proxy that routes, counts and holds requests through cold starts (docs/interceptor.md explains the behaviour).',
  fields: {
    proxyPort: port({
      env: 'KEDA_HTTP_PROXY_PORT',
      default: 8080,
      description: 'Port of the public proxy server.',
    }),
    adminPort: port({
      env: 'KEDA_HTTP_ADMIN_PORT',
      default: 9090,
      description:
        'Port of the admin server (/queue, /routing_table, /routing_ping, /deployments, /config, /livez, /readyz).',
    }),
    metricsEnabled: boolean({
      env: 'OTEL_PROM_EXPORTER_ENABLED',
      default: true,
      description: 'Serve Prometheus metrics on OTEL_PROM_EXPORTER_PORT.',
    }),
    metricsPort: port({
      env: 'OTEL_PROM_EXPORTER_PORT',
      default: 2223,
      description: 'Port of the Prometheus metrics server (path /metrics).',
    }),
    watchNamespace: string({
      env: 'KEDA_HTTP_WATCH_NAMESPACE',
      description:
        'Namespace whose EndpointSlices, Services and Deployments are watched; empty watches all namespaces.',
    }),
    enableColdStartHeader: boolean({
      env: 'KEDA_HTTP_ENABLE_COLD_START_HEADER',
      default: true,
      description: 'Add X-KEDA-HTTP-Cold-Start: true|false to every proxied response.',
    }),
    logRequests: boolean({
      env: 'KEDA_HTTP_LOG_REQUESTS',
      default: false,
      description: 'Log one line per proxied request.',
    }),
    logLevel: oneOf({
      env: 'KEDA_HTTP_LOG_LEVEL',
      values: LOG_LEVELS,
      default: 'info',
      description: 'Log level (this port only; upstream used a command-line flag).',
    }),
    directPodRouting: boolean({
      env: 'KEDA_HTTP_DIRECT_POD_ROUTING',
      default: true,
      description:
        "Connect straight to a ready endpoint's pod IP and port from the EndpointSlice cache; false sends requests to <service>.<namespace>:<port>.",
    }),
    requestTimeout: duration({
      env: 'KEDA_HTTP_REQUEST_TIMEOUT',
      bareUnit: null,
      default: '0s',
      description: 'Deadline of a whole request, from routing to the end of the response; 0 turns it off.',
    }),
    responseHeaderTimeout: duration({
      env: 'KEDA_HTTP_RESPONSE_HEADER_TIMEOUT',
      deprecatedNames: ['KEDA_RESPONSE_HEADER_TIMEOUT'],
      deprecatedOverride: overAbove0,
      bareUnit: null,
      default: '300s',
      description:
        'How long the backend may take to send its response headers once the request is sent; 0 turns it off.',
    }),
    readinessTimeout: duration({
      env: 'KEDA_HTTP_READINESS_TIMEOUT',
      deprecatedNames: ['KEDA_CONDITION_WAIT_TIMEOUT'],
      deprecatedOverride: overAbove0,
      bareUnit: null,
      default: '0s',
      description:
        'How long a request waits for a ready endpoint; 0 means bounded only by the request deadline (30s when the route has a fallback).',
    }),
    connectTimeout: duration({
      env: 'KEDA_HTTP_CONNECT_TIMEOUT',
      bareUnit: null,
      default: '500ms',
      min: '1ms',
      description: 'Timeout of one connection attempt to a backend; failed attempts are retried every 50ms.',
    }),
    maxIdleConns: integer({
      env: 'KEDA_HTTP_MAX_IDLE_CONNS',
      default: 1000,
      min: 0,
      description: 'Idle keep-alive connections kept over all backends; more are closed when they go idle.',
    }),
    maxIdleConnsPerHost: integer({
      env: 'KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST',
      default: 200,
      min: 0,
      description: 'Idle keep-alive connections kept per backend address.',
    }),
    shutdownDelay: duration({
      env: 'KEDA_HTTP_SHUTDOWN_DELAY',
      bareUnit: null,
      default: '5s',
      description: 'After SIGTERM, how long the proxy keeps accepting while /readyz already answers 503.',
    }),
    drainTimeout: duration({
      env: 'KEDA_HTTP_DRAIN_TIMEOUT',
      bareUnit: null,
      default: '30s',
      description:
        'After the listeners close, how long in-flight requests may take to finish; 0 waits without limit.',
    }),
    operatorAdminUrl: url({
      env: 'KEDA_HTTP_OPERATOR_ADMIN_URL',
      description:
        "Base URL of the operator's admin server; when unset, the ready endpoints of KEDA_HTTP_OPERATOR_ADMIN_SERVICE are used.",
    }),
    operatorAdminService: string({
      env: 'KEDA_HTTP_OPERATOR_ADMIN_SERVICE',
      default: 'keda-add-ons-http-operator-admin',
      description: "The operator admin Service whose EndpointSlices locate the routing table's server.",
    }),
    operatorNamespace: string({
      env: 'KEDA_HTTP_OPERATOR_NAMESPACE',
      default: 'keda',
      description:
        'Namespace of the operator admin Service and of the ConfigMap keda-http-routing-table (the fallback table).',
    }),
    kubeconfig: string({
      env: 'KUBECONFIG',
      description: 'Kubeconfig file; when unset, the default search order and then the in-cluster account.',
    }),
    tlsEnabled: boolean({
      env: 'KEDA_HTTP_PROXY_TLS_ENABLED',
      default: false,
      description: 'Serve TLS on KEDA_HTTP_PROXY_TLS_PORT (not available yet: start-up refuses true).',
    }),
    tlsCertPath: string({
      env: 'KEDA_HTTP_PROXY_TLS_CERT_PATH',
      default: '/certs/tls.crt',
      description: 'Certificate of the TLS proxy.',
    }),
    tlsKeyPath: string({
      env: 'KEDA_HTTP_PROXY_TLS_KEY_PATH',
      default: '/certs/tls.key',
      description: 'Private key of the TLS proxy.',
    }),
    tlsCertStorePaths: list({
      env: 'KEDA_HTTP_PROXY_TLS_CERT_STORE_PATHS',
      default: [],
      description: 'Directories of certificate and key pairs, chosen by SNI (wildcards allowed).',
    }),
    tlsPort: port({
      env: 'KEDA_HTTP_PROXY_TLS_PORT',
      default: 8443,
      description: 'Port of the TLS proxy.',
    }),
    tlsMinVersion: oneOf({
      env: 'KEDA_HTTP_PROXY_TLS_MIN_VERSION',
      values: ['1.2', '1.3'],
      description: 'Lowest TLS version accepted; unset means 1.2.',
    }),
    tlsMaxVersion: oneOf({
      env: 'KEDA_HTTP_PROXY_TLS_MAX_VERSION',
      values: ['1.2', '1.3'],
      description: 'Highest TLS version accepted; unset means 1.3.',
    }),
    tlsCipherSuites: list({
      env: 'KEDA_HTTP_PROXY_TLS_CIPHER_SUITES',
      default: [],
      description: 'TLS cipher suites; empty means the defaults.',
    }),
    tlsCurvePreferences: list({
      env: 'KEDA_HTTP_PROXY_TLS_CURVE_PREFERENCES',
      default: [],
      description: 'Elliptic curves in order of preference; empty means the defaults.',
    }),
    tlsSkipVerify: boolean({
      env: 'KEDA_HTTP_PROXY_TLS_SKIP_VERIFY',
      default: false,
      description: 'Do not verify the certificates of TLS upstreams.',
    }),
  },
});

export type InterceptorConfig = ConfigValues<(typeof configSchema)['fields']>;

/**
 * Parses the interceptor's settings from `env`. Throws ConfigInvalidError listing every bad value, one line
 * each, naming the variable; cross-field rules are checked after each value parsed.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
): LoadedConfig<(typeof configSchema)['fields']> {
  const loaded = parseConfig(configSchema, env);
  const { config } = loaded;
  const problems: string[] = [];
  if (
    config.tlsMinVersion !== undefined &&
    config.tlsMaxVersion !== undefined &&
    config.tlsMinVersion > config.tlsMaxVersion
  ) {
    problems.push(
      `KEDA_HTTP_PROXY_TLS_MIN_VERSION: ${config.tlsMinVersion} is above KEDA_HTTP_PROXY_TLS_MAX_VERSION ${config.tlsMaxVersion}`,
    );
  }
  if (config.tlsEnabled) {
    problems.push(
      'KEDA_HTTP_PROXY_TLS_ENABLED: TLS on the proxy is not available in this version yet; unset it or set false',
    );
  }
  if (problems.length > 0) throw new ConfigInvalidError({ problems });
  return loaded;
}

/** Reads the process environment: main.ts's entry point. */
export function loadConfigFromProcess(): ReturnType<typeof loadConfig> {
  return loadConfig(process.env);
}

/**
 * The benchmark entry point's contract (bench/README.md, ../shared/bench/run.sh): PORT to listen on and
 * BACKEND_URL to route Host bench.local to. Its interceptor settings are the production ones, read by
 * loadConfig from the same environment with the proxy port taken from PORT.
 */
export function benchSettingsFromProcess(): {
  readonly port: number;
  readonly backendUrl: URL;
  readonly env: Readonly<Record<string, string | undefined>>;
} {
  const port = Number(process.env['PORT']);
  const backend = process.env['BACKEND_URL'] ?? '';
  const problems: string[] = [];
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    problems.push(`PORT: expected a port number, got ${JSON.stringify(process.env['PORT'] ?? '')}`);
  }
  if (!URL.canParse(backend) || new URL(backend).protocol !== 'http:') {
    problems.push(`BACKEND_URL: expected a URL like http://127.0.0.1:8080, got ${JSON.stringify(backend)}`);
  }
  if (problems.length > 0) throw new ConfigInvalidError({ problems });
  return { port, backendUrl: new URL(backend), env: process.env };
}

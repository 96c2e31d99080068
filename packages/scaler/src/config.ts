// The external scaler's settings: the only place that reads the environment (DESIGN habit 8). Names and
// defaults follow upstream's scaler where it has the setting (KEDA_HTTP_SCALER_*, KEDA_HTTP_QUEUE_TICK_DURATION,
// KEDA_HTTP_HEALTH_PORT); the ports are SPEC §6's (upstream's binary defaults were 8080/8090, but its charts
// and SPEC use 9090/9091). Upstream required the three TARGET_ADMIN settings; here they default to the names
// SPEC §6 deploys, so a manifest that sets them keeps working and one that does not still starts.
import {
  LOG_LEVELS,
  boolean,
  defineConfig,
  duration,
  integer,
  oneOf,
  parseConfig,
  port,
  string,
  url,
  type ConfigValues,
  type LoadedConfig,
} from '@keda-http/runtime';

const fields = {
  grpcPort: port({
    env: 'KEDA_HTTP_SCALER_PORT',
    default: 9090,
    description:
      'Port of the gRPC server KEDA calls (the ExternalScaler service, gRPC health and reflection).',
  }),
  healthPort: port({
    env: 'KEDA_HTTP_HEALTH_PORT',
    default: 9091,
    description: 'Port of the admin HTTP server: /queue, /queue_ping, /config, /livez, /readyz and /metrics.',
  }),
  targetAdminNamespace: string({
    env: 'KEDA_HTTP_SCALER_TARGET_ADMIN_NAMESPACE',
    default: 'keda',
    description: 'Namespace of the interceptor admin Service whose pods the scaler polls.',
  }),
  targetAdminService: string({
    env: 'KEDA_HTTP_SCALER_TARGET_ADMIN_SERVICE',
    default: 'keda-add-ons-http-interceptor-admin',
    description: 'The interceptor admin Service; its ready EndpointSlice endpoints are the pods polled.',
  }),
  targetAdminPort: integer({
    env: 'KEDA_HTTP_SCALER_TARGET_ADMIN_PORT',
    default: 9090,
    min: 1,
    max: 65535,
    description: "Port of each interceptor pod's admin server, where GET /queue is polled.",
  }),
  queueTickMs: duration({
    env: 'KEDA_HTTP_QUEUE_TICK_DURATION',
    default: '500ms',
    bareUnit: null,
    min: '1ms',
    description:
      'How often every interceptor pod is polled; health turns NOT_SERVING after two ticks without a successful poll.',
  }),
  pollTimeoutMs: duration({
    env: 'KEDA_HTTP_SCALER_POLL_TIMEOUT',
    bareUnit: null,
    min: '1ms',
    description:
      "How long one pod's /queue answer may take before the pod counts as unreachable for that tick; unset means one tick.",
  }),
  streamIntervalMs: integer({
    env: 'KEDA_HTTP_SCALER_STREAM_INTERVAL_MS',
    default: 200,
    min: 1,
    description: 'Milliseconds between two IsActiveResponse messages on each open StreamIsActive stream.',
  }),
  activationWatch: boolean({
    env: 'KEDA_HTTP_SCALER_ACTIVATION_WATCH',
    default: true,
    description:
      "Keep one GET /queue?watch= long-poll open per interceptor pod, so a route's first request reaches StreamIsActive at once.",
  }),
  activationWatchTimeoutMs: duration({
    env: 'KEDA_HTTP_SCALER_ACTIVATION_WATCH_TIMEOUT',
    default: '10s',
    bareUnit: null,
    min: '1s',
    description: 'How long an interceptor may hold one activation long-poll (sent as timeoutSeconds).',
  }),
  operatorAdminUrl: url({
    env: 'KEDA_HTTP_OPERATOR_ADMIN_URL',
    description:
      'The operator admin server to follow the routing table from; unset means the ready endpoints of KEDA_HTTP_OPERATOR_ADMIN_SERVICE.',
  }),
  operatorAdminService: string({
    env: 'KEDA_HTTP_OPERATOR_ADMIN_SERVICE',
    default: 'keda-add-ons-http-operator-admin',
    description:
      'The operator admin Service; its EndpointSlice port named admin (else its first port) is used.',
  }),
  operatorNamespace: string({
    env: 'KEDA_HTTP_OPERATOR_NAMESPACE',
    default: 'keda',
    description:
      'Namespace of the operator admin Service and of the routing-table ConfigMap read as a fallback.',
  }),
  kubeconfig: string({
    env: 'KUBECONFIG',
    description: 'A kubeconfig file; unset means the in-cluster service account (or ~/.kube/config).',
  }),
  logLevel: oneOf({
    env: 'KEDA_HTTP_LOG_LEVEL',
    values: LOG_LEVELS,
    default: 'info',
    description: 'The lowest level of log line written.',
  }),
};

export const configSchema = defineConfig({
  name: 'scaler',
  description:
    'The external scaler (`keda-add-ons-http-external-scaler`): KEDA calls its gRPC service; it polls every interceptor pod.',
  fields,
});

export type ScalerConfig = ConfigValues<typeof fields>;

/** Parses `env` (default: this process's). Throws the runtime's ConfigInvalidError listing every problem. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): LoadedConfig<typeof fields> {
  return parseConfig(configSchema, env);
}

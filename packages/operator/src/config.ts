// The operator's settings (SPEC §3), read from the environment once at start-up. This is the only file of
// the operator that reads process.env, and only inside loadConfig: importing it has no side effects, so the
// docs generator can load `configSchema`.
import { formatDuration } from '@keda-http/api';
import {
  LOG_LEVELS,
  defineConfig,
  duration,
  oneOf,
  parseConfig,
  port,
  string,
  type ConfigValues,
  type LoadedConfig,
} from '@keda-http/runtime';
import { OperatorConfigError } from './errors.js';

export const configSchema = defineConfig({
  name: 'operator',
  description:
    'The operator reconciles HTTPScaledObjects into KEDA ScaledObjects, reports status on HTTPScaledObjects ' +
    'and InterceptorRoutes, and serves the routing table on its admin port.',
  fields: {
    externalScalerService: string({
      env: 'KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE',
      deprecatedNames: ['KEDAHTTP_OPERATOR_EXTERNAL_SCALER_SERVICE'],
      required: true,
      description:
        "Name of the external scaler's Service in the operator's namespace; ScaledObjects point KEDA at " +
        '`<service>.<namespace>:<port>`.',
    }),
    externalScalerPort: port({
      env: 'KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_PORT',
      deprecatedNames: ['KEDAHTTP_OPERATOR_EXTERNAL_SCALER_PORT'],
      default: 9090,
      description: "The external scaler Service's gRPC port written into each ScaledObject's scalerAddress.",
    }),
    namespace: string({
      env: 'KEDA_HTTP_OPERATOR_NAMESPACE',
      default: 'keda',
      description:
        "The operator's own namespace: it holds the leader-election Lease and the routing-table ConfigMap, " +
        'and is the namespace part of scalerAddress.',
    }),
    watchNamespace: string({
      env: 'KEDA_HTTP_OPERATOR_WATCH_NAMESPACE',
      default: '',
      description:
        'Watch HTTPScaledObjects, InterceptorRoutes and Services only in this namespace; empty means all.',
    }),
    adminPort: port({
      env: 'KEDA_HTTP_OPERATOR_ADMIN_PORT',
      default: 9090,
      description: 'Port of the admin server: /routing_table, /config, /livez, /readyz and /metrics.',
    }),
    leaseDuration: duration({
      env: 'KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION',
      bareUnit: null,
      default: '15s',
      min: '1s',
      description:
        'How long a leader holds the Lease without renewing before another replica may take it over.',
    }),
    renewDeadline: duration({
      env: 'KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE',
      bareUnit: null,
      default: '10s',
      min: '1ms',
      description: 'How long the leader keeps trying to renew the Lease before it steps down.',
    }),
    retryPeriod: duration({
      env: 'KEDA_HTTP_OPERATOR_LEADER_ELECTION_RETRY_PERIOD',
      bareUnit: null,
      default: '2s',
      min: '1ms',
      description: 'How often replicas try to acquire, and the leader to renew, the Lease.',
    }),
    logLevel: oneOf({
      env: 'KEDA_HTTP_OPERATOR_LOG_LEVEL',
      values: LOG_LEVELS,
      default: 'info',
      description: 'Minimum level of the JSON log lines written to stdout.',
    }),
    kubeconfig: string({
      env: 'KUBECONFIG',
      description:
        'A kubeconfig file to reach the API server; when unset, the in-cluster service account is used.',
    }),
  },
});

export type OperatorConfig = ConfigValues<typeof configSchema.fields>;

/**
 * Parses the environment into the operator's config. Throws OperatorConfigError with one line per problem,
 * each naming the variable, including the relations between the leader-election durations.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
): LoadedConfig<typeof configSchema.fields> {
  let loaded: LoadedConfig<typeof configSchema.fields>;
  try {
    loaded = parseConfig(configSchema, env);
  } catch (cause) {
    const problems = (cause as Error).message.split('\n');
    throw new OperatorConfigError({ problems }, { cause });
  }
  const problems = leaderElectionProblems(loaded.config);
  if (problems.length > 0) throw new OperatorConfigError({ problems });
  return loaded;
}

/** The ordering client-go requires: leaseDuration > renewDeadline > retryPeriod × 1.2 (its jitter factor). */
export function leaderElectionProblems(
  c: Pick<OperatorConfig, 'leaseDuration' | 'renewDeadline' | 'retryPeriod'>,
): string[] {
  const problems: string[] = [];
  if (c.leaseDuration <= c.renewDeadline) {
    problems.push(
      `KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: must be longer than ` +
        `KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE (${formatDuration(c.leaseDuration)} <= ${formatDuration(c.renewDeadline)})`,
    );
  }
  if (c.renewDeadline <= c.retryPeriod * 1.2) {
    problems.push(
      `KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE: must be longer than 1.2 × ` +
        `KEDA_HTTP_OPERATOR_LEADER_ELECTION_RETRY_PERIOD (${formatDuration(c.renewDeadline)} <= ${formatDuration(c.retryPeriod * 1.2)})`,
    );
  }
  return problems;
}

/** Reads process.env; the one place in the operator that does. */
export function loadConfigFromProcess(): LoadedConfig<typeof configSchema.fields> {
  return loadConfig(process.env);
}

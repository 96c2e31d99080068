import { describe, expect, it } from 'vitest';
import { configSchema, leaderElectionProblems, loadConfig } from './config.js';
import { OperatorConfigError } from './errors.js';

const required = { KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-external-scaler' };

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(OperatorConfigError.is(err)).toBe(true);
    return (err as Error).message.split('\n');
  }
  throw new Error('expected the config to be rejected');
};

describe('loadConfig', () => {
  it('applies the SPEC defaults when only the scaler Service is set', () => {
    const { config, warnings } = loadConfig(required);
    expect(config).toEqual({
      externalScalerService: 'keda-add-ons-http-external-scaler',
      externalScalerPort: 9090,
      namespace: 'keda',
      watchNamespace: '',
      adminPort: 9090,
      leaseDuration: 15_000,
      renewDeadline: 10_000,
      retryPeriod: 2_000,
      logLevel: 'info',
      kubeconfig: undefined,
    });
    expect(warnings).toEqual([]);
  });

  it('reads every variable', () => {
    const { config } = loadConfig({
      ...required,
      KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_PORT: '9091',
      KEDA_HTTP_OPERATOR_NAMESPACE: 'addons',
      KEDA_HTTP_OPERATOR_WATCH_NAMESPACE: 'apps',
      KEDA_HTTP_OPERATOR_ADMIN_PORT: '0',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '4s',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE: '3s',
      KEDA_HTTP_OPERATOR_LEADER_ELECTION_RETRY_PERIOD: '500ms',
      KEDA_HTTP_OPERATOR_LOG_LEVEL: 'debug',
      KUBECONFIG: '/tmp/kubeconfig',
    });
    expect(config).toMatchObject({
      externalScalerPort: 9091,
      namespace: 'addons',
      watchNamespace: 'apps',
      adminPort: 0,
      leaseDuration: 4_000,
      renewDeadline: 3_000,
      retryPeriod: 500,
      logLevel: 'debug',
      kubeconfig: '/tmp/kubeconfig',
    });
  });

  it('fails clearly without the scaler Service', () => {
    expect(problemsOf({})).toEqual(['KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: required, but not set']);
  });

  it("still reads upstream's deprecated KEDAHTTP_ names, with a warning", () => {
    const { config, warnings } = loadConfig({
      KEDAHTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'old-scaler',
      KEDAHTTP_OPERATOR_EXTERNAL_SCALER_PORT: '8091',
    });
    expect(config.externalScalerService).toBe('old-scaler');
    expect(config.externalScalerPort).toBe(8091);
    expect(warnings.map((w) => w.variable).sort()).toEqual([
      'KEDAHTTP_OPERATOR_EXTERNAL_SCALER_PORT',
      'KEDAHTTP_OPERATOR_EXTERNAL_SCALER_SERVICE',
    ]);
  });

  it.each([
    [
      'a port out of range',
      { KEDA_HTTP_OPERATOR_ADMIN_PORT: '70000' },
      /^KEDA_HTTP_OPERATOR_ADMIN_PORT: expected a port/,
    ],
    [
      'a duration without unit',
      { KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '15' },
      /LEASE_DURATION: expected a duration like 500ms, got "15"/,
    ],
    [
      'an unknown log level',
      { KEDA_HTTP_OPERATOR_LOG_LEVEL: 'verbose' },
      /^KEDA_HTTP_OPERATOR_LOG_LEVEL: expected one of/,
    ],
  ])('rejects %s, naming the variable', (_name, env, pattern) => {
    const problems = problemsOf({ ...required, ...env });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(pattern);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ KEDA_HTTP_OPERATOR_ADMIN_PORT: 'x' })).toHaveLength(2);
  });

  it('rejects a lease that does not outlast the renew deadline', () => {
    expect(
      problemsOf({
        ...required,
        KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: '10s',
        KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE: '10s',
      }),
    ).toEqual([
      'KEDA_HTTP_OPERATOR_LEADER_ELECTION_LEASE_DURATION: must be longer than KEDA_HTTP_OPERATOR_LEADER_ELECTION_RENEW_DEADLINE (10s <= 10s)',
    ]);
  });
});

describe('leaderElectionProblems', () => {
  it.each([
    ['accepts the defaults', 15_000, 10_000, 2_000, 0],
    ['accepts short test timings', 1_000, 600, 200, 0],
    ['rejects a renew deadline within 1.2 retry periods', 15_000, 2_400, 2_000, 1],
    ['rejects both relations at once', 1_000, 1_000, 1_000, 2],
  ])('%s', (_name, leaseDuration, renewDeadline, retryPeriod, count) => {
    expect(leaderElectionProblems({ leaseDuration, renewDeadline, retryPeriod })).toHaveLength(count);
  });
});

describe('configSchema', () => {
  it('is named for the docs and lists each variable once', () => {
    expect(configSchema.name).toBe('operator');
    const envs = Object.values(configSchema.fields).map((f) => f.env);
    expect(new Set(envs).size).toBe(envs.length);
  });
});

import { ConfigInvalidError } from '@keda-http/runtime';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from './config.js';

describe('interceptor config', () => {
  it('has upstream defaults when nothing is set', () => {
    const { config, warnings } = loadConfig({});
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      proxyPort: 8080,
      adminPort: 9090,
      metricsEnabled: true,
      metricsPort: 2223,
      watchNamespace: undefined,
      enableColdStartHeader: true,
      logRequests: false,
      directPodRouting: true,
      requestTimeout: 0,
      responseHeaderTimeout: 300_000,
      readinessTimeout: 0,
      connectTimeout: 500,
      maxIdleConns: 1000,
      maxIdleConnsPerHost: 200,
      shutdownDelay: 5_000,
      drainTimeout: 30_000,
      operatorAdminUrl: undefined,
      operatorAdminService: 'keda-add-ons-http-operator-admin',
      operatorNamespace: 'keda',
      tlsEnabled: false,
      tlsCertPath: '/certs/tls.crt',
      tlsKeyPath: '/certs/tls.key',
      tlsPort: 8443,
    });
  });

  const deprecated: {
    name: string;
    env: Record<string, string>;
    field: 'readinessTimeout' | 'responseHeaderTimeout';
    want: number;
  }[] = [
    {
      name: 'KEDA_CONDITION_WAIT_TIMEOUT above 0 wins over KEDA_HTTP_READINESS_TIMEOUT',
      env: { KEDA_HTTP_READINESS_TIMEOUT: '25s', KEDA_CONDITION_WAIT_TIMEOUT: '31s' },
      field: 'readinessTimeout',
      want: 31_000,
    },
    {
      name: 'KEDA_RESPONSE_HEADER_TIMEOUT above 0 wins over KEDA_HTTP_RESPONSE_HEADER_TIMEOUT',
      env: { KEDA_HTTP_RESPONSE_HEADER_TIMEOUT: '20s', KEDA_RESPONSE_HEADER_TIMEOUT: '7s' },
      field: 'responseHeaderTimeout',
      want: 7_000,
    },
    {
      name: 'a deprecated timeout of 0 does not win',
      env: { KEDA_HTTP_READINESS_TIMEOUT: '25s', KEDA_CONDITION_WAIT_TIMEOUT: '0' },
      field: 'readinessTimeout',
      want: 25_000,
    },
    {
      name: 'a deprecated timeout alone is used',
      env: { KEDA_CONDITION_WAIT_TIMEOUT: '1500ms' },
      field: 'readinessTimeout',
      want: 1_500,
    },
  ];
  for (const c of deprecated) {
    it(c.name, () => {
      const { config, warnings } = loadConfig(c.env);
      expect(config[c.field]).toBe(c.want);
      expect(warnings.length).toBeGreaterThan(0);
    });
  }

  it('reports every bad value at once, naming each variable', () => {
    const attempt = () =>
      loadConfig({
        KEDA_HTTP_PROXY_PORT: 'eighty',
        KEDA_HTTP_CONNECT_TIMEOUT: '0',
        KEDA_HTTP_DIRECT_POD_ROUTING: 'yes',
        KEDA_HTTP_PROXY_TLS_MIN_VERSION: '1.1',
      });
    expect(attempt).toThrow(ConfigInvalidError);
    try {
      attempt();
    } catch (err) {
      const { problems } = (err as InstanceType<typeof ConfigInvalidError>).detail;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/KEDA_HTTP_PROXY_TLS_MIN_VERSION/);
      expect(problems[0]).toMatch(/^KEDA_HTTP_PROXY_PORT: expected a port number/);
    }
  });

  it('refuses a TLS minimum version above the maximum', () => {
    expect(() =>
      loadConfig({ KEDA_HTTP_PROXY_TLS_MIN_VERSION: '1.3', KEDA_HTTP_PROXY_TLS_MAX_VERSION: '1.2' }),
    ).toThrow(/KEDA_HTTP_PROXY_TLS_MIN_VERSION: 1.3 is above KEDA_HTTP_PROXY_TLS_MAX_VERSION 1.2/);
  });

  it('refuses to start with TLS enabled, which this version does not serve yet', () => {
    expect(() => loadConfig({ KEDA_HTTP_PROXY_TLS_ENABLED: 'true' })).toThrow(/KEDA_HTTP_PROXY_TLS_ENABLED/);
  });

  it('documents every SPEC §4 variable', () => {
    const names = Object.values(configSchema.fields).flatMap((f) => [f.env, ...f.deprecatedNames]);
    expect(names).toEqual(
      expect.arrayContaining([
        'KEDA_HTTP_PROXY_PORT',
        'KEDA_HTTP_ADMIN_PORT',
        'OTEL_PROM_EXPORTER_PORT',
        'KEDA_HTTP_WATCH_NAMESPACE',
        'KEDA_HTTP_ENABLE_COLD_START_HEADER',
        'KEDA_HTTP_LOG_REQUESTS',
        'KEDA_HTTP_DIRECT_POD_ROUTING',
        'KEDA_HTTP_REQUEST_TIMEOUT',
        'KEDA_HTTP_RESPONSE_HEADER_TIMEOUT',
        'KEDA_RESPONSE_HEADER_TIMEOUT',
        'KEDA_HTTP_READINESS_TIMEOUT',
        'KEDA_CONDITION_WAIT_TIMEOUT',
        'KEDA_HTTP_CONNECT_TIMEOUT',
        'KEDA_HTTP_MAX_IDLE_CONNS',
        'KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST',
        'KEDA_HTTP_SHUTDOWN_DELAY',
        'KEDA_HTTP_DRAIN_TIMEOUT',
        'KEDA_HTTP_PROXY_TLS_ENABLED',
        'KEDA_HTTP_PROXY_TLS_CERT_PATH',
        'KEDA_HTTP_PROXY_TLS_KEY_PATH',
        'KEDA_HTTP_PROXY_TLS_CERT_STORE_PATHS',
        'KEDA_HTTP_PROXY_TLS_PORT',
        'KEDA_HTTP_PROXY_TLS_MIN_VERSION',
        'KEDA_HTTP_PROXY_TLS_MAX_VERSION',
        'KEDA_HTTP_PROXY_TLS_CIPHER_SUITES',
        'KEDA_HTTP_PROXY_TLS_CURVE_PREFERENCES',
        'KEDA_HTTP_PROXY_TLS_SKIP_VERIFY',
        'KEDA_HTTP_OPERATOR_ADMIN_URL',
        'KEDA_HTTP_OPERATOR_ADMIN_SERVICE',
        'KEDA_HTTP_OPERATOR_NAMESPACE',
      ]),
    );
  });
});

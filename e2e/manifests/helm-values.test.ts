// The chart's values: an upstream values file installs unchanged and means the same; each value moves every
// object that depends on it; the schema refuses what would not work.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYABLES, deployable, type Deployable } from './deployables.js';
import {
  CHART_DIR,
  helmTemplate,
  named,
  ofKind,
  renderHelm,
  runHelm,
  type KubeDoc,
} from './rendered-manifests.js';
import { onlyContainer, portNamed, resolvedEnv, type Deployment, type Service } from './workloads.js';

const UPSTREAM_VALUES = readFileSync(new URL('./fixtures/upstream-values.yaml', import.meta.url), 'utf8');

const deploymentOf = (docs: KubeDoc[], d: Deployable) =>
  named(docs, 'Deployment', d.deployment) as Deployment;
const envOf = (docs: KubeDoc[], component: Deployable['component']) => {
  const dep = deploymentOf(docs, deployable(component));
  return resolvedEnv(dep, onlyContainer(dep));
};
const scaledObjectSpec = (docs: KubeDoc[]) =>
  named(docs, 'ScaledObject', 'keda-add-ons-http-interceptor')['spec'] as {
    minReplicaCount: number;
    maxReplicaCount: number;
    triggers: { type: string; metadata: Record<string, string> }[];
  };

describe('helm lint', () => {
  it.each([
    ['the default values', undefined],
    ['an upstream values file', UPSTREAM_VALUES],
  ])('passes with %s', async (_name, values) => {
    const args = ['lint', CHART_DIR, '--strict', '--namespace', 'keda'];
    const result = await runHelm(values === undefined ? args : [...args, '--values', '-'], values);
    expect(result.stderr + result.stdout).toContain('0 chart(s) failed');
    expect(result.code).toBe(0);
  });
});

describe('an upstream values file', () => {
  let docs: KubeDoc[];
  beforeAll(async () => {
    docs = await renderHelm({ values: UPSTREAM_VALUES });
  });

  it.each(DEPLOYABLES)('gives the $component env its config schema accepts without warnings', (d) => {
    const env = envOf(docs, d.component);
    expect(Object.keys(env).filter((n) => !d.variables.has(n))).toEqual([]);
    expect(d.load(env).warnings).toEqual([]);
  });

  it('keeps the meaning of the upstream interceptor settings', () => {
    expect(envOf(docs, 'interceptor')).toMatchObject({
      KEDA_HTTP_READINESS_TIMEOUT: '20s', // interceptor.replicas.waitTimeout
      KEDA_HTTP_RESPONSE_HEADER_TIMEOUT: '500ms',
      KEDA_HTTP_CONNECT_TIMEOUT: '500ms',
      KEDA_HTTP_MAX_IDLE_CONNS: '100',
      KEDA_HTTP_LOG_LEVEL: 'info',
    });
    expect(scaledObjectSpec(docs)).toMatchObject({ minReplicaCount: 3, maxReplicaCount: 30 });
  });

  it('keeps the meaning of the upstream scaler and operator settings', () => {
    expect(envOf(docs, 'scaler')).toMatchObject({
      KEDA_HTTP_SCALER_STREAM_INTERVAL_MS: '150',
      KEDA_HTTP_QUEUE_TICK_DURATION: '1s', // extraEnvs
      KEDA_HTTP_LOG_LEVEL: 'trace', // zap level 2
    });
    expect(envOf(docs, 'operator')['KEDA_HTTP_OPERATOR_LOG_LEVEL']).toBe('debug');
    expect(deploymentOf(docs, deployable('scaler')).spec.replicas).toBe(2);
    expect(scaledObjectSpec(docs).triggers[0]?.metadata['interceptorTargetPendingRequests']).toBe('250');
  });

  it('uses the images and tag it names', () => {
    for (const d of DEPLOYABLES) {
      expect(onlyContainer(deploymentOf(docs, d)).image).toBe(
        `registry.example.com/keda-http/${d.component}:0.10.0`,
      );
    }
  });

  it('labels every object with additionalLabels and installs the aggregated roles', () => {
    expect(docs.filter((d) => d.metadata.labels?.['team'] !== 'platform').map((d) => d.kind)).toEqual([]);
    expect(ofKind(docs, 'ClusterRole').map((r) => r.metadata.name)).toEqual(
      expect.arrayContaining(['keda-add-ons-http-edit', 'keda-add-ons-http-view']),
    );
  });
});

const CASES: {
  name: string;
  values: string;
  check: (docs: KubeDoc[]) => void;
}[] = [
  {
    name: 'operator.replicas 0 installs no operator',
    values: 'operator: {replicas: 0}',
    check: (docs) => {
      const left = docs.filter((d) => d.metadata.name.includes('operator'));
      expect(left.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([]);
    },
  },
  {
    name: 'operator.watchNamespace binds the operator ClusterRole in that namespace only',
    values: 'operator: {watchNamespace: apps}',
    check: (docs) => {
      expect(envOf(docs, 'operator')['KEDA_HTTP_OPERATOR_WATCH_NAMESPACE']).toBe('apps');
      const bindings = docs.filter(
        (d) => d.kind.endsWith('Binding') && d.metadata.name.startsWith('keda-add-ons-http-operator'),
      );
      expect(bindings.map((b) => `${b.kind}/${b.metadata.namespace}`).sort()).toEqual([
        'RoleBinding/apps',
        'RoleBinding/keda',
      ]);
      const watch = bindings.find((b) => b.metadata.namespace === 'apps');
      expect(watch?.['roleRef']).toMatchObject({ kind: 'ClusterRole', name: 'keda-add-ons-http-operator' });
    },
  },
  {
    name: 'scaler.service and scaler.grpcPort move the scaler Service and everything that calls it',
    values: 'scaler: {service: my-scaler, grpcPort: 7070}',
    check: (docs) => {
      const service = named(docs, 'Service', 'keda-add-ons-http-my-scaler') as Service;
      expect(service.spec.ports.find((p) => p.name === 'grpc')?.port).toBe(7070);
      expect(envOf(docs, 'operator')).toMatchObject({
        KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_SERVICE: 'keda-add-ons-http-my-scaler',
        KEDA_HTTP_OPERATOR_EXTERNAL_SCALER_PORT: '7070',
      });
      expect(envOf(docs, 'scaler')['KEDA_HTTP_SCALER_PORT']).toBe('7070');
      const scaler = onlyContainer(deploymentOf(docs, deployable('scaler')));
      expect(portNamed(scaler, 'grpc')).toBe(7070);
      expect(scaler.readinessProbe).toMatchObject({ grpc: { port: 7070 } });
      expect(scaledObjectSpec(docs).triggers[0]?.metadata['scalerAddress']).toBe(
        'keda-add-ons-http-my-scaler.keda:7070',
      );
    },
  },
  {
    name: 'interceptor.admin.port moves the interceptor, its admin Service and the scaler polls together',
    values: 'interceptor: {admin: {port: 9999}}',
    check: (docs) => {
      expect(envOf(docs, 'interceptor')['KEDA_HTTP_ADMIN_PORT']).toBe('9999');
      expect(portNamed(onlyContainer(deploymentOf(docs, deployable('interceptor'))), 'admin')).toBe(9999);
      const admin = named(docs, 'Service', 'keda-add-ons-http-interceptor-admin') as Service;
      expect(admin.spec.ports[0]?.port).toBe(9999);
      expect(envOf(docs, 'scaler')['KEDA_HTTP_SCALER_TARGET_ADMIN_PORT']).toBe('9999');
    },
  },
  {
    name: "extraEnvs win over the chart's own variable of the same name",
    values:
      'interceptor: {extraEnvs: {KEDA_HTTP_CONNECT_TIMEOUT: 2s, KEDA_HTTP_DIRECT_POD_ROUTING: "false"}}',
    check: (docs) => {
      const container = onlyContainer(deploymentOf(docs, deployable('interceptor')));
      expect(container.env?.filter((e) => e.name === 'KEDA_HTTP_CONNECT_TIMEOUT')).toEqual([
        { name: 'KEDA_HTTP_CONNECT_TIMEOUT', value: '2s' },
      ]);
      expect(envOf(docs, 'interceptor')['KEDA_HTTP_DIRECT_POD_ROUTING']).toBe('false');
    },
  },
  {
    name: 'interceptor.tls.enabled mounts the certificate Secret and opens the TLS port',
    values: 'interceptor: {tls: {enabled: true, certSecret: my-certs, minVersion: "1.3"}}',
    check: (docs) => {
      const dep = deploymentOf(docs, deployable('interceptor'));
      const container = onlyContainer(dep);
      expect(portNamed(container, 'proxy-tls')).toBe(8443);
      expect(resolvedEnv(dep, container)).toMatchObject({
        KEDA_HTTP_PROXY_TLS_ENABLED: 'true',
        KEDA_HTTP_PROXY_TLS_CERT_PATH: '/certs/tls.crt',
        KEDA_HTTP_PROXY_TLS_KEY_PATH: '/certs/tls.key',
        KEDA_HTTP_PROXY_TLS_PORT: '8443',
        KEDA_HTTP_PROXY_TLS_MIN_VERSION: '1.3',
      });
      expect(dep.spec.template.spec).toMatchObject({
        volumes: [{ name: 'certs', secret: { secretName: 'my-certs' } }],
      });
      const proxy = named(docs, 'Service', 'keda-add-ons-http-interceptor-proxy') as Service;
      expect(proxy.spec.ports.map((p) => p.name)).toEqual(['proxy', 'proxy-tls']);
    },
  },
  {
    name: 'the default PodDisruptionBudget allows one interceptor down at a time',
    values: '{}',
    check: (docs) => {
      const pdb = named(docs, 'PodDisruptionBudget', 'keda-add-ons-http-interceptor');
      expect(pdb['spec']).toMatchObject({ maxUnavailable: 1 });
      expect(pdb['spec']).not.toHaveProperty('minAvailable');
    },
  },
  {
    name: 'interceptor.pdb.enabled false installs no PodDisruptionBudget',
    values: 'interceptor: {pdb: {enabled: false}}',
    check: (docs) => expect(ofKind(docs, 'PodDisruptionBudget')).toEqual([]),
  },
];

describe('each value moves what depends on it', () => {
  it.each(CASES)('$name', async ({ values, check }) => {
    check(await renderHelm({ values }));
  });

  it('installs into any release namespace, pointing every component at that namespace', async () => {
    const docs = await renderHelm({ namespace: 'http-addon' });
    expect(envOf(docs, 'operator')['KEDA_HTTP_OPERATOR_NAMESPACE']).toBe('http-addon');
    expect(envOf(docs, 'interceptor')['KEDA_HTTP_OPERATOR_NAMESPACE']).toBe('http-addon');
    expect(envOf(docs, 'scaler')).toMatchObject({
      KEDA_HTTP_OPERATOR_NAMESPACE: 'http-addon',
      KEDA_HTTP_SCALER_TARGET_ADMIN_NAMESPACE: 'http-addon',
    });
    expect(scaledObjectSpec(docs).triggers[0]?.metadata['scalerAddress']).toBe(
      'keda-add-ons-http-external-scaler.http-addon:9090',
    );
    const roles = ofKind(docs, 'Role').map((r) => r.metadata.namespace);
    expect(new Set(roles)).toEqual(new Set(['http-addon']));
  });
});

describe('the values schema', () => {
  it.each([
    ['a latest image tag', 'images: {tag: latest}', 'images.tag'],
    ['a duration that is not one', 'interceptor: {requestTimeout: soon}', 'interceptor.requestTimeout'],
    ['an unknown log level', 'logging: {scaler: {level: verbose}}', 'logging.scaler.level'],
    ['a port out of range', 'scaler: {grpcPort: 70000}', 'scaler.grpcPort'],
    ['negative operator replicas', 'operator: {replicas: -1}', 'operator.replicas'],
  ])('refuses %s, naming the value', async (_name, values, field) => {
    const result = await helmTemplate({ values });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(field);
  });
});

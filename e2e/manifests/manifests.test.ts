// The rendered manifests, kustomize's and Helm's alike, carry the contract of SPEC §6: the Service names and
// ports, one hardened container per deployable with probes and resources, env that each deployable's own
// config schema accepts and that points every component at the others, the interceptor's ScaledObject, and
// least-privilege RBAC that is the same in both.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '@keda-http/devcluster/testing';
import { DEPLOYABLES, deployable, type Deployable } from './deployables.js';
import { grantStrings, grantsFor } from './rbac-rules.js';
import { CHART_DIR, named, ofKind, renderHelm, renderKustomize, type KubeDoc } from './rendered-manifests.js';
import {
  onlyContainer,
  portNamed,
  quantity,
  resolvedEnv,
  selects,
  type Deployment,
  type Service,
} from './workloads.js';

const appVersion = (parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')) as { appVersion: string })
  .appVersion;

const RENDERS = [
  { name: 'kustomize config/default', render: () => renderKustomize(), tag: 'main' },
  { name: 'helm template with the default values', render: () => renderHelm(), tag: appVersion },
];

/** SPEC §6: Service → {port name: port}, and which deployable's pods it selects. */
const SERVICES: Record<string, { component: Deployable['component']; ports: Record<string, number> }> = {
  'keda-add-ons-http-interceptor-proxy': { component: 'interceptor', ports: { proxy: 8080 } },
  'keda-add-ons-http-interceptor-admin': { component: 'interceptor', ports: { admin: 9090 } },
  'keda-add-ons-http-interceptor-metrics': { component: 'interceptor', ports: { metrics: 2223 } },
  'keda-add-ons-http-operator-admin': { component: 'operator', ports: { admin: 9090 } },
  'keda-add-ons-http-external-scaler': { component: 'scaler', ports: { grpc: 9090, admin: 9091 } },
};

describe.each(RENDERS)('$name', ({ render, tag }) => {
  let docs: KubeDoc[];
  const deploymentOf = (d: Deployable) => named(docs, 'Deployment', d.deployment) as Deployment;
  const serviceNamed = (name: string) => named(docs, 'Service', name) as Service;
  const configOf = (d: Deployable) => {
    const dep = deploymentOf(d);
    return d.load(resolvedEnv(dep, onlyContainer(dep))).config;
  };

  beforeAll(async () => {
    docs = await render();
  });

  it('puts every namespaced object in namespace keda', () => {
    const cluster = new Set(['CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding']);
    const stray = docs
      .filter((d) => !cluster.has(d.kind) && d.metadata.namespace !== 'keda')
      .map((d) => `${d.kind}/${d.metadata.name}`);
    expect(stray).toEqual([]);
  });

  it('has exactly the three deployables, one container each', () => {
    expect(
      ofKind(docs, 'Deployment')
        .map((d) => d.metadata.name)
        .sort(),
    ).toEqual(DEPLOYABLES.map((d) => d.deployment).sort());
    for (const d of DEPLOYABLES) expect(deploymentOf(d).spec.template.spec.containers).toHaveLength(1);
  });

  describe.each(DEPLOYABLES)('the $component container', (d) => {
    it('runs the pinned image of its component, never :latest', () => {
      const image = onlyContainer(deploymentOf(d)).image;
      expect(image).toBe(`${d.image}:${tag}`);
      expect(image).not.toMatch(/:latest$/);
    });

    it('runs as a non-root user with a read-only root filesystem, no privilege escalation and no capabilities', () => {
      const pod = deploymentOf(d).spec.template.spec;
      const c = onlyContainer(deploymentOf(d));
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 65532,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(c.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.securityContext?.['privileged'] ?? false).toBe(false);
      expect(c.securityContext?.['capabilities']).not.toHaveProperty('add');
    });

    it('declares exactly its ports, by name', () => {
      const ports = onlyContainer(deploymentOf(d)).ports ?? [];
      expect(Object.fromEntries(ports.map((p) => [p.name, p.containerPort]))).toEqual(d.ports);
      for (const p of ports) expect(p.protocol ?? 'TCP').toBe('TCP');
    });

    it('has a liveness and a readiness probe on its health endpoints', () => {
      const c = onlyContainer(deploymentOf(d));
      for (const [probe, want] of [
        [c.livenessProbe, d.liveness],
        [c.readinessProbe, d.readiness],
      ] as const) {
        expect(probe, 'probe').toBeDefined();
        const spec = probe?.[want.kind] as Record<string, unknown> | undefined;
        expect(spec, `${want.kind} probe`).toBeDefined();
        expect(spec?.['port']).toBe(want.port);
        if (want.path !== undefined) expect(spec?.['path']).toBe(want.path);
        if (want.service !== undefined) expect(spec?.['service']).toBe(want.service);
        const port = typeof want.port === 'number' ? want.port : portNamed(c, want.port);
        expect(Object.values(d.ports)).toContain(port);
      }
    });

    it('requests and limits CPU and memory, requests within limits', () => {
      const { requests, limits } = onlyContainer(deploymentOf(d)).resources ?? {};
      for (const r of ['cpu', 'memory']) {
        const request = requests?.[r];
        const limit = limits?.[r];
        expect(request, `requests.${r}`).toBeDefined();
        expect(limit, `limits.${r}`).toBeDefined();
        expect(quantity(request as string)).toBeGreaterThan(0);
        expect(quantity(request as string)).toBeLessThanOrEqual(quantity(limit as string));
      }
      expect(quantity(limits?.['memory'] as string)).toBeGreaterThanOrEqual(256 * 1024 ** 2);
    });

    it('sets only variables its config schema reads, under their current names, with values it accepts', () => {
      const dep = deploymentOf(d);
      const env = resolvedEnv(dep, onlyContainer(dep));
      const unknown = Object.keys(env).filter((name) => !d.variables.has(name));
      expect(unknown, 'variables the schema does not read').toEqual([]);
      const deprecated = Object.keys(env).filter((name) => d.deprecated.has(name));
      expect(deprecated, 'deprecated names').toEqual([]);
      const { warnings } = d.load(env);
      expect(warnings).toEqual([]);
    });

    it('listens where its container ports say', () => {
      const c = onlyContainer(deploymentOf(d));
      const config = configOf(d);
      const listening: Record<string, unknown> = {
        operator: { admin: config['adminPort'] },
        interceptor: {
          proxy: config['proxyPort'],
          admin: config['adminPort'],
          metrics: config['metricsPort'],
        },
        scaler: { grpc: config['grpcPort'], admin: config['healthPort'] },
      }[d.component];
      for (const [name, port] of Object.entries(listening)) expect(port).toBe(portNamed(c, name));
    });

    it('runs under its own ServiceAccount', () => {
      const account = deploymentOf(d).spec.template.spec.serviceAccountName;
      expect(account).toBe(d.deployment);
      named(docs, 'ServiceAccount', account as string);
    });
  });

  it('has the Services of SPEC §6, each selecting its deployable and targeting its named ports', () => {
    expect(
      ofKind(docs, 'Service')
        .map((s) => s.metadata.name)
        .sort(),
    ).toEqual(Object.keys(SERVICES).sort());
    for (const [name, want] of Object.entries(SERVICES)) {
      const service = serviceNamed(name);
      const target = deploymentOf(deployable(want.component));
      const selected = ofKind(docs, 'Deployment').filter((dep) =>
        selects(service.spec.selector, dep as Deployment),
      );
      expect(
        selected.map((s) => s.metadata.name),
        `${name} selects`,
      ).toEqual([target.metadata.name]);
      expect(Object.fromEntries(service.spec.ports.map((p) => [p.name, p.port])), name).toEqual(want.ports);
      for (const p of service.spec.ports) {
        expect(p.targetPort, `${name} ${p.name}`).toBe(p.name);
        expect(portNamed(onlyContainer(target), p.name as string), `${name} ${p.name}`).toBe(p.port);
      }
    }
  });

  it('points the operator at the scaler Service KEDA will call', () => {
    const config = configOf(deployable('operator'));
    const scaler = serviceNamed(config['externalScalerService'] as string);
    expect(selects(scaler.spec.selector, deploymentOf(deployable('scaler')))).toBe(true);
    expect(scaler.spec.ports.find((p) => p.port === config['externalScalerPort'])?.name).toBe('grpc');
    expect(config['namespace']).toBe('keda');
    expect(config['watchNamespace']).toBe('');
  });

  it.each(['interceptor', 'scaler'] as const)(
    'points the %s at the operator admin Service for the routing table',
    (component) => {
      const config = configOf(deployable(component));
      expect(config['operatorNamespace']).toBe('keda');
      expect(config['operatorAdminUrl']).toBeUndefined();
      const admin = serviceNamed(config['operatorAdminService'] as string);
      expect(selects(admin.spec.selector, deploymentOf(deployable('operator')))).toBe(true);
      expect(admin.spec.ports.map((p) => p.name)).toContain('admin');
    },
  );

  it('points the scaler at every interceptor pod admin port', () => {
    const config = configOf(deployable('scaler'));
    const interceptor = deploymentOf(deployable('interceptor'));
    expect(config['targetAdminNamespace']).toBe('keda');
    const admin = serviceNamed(config['targetAdminService'] as string);
    expect(selects(admin.spec.selector, interceptor)).toBe(true);
    expect(config['targetAdminPort']).toBe(portNamed(onlyContainer(interceptor), 'admin'));
  });

  it('gives the interceptor enough grace to drain after its shutdown delay', () => {
    const dep = deploymentOf(deployable('interceptor'));
    const config = configOf(deployable('interceptor'));
    const graceMs = (dep.spec.template.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    expect(graceMs).toBeGreaterThan((config['shutdownDelay'] as number) + (config['drainTimeout'] as number));
  });

  it('scales the interceptor with a ScaledObject on the scaler (min 1, max 50, target 200)', () => {
    const [so, ...others] = ofKind(docs, 'ScaledObject');
    expect(others).toEqual([]);
    expect(so?.apiVersion).toBe('keda.sh/v1alpha1');
    const spec = so?.['spec'] as Record<string, unknown>;
    expect(spec).toMatchObject({
      minReplicaCount: 1,
      maxReplicaCount: 50,
      scaleTargetRef: { kind: 'Deployment', name: 'keda-add-ons-http-interceptor' },
    });
    const triggers = spec['triggers'] as { type: string; metadata: Record<string, string> }[];
    expect(triggers).toHaveLength(1);
    expect(triggers[0]?.type).toBe('external');
    expect(triggers[0]?.metadata['interceptorTargetPendingRequests']).toBe('200');
    const [host, port] = (triggers[0]?.metadata['scalerAddress'] ?? '').split(':');
    const [service, namespace] = (host ?? '').split('.');
    expect(namespace).toBe('keda');
    const scaler = serviceNamed(service as string);
    expect(scaler.spec.ports.find((p) => p.port === Number(port))?.name).toBe('grpc');
  });

  it('grants no wildcards', () => {
    const rules = docs.flatMap((d) => (d['rules'] as Record<string, string[]>[] | undefined) ?? []);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) for (const list of Object.values(r)) expect(list).not.toContain('*');
  });
});

describe('RBAC', () => {
  it.each(DEPLOYABLES)('grants the $component the same rights in kustomize and Helm', async (d) => {
    const [kustomized, helm] = await Promise.all([renderKustomize(), renderHelm()]);
    const account = { namespace: 'keda', name: d.deployment };
    const fromKustomize = grantStrings(grantsFor(kustomized, account));
    expect(fromKustomize.length).toBeGreaterThan(0);
    expect(grantStrings(grantsFor(helm, account))).toEqual(fromKustomize);
  });

  it('keeps the operator RBAC of config/operator/rbac.yaml', async () => {
    const docs = await renderKustomize('config/operator');
    const own = await renderKustomize('config/default');
    const account = { namespace: 'keda', name: 'keda-add-ons-http-operator' };
    expect(grantStrings(grantsFor(own, account))).toEqual(grantStrings(grantsFor(docs, account)));
  });
});

describe('the chart', () => {
  it('ships the CRDs that config/crd has, byte for byte', () => {
    for (const file of ['http.keda.sh_httpscaledobjects.yaml', 'http.keda.sh_interceptorroutes.yaml']) {
      const chart = readFileSync(join(CHART_DIR, 'crds', file), 'utf8');
      expect(chart).toBe(readFileSync(join(repoRoot(), 'config', 'crd', 'bases', file), 'utf8'));
    }
  });
});

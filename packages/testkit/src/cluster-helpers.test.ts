import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevCluster, type DevCluster } from '@keda-http/devcluster';
import { installCrds, readCrds, withoutValidationRules } from './crds.js';
import { kubeRequestAttributes, startRecordingProxy } from './recording-proxy.js';

let cluster: DevCluster;
beforeAll(async () => {
  cluster = await startDevCluster({ builtinCrds: false });
});
afterAll(async () => {
  await cluster?.stop();
});

describe('installCrds', () => {
  it("installs the add-on's CRDs, and again (replacing them) without their CEL rules", async () => {
    const names = await installCrds(cluster.url);
    expect(names).toEqual(['httpscaledobjects.http.keda.sh', 'interceptorroutes.http.keda.sh']);
    await installCrds(cluster.url, { transform: withoutValidationRules });
    const live = await (
      await fetch(`${cluster.url}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${names[0]}`)
    ).text();
    expect(live).not.toContain('x-kubernetes-validations');
  });

  it('reads CRDs that carry CEL rules to begin with', async () => {
    const crds = await readCrds();
    expect(JSON.stringify(crds)).toContain('x-kubernetes-validations');
    expect(JSON.stringify(withoutValidationRules(crds))).not.toContain('x-kubernetes-validations');
  });
});

describe('startRecordingProxy', () => {
  it('forwards requests and records them with their RBAC attributes', async () => {
    const proxy = await startRecordingProxy(cluster.url);
    try {
      const res = await fetch(`${proxy.url}/api/v1/namespaces/default/configmaps?watch=false`);
      expect(res.status).toBe(200);
      await fetch(`${proxy.url}/version`);
      expect(proxy.requests.map(kubeRequestAttributes)).toEqual([
        { group: '', resource: 'configmaps', namespace: 'default', name: undefined, verb: 'list' },
        undefined,
      ]);
    } finally {
      await proxy.close();
    }
  });
});

describe('kubeRequestAttributes', () => {
  const attrs = (method: string, url: string) => {
    const u = new URL(url, 'http://x');
    return kubeRequestAttributes({ method, path: u.pathname, query: u.searchParams, userAgent: undefined });
  };
  it.each([
    [
      'GET',
      '/apis/http.keda.sh/v1alpha1/httpscaledobjects?watch=true',
      'watch',
      'httpscaledobjects',
      undefined,
    ],
    ['GET', '/apis/keda.sh/v1alpha1/namespaces/a/scaledobjects/web', 'get', 'scaledobjects', 'web'],
    [
      'PATCH',
      '/apis/http.keda.sh/v1alpha1/namespaces/a/httpscaledobjects/web/status',
      'patch',
      'httpscaledobjects/status',
      'web',
    ],
    ['PUT', '/apis/coordination.k8s.io/v1/namespaces/keda/leases/l', 'update', 'leases', 'l'],
    ['POST', '/api/v1/namespaces/a/events', 'create', 'events', undefined],
    ['DELETE', '/api/v1/namespaces/a/configmaps', 'deletecollection', 'configmaps', undefined],
  ])('%s %s is %s', (method, url, verb, resource, name) => {
    expect(attrs(method, url)).toMatchObject({ verb, resource, name });
  });
});

import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/types.js';
import { desiredEndpoints, endpointSubsets } from './desired-endpoints.js';

const service = (ports: unknown[], extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'ns' },
  spec: { selector: { app: 'web' }, ports, ...extra },
});

const pod = (
  name: string,
  o: { ip?: string; ready?: boolean; terminating?: boolean; port?: number; labels?: Record<string, string> },
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    namespace: 'ns',
    uid: `uid-${name}`,
    labels: o.labels ?? { app: 'web' },
    ...(o.terminating === true ? { deletionTimestamp: '2030-01-01T00:00:00Z' } : {}),
  },
  spec: {
    nodeName: 'devcluster',
    containers: [{ name: 'c', ports: [{ name: 'http', containerPort: o.port ?? 8080 }] }],
  },
  status: {
    phase: 'Running',
    ...(o.ip !== undefined ? { podIP: o.ip } : {}),
    conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }],
  },
});

const conditionsOf = (svc: KubeObject, pods: KubeObject[]) =>
  desiredEndpoints(svc, pods).flatMap((g) => g.endpoints.map((e) => [e.targetRef.name, e.conditions]));

describe('desired endpoints', () => {
  it('lists selected pods with an IP, with ready, serving and terminating', () => {
    const svc = service([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    expect(
      conditionsOf(svc, [
        pod('a', { ip: '127.0.0.2' }),
        pod('b', { ip: '127.0.0.3', ready: false }),
        pod('c', { ip: '127.0.0.4', terminating: true }),
        pod('d', { ip: '127.0.0.5', terminating: true, ready: false }),
        pod('e', {}),
        pod('f', { ip: '127.0.0.6', labels: { app: 'other' } }),
      ]),
    ).toEqual([
      ['a', { ready: true, serving: true, terminating: false }],
      ['b', { ready: false, serving: false, terminating: false }],
      ['c', { ready: false, serving: true, terminating: true }],
      ['d', { ready: false, serving: false, terminating: true }],
    ]);
  });

  it('resolves targetPort by container port name and by number, named as the Service ports', () => {
    const svc = service([
      { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
      { name: 'admin', port: 9090, targetPort: 9091, protocol: 'TCP' },
    ]);
    const [group] = desiredEndpoints(svc, [pod('a', { ip: '127.0.0.2', port: 8081 })]);
    expect(group?.ports).toEqual([
      { name: 'admin', port: 9091, protocol: 'TCP' },
      { name: 'http', port: 8081, protocol: 'TCP' },
    ]);
  });

  it('groups pods whose named ports resolve differently', () => {
    const svc = service([{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }]);
    const groups = desiredEndpoints(svc, [
      pod('a', { ip: '127.0.0.2', port: 1 }),
      pod('b', { ip: '127.0.0.3', port: 2 }),
    ]);
    expect(groups.map((g) => [g.ports[0]?.port, g.endpoints.map((e) => e.addresses[0])])).toEqual([
      [1, ['127.0.0.2']],
      [2, ['127.0.0.3']],
    ]);
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses', () => {
    const svc = service([{ port: 80, targetPort: 8080 }], { publishNotReadyAddresses: true });
    expect(conditionsOf(svc, [pod('a', { ip: '127.0.0.2', ready: false })])).toEqual([
      ['a', { ready: true, serving: true, terminating: false }],
    ]);
  });

  it('turns the groups into Endpoints subsets without terminating pods', () => {
    const svc = service([{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }]);
    const subsets = endpointSubsets(
      desiredEndpoints(svc, [
        pod('a', { ip: '127.0.0.2' }),
        pod('b', { ip: '127.0.0.3', ready: false }),
        pod('c', { ip: '127.0.0.4', terminating: true }),
      ]),
    );
    expect(subsets).toEqual([
      {
        addresses: [
          {
            ip: '127.0.0.2',
            nodeName: 'devcluster',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a' },
          },
        ],
        notReadyAddresses: [
          {
            ip: '127.0.0.3',
            nodeName: 'devcluster',
            targetRef: { kind: 'Pod', namespace: 'ns', name: 'b', uid: 'uid-b' },
          },
        ],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
  });
});

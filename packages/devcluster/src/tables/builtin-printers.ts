// The columns `kubectl get` shows for the built-in kinds, computed by the server as a real one does.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import { formatLabelSelector } from '../store/scale-view.js';
import { ageColumn, column, nameColumn, type Printer } from './column-types.js';
import { ageOf } from './human-duration.js';

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const list = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isJsonObject) : []);
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const orNone = (s: string): string => (s === '' ? '<none>' : s);
/** A scalar as text; anything else (absent, object) as `fallback`. */
const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
const age = (o: KubeObject, now: number): string => ageOf(o.metadata.creationTimestamp, now);
const containers = (spec: JsonObject): JsonObject[] => list(obj(obj(spec['template'])['spec'])['containers']);
const names = (cs: JsonObject[]): string => cs.map((c) => text(c['name'], '')).join(',');
const images = (cs: JsonObject[]): string => cs.map((c) => text(c['image'], '')).join(',');

function servicePorts(spec: JsonObject): string {
  const ports = list(spec['ports']).map((p) => {
    const node = p['nodePort'] !== undefined ? `:${text(p['nodePort'])}` : '';
    return `${text(p['port'])}${node}/${text(p['protocol'], 'TCP')}`;
  });
  return orNone(ports.join(','));
}

function externalIP(spec: JsonObject, status: JsonObject): string {
  const ips = Array.isArray(spec['externalIPs']) ? spec['externalIPs'].map((a) => text(a)) : [];
  const lb = list(obj(status['loadBalancer'])['ingress']).map((i) => text(i['ip'] ?? i['hostname'], ''));
  if (spec['type'] === 'ExternalName') return text(spec['externalName'], '<none>');
  if (spec['type'] === 'LoadBalancer' && lb.length + ips.length === 0) return '<pending>';
  return orNone([...lb, ...ips].join(','));
}

function endpointsText(o: KubeObject): string {
  const out: string[] = [];
  for (const subset of list(o['subsets'])) {
    const ports = list(subset['ports']);
    for (const address of list(subset['addresses'])) {
      if (ports.length === 0) out.push(text(address['ip']));
      for (const p of ports) out.push(`${text(address['ip'])}:${text(p['port'])}`);
    }
  }
  const shown = out.slice(0, 3).join(',');
  return orNone(out.length > 3 ? `${shown} + ${out.length - 3} more...` : shown);
}

function podStatus(o: KubeObject): { ready: string; status: string; restarts: number } {
  const status = obj(o['status']);
  const statuses = list(status['containerStatuses']);
  const total = list(obj(o['spec'])['containers']).length;
  const ready = statuses.filter((s) => s['ready'] === true).length;
  let reason = text(status['reason'] ?? status['phase'], 'Unknown');
  for (const s of statuses) {
    const waiting = obj(obj(s['state'])['waiting'])['reason'];
    const terminated = obj(obj(s['state'])['terminated'])['reason'];
    if (typeof waiting === 'string') reason = waiting;
    else if (typeof terminated === 'string') reason = terminated;
  }
  if (o.metadata.deletionTimestamp !== undefined) reason = 'Terminating';
  return {
    ready: `${ready}/${total}`,
    status: reason,
    restarts: statuses.reduce((n, s) => n + num(s['restartCount']), 0),
  };
}

const dataCount = (o: KubeObject): number =>
  Object.keys(obj(o['data'])).length + Object.keys(obj(o['binaryData'])).length;

export const builtinPrinters: Record<string, Printer> = {
  '/Namespace': {
    columns: [nameColumn, column('Status', 'string'), ageColumn],
    cells: (o, now) => [o.metadata.name, text(obj(o['status'])['phase'], ''), age(o, now)],
  },
  '/Service': {
    columns: [
      nameColumn,
      column('Type', 'string'),
      column('Cluster-IP', 'string'),
      column('External-IP', 'string'),
      column('Port(s)', 'string'),
      ageColumn,
      column('Selector', 'string', { priority: 1 }),
    ],
    cells(o, now) {
      const spec = obj(o['spec']);
      const selector = Object.entries(obj(spec['selector']))
        .map(([k, v]) => `${k}=${text(v)}`)
        .join(',');
      return [
        o.metadata.name,
        spec['type'],
        orNone(text(spec['clusterIP'], '')),
        externalIP(spec, obj(o['status'])),
        servicePorts(spec),
        age(o, now),
        orNone(selector),
      ];
    },
  },
  '/Endpoints': {
    columns: [nameColumn, column('Endpoints', 'string'), ageColumn],
    cells: (o, now) => [o.metadata.name, endpointsText(o), age(o, now)],
  },
  '/ConfigMap': {
    columns: [nameColumn, column('Data', 'integer'), ageColumn],
    cells: (o, now) => [o.metadata.name, dataCount(o), age(o, now)],
  },
  '/Secret': {
    columns: [nameColumn, column('Type', 'string'), column('Data', 'integer'), ageColumn],
    cells: (o, now) => [o.metadata.name, o['type'] ?? 'Opaque', dataCount(o), age(o, now)],
  },
  '/ServiceAccount': {
    columns: [nameColumn, column('Secrets', 'integer'), ageColumn],
    cells: (o, now) => [o.metadata.name, list(o['secrets']).length, age(o, now)],
  },
  '/Pod': {
    columns: [
      nameColumn,
      column('Ready', 'string'),
      column('Status', 'string'),
      column('Restarts', 'string'),
      ageColumn,
      column('IP', 'string', { priority: 1 }),
      column('Node', 'string', { priority: 1 }),
    ],
    cells(o, now) {
      const s = podStatus(o);
      const status = obj(o['status']);
      return [
        o.metadata.name,
        s.ready,
        s.status,
        String(s.restarts),
        age(o, now),
        orNone(text(status['podIP'], '')),
        orNone(text(obj(o['spec'])['nodeName'], '')),
      ];
    },
  },
  '/Event': {
    columns: [
      column('Last Seen', 'string'),
      column('Type', 'string'),
      column('Reason', 'string'),
      column('Object', 'string'),
      column('Message', 'string'),
      column('Name', 'string', { format: 'name', priority: 1 }),
    ],
    cells(o, now) {
      const involved = obj(o['involvedObject']);
      const last = o['lastTimestamp'] ?? o['eventTime'] ?? o.metadata.creationTimestamp;
      return [
        ageOf(last, now),
        o['type'] ?? '',
        o['reason'] ?? '',
        `${text(involved['kind'], '').toLowerCase()}/${text(involved['name'], '')}`,
        o['message'] ?? '',
        o.metadata.name,
      ];
    },
  },
  'apps/Deployment': {
    columns: [
      nameColumn,
      column('Ready', 'string'),
      column('Up-to-date', 'integer'),
      column('Available', 'integer'),
      ageColumn,
      column('Containers', 'string', { priority: 1 }),
      column('Images', 'string', { priority: 1 }),
      column('Selector', 'string', { priority: 1 }),
    ],
    cells(o, now) {
      const spec = obj(o['spec']);
      const status = obj(o['status']);
      const cs = containers(spec);
      return [
        o.metadata.name,
        `${num(status['readyReplicas'])}/${num(spec['replicas'])}`,
        num(status['updatedReplicas']),
        num(status['availableReplicas']),
        age(o, now),
        names(cs),
        images(cs),
        formatLabelSelector(spec['selector']),
      ];
    },
  },
  'apps/ReplicaSet': {
    columns: [
      nameColumn,
      column('Desired', 'integer'),
      column('Current', 'integer'),
      column('Ready', 'integer'),
      ageColumn,
    ],
    cells(o, now) {
      const status = obj(o['status']);
      return [
        o.metadata.name,
        num(obj(o['spec'])['replicas']),
        num(status['replicas']),
        num(status['readyReplicas']),
        age(o, now),
      ];
    },
  },
  'apps/StatefulSet': {
    columns: [
      nameColumn,
      column('Ready', 'string'),
      ageColumn,
      column('Containers', 'string', { priority: 1 }),
      column('Images', 'string', { priority: 1 }),
    ],
    cells(o, now) {
      const spec = obj(o['spec']);
      const cs = containers(spec);
      return [
        o.metadata.name,
        `${num(obj(o['status'])['readyReplicas'])}/${num(spec['replicas'])}`,
        age(o, now),
        names(cs),
        images(cs),
      ];
    },
  },
  'discovery.k8s.io/EndpointSlice': {
    columns: [
      nameColumn,
      column('AddressType', 'string'),
      column('Ports', 'string'),
      column('Endpoints', 'string'),
      ageColumn,
    ],
    cells(o, now) {
      const ports = list(o['ports'])
        .map((p) => text(p['port'], ''))
        .join(',');
      const addresses = list(o['endpoints']).flatMap((e) =>
        Array.isArray(e['addresses']) ? e['addresses'].map((a) => text(a)) : [],
      );
      const shown = addresses.slice(0, 3).join(',');
      return [
        o.metadata.name,
        o['addressType'] ?? '',
        orNone(ports),
        orNone(addresses.length > 3 ? `${shown} + ${addresses.length - 3} more...` : shown),
        age(o, now),
      ];
    },
  },
  'coordination.k8s.io/Lease': {
    columns: [nameColumn, column('Holder', 'string'), ageColumn],
    cells: (o, now) => [o.metadata.name, text(obj(o['spec'])['holderIdentity'], ''), age(o, now)],
  },
  'rbac.authorization.k8s.io/Role': createdAt(),
  'rbac.authorization.k8s.io/ClusterRole': createdAt(),
  'rbac.authorization.k8s.io/RoleBinding': binding(),
  'rbac.authorization.k8s.io/ClusterRoleBinding': binding(),
  'apiextensions.k8s.io/CustomResourceDefinition': createdAt(),
};

function createdAt(): Printer {
  return {
    columns: [nameColumn, column('Created At', 'date')],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
  };
}

function binding(): Printer {
  return {
    columns: [nameColumn, column('Role', 'string'), ageColumn],
    cells(o, now) {
      const ref = obj(o['roleRef']);
      return [o.metadata.name, `${text(ref['kind'], '')}/${text(ref['name'], '')}`, age(o, now)];
    },
  };
}

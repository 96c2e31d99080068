// Service defaults: type, session affinity, ports (protocol, targetPort), and an allocated cluster IP and
// node ports that survive updates which do not mention them (as a real server keeps them).
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';

export interface ServiceAllocator {
  clusterIP(): string;
  nodePort(): number;
}

function setIfAbsent(o: JsonObject, key: string, value: unknown): void {
  if (o[key] === undefined) o[key] = value;
}

/** A simple allocator over 10.96.0.0/12 and 30000–32767 that skips values already in use. */
export function createServiceAllocator(): ServiceAllocator & { reserve(service: KubeObject): void } {
  const ips = new Set<string>(['10.96.0.1']);
  const ports = new Set<number>();
  let nextIp = 10;
  let nextPort = 30000;
  return {
    clusterIP() {
      for (;;) {
        const n = nextIp++;
        const ip = `10.${96 + ((n >> 16) & 15)}.${(n >> 8) & 255}.${n & 255}`;
        if ((n & 255) !== 0 && (n & 255) !== 255 && !ips.has(ip)) {
          ips.add(ip);
          return ip;
        }
      }
    },
    nodePort() {
      for (let i = 0; i < 2768; i++) {
        const p = nextPort;
        nextPort = nextPort >= 32767 ? 30000 : nextPort + 1;
        if (!ports.has(p)) {
          ports.add(p);
          return p;
        }
      }
      return 32767;
    },
    reserve(service) {
      const spec = service['spec'];
      if (!isJsonObject(spec)) return;
      if (typeof spec['clusterIP'] === 'string') ips.add(spec['clusterIP']);
      if (Array.isArray(spec['ports'])) {
        for (const p of spec['ports'])
          if (isJsonObject(p) && typeof p['nodePort'] === 'number') ports.add(p['nodePort']);
      }
    },
  };
}

export function defaultService(svc: KubeObject, old: KubeObject | undefined, alloc: ServiceAllocator): void {
  if (!isJsonObject(svc['spec'])) svc['spec'] = {};
  const spec = svc['spec'] as JsonObject;
  const oldSpec = old !== undefined && isJsonObject(old['spec']) ? old['spec'] : {};
  setIfAbsent(spec, 'type', 'ClusterIP');
  const type = spec['type'];
  if (type !== 'ExternalName') {
    setIfAbsent(spec, 'sessionAffinity', 'None');
    if (spec['clusterIP'] === undefined || spec['clusterIP'] === '') {
      spec['clusterIP'] = typeof oldSpec['clusterIP'] === 'string' ? oldSpec['clusterIP'] : alloc.clusterIP();
    }
    setIfAbsent(spec, 'clusterIPs', [spec['clusterIP']]);
    setIfAbsent(spec, 'ipFamilies', ['IPv4']);
    setIfAbsent(spec, 'ipFamilyPolicy', 'SingleStack');
    setIfAbsent(spec, 'internalTrafficPolicy', 'Cluster');
  }
  const needsNodePort = type === 'NodePort' || type === 'LoadBalancer';
  if (needsNodePort) setIfAbsent(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'LoadBalancer') setIfAbsent(spec, 'allocateLoadBalancerNodePorts', true);
  const oldPorts = Array.isArray(oldSpec['ports']) ? oldSpec['ports'].filter(isJsonObject) : [];
  if (Array.isArray(spec['ports'])) {
    for (const p of spec['ports']) {
      if (!isJsonObject(p)) continue;
      setIfAbsent(p, 'protocol', 'TCP');
      setIfAbsent(p, 'targetPort', p['port']);
      if (needsNodePort && p['nodePort'] === undefined) {
        const same = oldPorts.find(
          (o) => o['port'] === p['port'] && (o['protocol'] ?? 'TCP') === p['protocol'],
        );
        p['nodePort'] = typeof same?.['nodePort'] === 'number' ? same['nodePort'] : alloc.nodePort();
      }
    }
  }
}

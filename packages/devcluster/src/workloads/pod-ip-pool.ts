// Pod IPs: loopback addresses from 127.0.0.2 up (Linux routes all of 127/8 to the loopback interface), each
// held by one pod until it is released. Several devclusters can run on one machine (parallel test files), so
// before handing out an address the pool checks that the pod's ports are free on it, and skips it if not.
import net from 'node:net';
import { DevClusterError } from '../errors.js';

export interface PodIpPool {
  /** The lowest free address on which every port in `ports` can be bound. */
  allocate(ports: readonly number[]): Promise<string>;
  release(ip: string): void;
  inUse(): string[];
}

const toNumber = (ip: string): number | undefined => {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return (
    (parts[0] as number) * 2 ** 24 +
    (parts[1] as number) * 2 ** 16 +
    (parts[2] as number) * 256 +
    (parts[3] as number)
  );
};

const toIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

function portFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host: ip, port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** How many taken addresses to skip before handing one out anyway (the pod then fails to bind, visibly). */
const MAX_PROBES = 64;

export function createPodIpPool(options: { first?: string; last?: string } = {}): PodIpPool {
  const first = toNumber(options.first ?? '127.0.0.2');
  const last = toNumber(options.last ?? '127.255.255.254');
  if (first === undefined || first >>> 24 !== 127)
    throw new DevClusterError(
      'INVALID_OPTIONS',
      `podIpStart: "${options.first ?? ''}" is not a 127.x.y.z address`,
    );
  if (last === undefined || last < first)
    throw new DevClusterError(
      'INVALID_OPTIONS',
      `pod IP range: "${options.last ?? ''}" is not after the first address`,
    );
  const end: number = last;
  const taken = new Set<number>();

  function nextFree(from: number): number | undefined {
    for (let n = from; n <= end; n++) if (!taken.has(n)) return n;
    return undefined;
  }

  return {
    async allocate(ports) {
      let candidate = nextFree(first);
      let fallback: number | undefined;
      for (let probes = 0; candidate !== undefined; probes++) {
        const n: number = candidate;
        taken.add(n); // reserved while probing, so concurrent allocations get other addresses
        fallback ??= n;
        const free = await Promise.all(ports.map((p) => portFree(toIp(n), p)));
        if (free.every(Boolean)) {
          if (fallback !== n) taken.delete(fallback);
          return toIp(n);
        }
        if (n !== fallback) taken.delete(n);
        if (probes >= MAX_PROBES) return toIp(fallback);
        candidate = nextFree(n + 1);
      }
      if (fallback !== undefined) return toIp(fallback);
      throw new DevClusterError('INVALID_OPTIONS', 'the pod IP range is exhausted');
    },
    release(ip) {
      const n = toNumber(ip);
      if (n !== undefined) taken.delete(n);
    },
    inUse: () => [...taken].sort((a, b) => a - b).map(toIp),
  };
}

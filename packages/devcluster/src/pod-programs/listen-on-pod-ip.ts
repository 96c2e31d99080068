// Preloaded into every Node process devcluster runs in a pod (NODE_OPTIONS=--import=<this file>). A pod has
// its own IP, and two replicas of a Deployment both listen on, say, 8080: on one machine that works only if
// each binds its own address. So a listen on an unspecified host (no host, '', 0.0.0.0 or ::) binds
// $POD_IP instead. Explicit addresses (127.0.0.1, a path, a handle) are left alone. Without POD_IP this
// does nothing.
import net from 'node:net';

const podIp = process.env['POD_IP'];

const unspecified = (host: unknown): boolean =>
  host === undefined ||
  host === null ||
  host === '' ||
  host === '0.0.0.0' ||
  host === '::' ||
  host === '[::]';

const isPortLike = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isInteger(v)) || (typeof v === 'string' && /^\d+$/.test(v));

/** The listen arguments with an unspecified host replaced by `ip`, or the same arguments. */
export function bindToPodIp(args: unknown[], ip: string): unknown[] {
  const [first, second] = args;
  if (first === undefined || typeof first === 'function')
    return [0, ip, ...args.slice(first === undefined ? 1 : 0)];
  if (isPortLike(first)) {
    if (second === undefined || typeof second === 'function' || typeof second === 'number')
      return [first, ip, ...args.slice(1)];
    if (unspecified(second)) return [first, ip, ...args.slice(2)];
    return args;
  }
  if (typeof first === 'object' && first !== null) {
    const options = first as Record<string, unknown>;
    const elsewhere = ['path', 'handle', 'fd', '_handle'].some((k) => options[k] !== undefined);
    if (elsewhere || !unspecified(options['host'])) return args;
    if (options['port'] !== undefined && !isPortLike(options['port'])) return args;
    return [{ ...options, host: ip, ipv6Only: false }, ...args.slice(1)];
  }
  return args;
}

if (podIp !== undefined && podIp !== '') {
  const listen = Reflect.get(net.Server.prototype, 'listen') as (
    this: net.Server,
    ...a: unknown[]
  ) => net.Server;
  net.Server.prototype.listen = function listenOnPodIp(this: net.Server, ...args: unknown[]) {
    return listen.apply(this, bindToPodIp(args, podIp));
  } as typeof net.Server.prototype.listen;
}

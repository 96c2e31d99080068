import { describe, expect, it } from 'vitest';
import { bindToPodIp } from './listen-on-pod-ip.js';

const cb = (): void => undefined;
const IP = '127.0.0.9';

describe('the listen shim', () => {
  it.each<[string, unknown[], unknown[]]>([
    ['binds a bare port to the pod IP', [8080], [8080, IP]],
    ['keeps the callback after the inserted host', [8080, cb], [8080, IP, cb]],
    ['keeps the backlog after the inserted host', [8080, 511, cb], [8080, IP, 511, cb]],
    ['replaces 0.0.0.0', [8080, '0.0.0.0', cb], [8080, IP, cb]],
    ['replaces ::', [8080, '::'], [8080, IP]],
    ['replaces an empty host', ['8080', ''], ['8080', IP]],
    ['keeps an explicit loopback address', [8080, '127.0.0.1'], [8080, '127.0.0.1']],
    ['gives listen() a random port on the pod IP', [], [0, IP]],
    ['gives listen(callback) a random port on the pod IP', [cb], [0, IP, cb]],
    ['leaves a unix socket path alone', ['/tmp/x.sock'], ['/tmp/x.sock']],
    [
      'sets the host of an options object',
      [{ port: 8080 }, cb],
      [{ port: 8080, host: IP, ipv6Only: false }, cb],
    ],
    [
      'replaces the wildcard host of an options object',
      [{ port: 1, host: '::' }],
      [{ port: 1, host: IP, ipv6Only: false }],
    ],
    [
      'keeps an options object with an explicit host',
      [{ port: 1, host: 'localhost' }],
      [{ port: 1, host: 'localhost' }],
    ],
    ['keeps an options object with a path', [{ path: '/tmp/s' }], [{ path: '/tmp/s' }]],
  ])('%s', (_name, args, expected) => {
    expect(bindToPodIp(args, IP)).toEqual(expected);
  });
});

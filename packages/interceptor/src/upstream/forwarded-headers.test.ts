import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress, clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.js';

const pairs = (flat: readonly string[]): [string, string][] => {
  const out: [string, string][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i] as string, flat[i + 1] as string]);
  return out;
};

describe('upstreamRequestHeaders', () => {
  const cases: { name: string; headers: IncomingHttpHeaders; ip?: string; want: [string, string][] }[] = [
    {
      name: 'keeps the Host and adds X-Forwarded-For/Host/Proto when they are missing',
      headers: { host: 'app.example.com', accept: '*/*' },
      ip: '10.0.0.9',
      want: [
        ['host', 'app.example.com'],
        ['accept', '*/*'],
        ['x-forwarded-for', '10.0.0.9'],
        ['x-forwarded-host', 'app.example.com'],
        ['x-forwarded-proto', 'http'],
      ],
    },
    {
      name: 'appends the client IP to an incoming X-Forwarded-For and keeps incoming Host and Proto',
      headers: {
        host: 'app',
        'x-forwarded-for': '1.1.1.1, 2.2.2.2',
        'x-forwarded-host': 'edge.example.com',
        'x-forwarded-proto': 'https',
      },
      ip: '10.0.0.9',
      want: [
        ['host', 'app'],
        ['x-forwarded-host', 'edge.example.com'],
        ['x-forwarded-proto', 'https'],
        ['x-forwarded-for', '1.1.1.1, 2.2.2.2, 10.0.0.9'],
      ],
    },
    {
      name: 'drops hop-by-hop headers and Expect',
      headers: {
        host: 'h',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'proxy-connection': 'x',
        'proxy-authorization': 'Basic x',
        te: 'trailers',
        trailer: 'x',
        'transfer-encoding': 'chunked',
        upgrade: 'websocket',
        expect: '100-continue',
        'content-type': 'text/plain',
      },
      ip: '10.0.0.9',
      want: [
        ['host', 'h'],
        ['content-type', 'text/plain'],
        ['x-forwarded-for', '10.0.0.9'],
        ['x-forwarded-host', 'h'],
        ['x-forwarded-proto', 'http'],
      ],
    },
    {
      name: 'drops the headers the Connection header names',
      headers: { host: 'h', connection: 'close, X-Secret', 'x-secret': 's', 'x-kept': 'k' },
      ip: '10.0.0.9',
      want: [
        ['host', 'h'],
        ['x-kept', 'k'],
        ['x-forwarded-for', '10.0.0.9'],
        ['x-forwarded-host', 'h'],
        ['x-forwarded-proto', 'http'],
      ],
    },
    {
      name: 'sends each value of a repeated header',
      headers: { host: 'h', 'set-cookie': ['a=1', 'b=2'] },
      ip: '10.0.0.9',
      want: [
        ['host', 'h'],
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
        ['x-forwarded-for', '10.0.0.9'],
        ['x-forwarded-host', 'h'],
        ['x-forwarded-proto', 'http'],
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pairs(upstreamRequestHeaders(c.headers, c.ip, 'http'))).toEqual(c.want);
    });
  }
});

describe('clientAddress', () => {
  it.each([
    ['an IPv4-mapped IPv6 address is shown as IPv4', '::ffff:10.1.2.3', '10.1.2.3'],
    ['an IPv6 address stays as it is', '2001:db8::1', '2001:db8::1'],
    ['an IPv4 address stays as it is', '127.0.0.1', '127.0.0.1'],
    ['an unknown address stays unknown', undefined, undefined],
  ])('%s', (_name, input, want) => {
    expect(clientAddress(input)).toBe(want);
  });
});

describe('clientResponseHeaders', () => {
  const raw = (...flat: string[]): Buffer[] => flat.map((s) => Buffer.from(s, 'latin1'));
  const cases: { name: string; raw: Buffer[]; coldStart?: string; want: [string, string][] }[] = [
    {
      name: 'lower-cases names, keeps values byte for byte and adds the cold-start header',
      raw: raw('Content-Type', 'text/html', 'X-Name', 'caf\u00e9'),
      coldStart: 'true',
      want: [
        ['content-type', 'text/html'],
        ['x-name', 'caf\u00e9'],
        ['x-keda-http-cold-start', 'true'],
      ],
    },
    {
      name: 'drops hop-by-hop headers, and the ones Connection names',
      raw: raw(
        'Connection',
        'keep-alive, X-Hop',
        'Keep-Alive',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'X-Hop',
        '1',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
      ),
      want: [
        ['set-cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
    },
    {
      name: "replaces a backend's own cold-start header",
      raw: raw('X-KEDA-HTTP-Cold-Start', 'true'),
      coldStart: 'false',
      want: [['x-keda-http-cold-start', 'false']],
    },
    {
      name: 'adds no cold-start header when it is turned off',
      raw: raw('Content-Length', '2'),
      want: [['content-length', '2']],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(pairs(clientResponseHeaders(c.raw, c.coldStart))).toEqual(c.want);
    });
  }
});

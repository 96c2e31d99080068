import { describe, expect, it } from 'vitest';
import { RoutingError, RoutingErrorCode } from './errors.js';
import { match } from './match.js';
import { buildTable } from './table.js';
import { testRoute } from './testing.js';
import {
  decodeRoutingTable,
  encodeRoutingTable,
  routingTableQuerySchema,
  routingTableUrl,
  toWire,
} from './wire-format.js';

const table = buildTable([
  testRoute({ name: 'web', rules: [{ hosts: ['web.com'], headers: [{ name: 'x-a', value: '1' }] }] }),
  testRoute({ name: 'api', namespace: 'prod', kind: 'InterceptorRoute' }),
]);

describe('encodeRoutingTable and decodeRoutingTable', () => {
  it('round-trip a table with its version and routes', () => {
    const decoded = decodeRoutingTable(encodeRoutingTable(table));
    expect(decoded.version).toBe(table.version);
    expect(decoded.routes).toEqual(table.routes);
    expect(match(decoded, { host: 'web.com', path: '/', headers: { 'x-a': '1' } })?.route.key).toBe(
      'default/web',
    );
  });

  it('accept an already parsed value', () => {
    expect(decodeRoutingTable(toWire(table)).version).toBe(table.version);
  });

  it('keep the version the operator sent, even if it is not a content hash', () => {
    expect(decodeRoutingTable({ version: 'seven', routes: [] }).version).toBe('seven');
  });

  it.each([
    ['text that is not JSON', '{"version":', 'routing table: not JSON'],
    [
      'a table without a version',
      { routes: [] },
      'routing table.version: Invalid input: expected string, received undefined',
    ],
    [
      'a route with a bad port',
      { version: 'v', routes: [{ ...testRoute({ name: 'x' }), target: { service: 's', port: 0 } }] },
      'routing table.routes[0].target.port: Too small: expected number to be >=1',
    ],
    [
      'a route whose key is not namespace/name',
      { version: 'v', routes: [{ ...testRoute({ name: 'x' }), key: 'other' }] },
      'routing table.routes[0].key: key must be namespace/name',
    ],
    ['null', null, 'routing table: Invalid input: expected object, received null'],
  ])('reject %s with a message naming the field', (_name, input, message) => {
    expect(() => decodeRoutingTable(input)).toThrow(new RoutingError(RoutingErrorCode.TableInvalid, message));
  });
});

describe('routingTableQuerySchema', () => {
  it.each([
    [{}, { timeoutSeconds: 30 }],
    [{ watch: 'abc' }, { watch: 'abc', timeoutSeconds: 30 }],
    [
      { watch: 'abc', timeoutSeconds: '5' },
      { watch: 'abc', timeoutSeconds: 5 },
    ],
  ])('reads %j', (query, expected) => {
    expect(routingTableQuerySchema.parse(query)).toEqual(expected);
  });

  it.each([{ timeoutSeconds: '-1' }, { timeoutSeconds: '301' }, { timeoutSeconds: 'soon' }, { watch: '' }])(
    'rejects %j',
    (query) => {
      expect(routingTableQuerySchema.safeParse(query).success).toBe(false);
    },
  );
});

describe('routingTableUrl', () => {
  it.each([
    ['http://10.0.0.5:9090', {}, 'http://10.0.0.5:9090/routing_table'],
    ['http://10.0.0.5:9090/', {}, 'http://10.0.0.5:9090/routing_table'],
    [
      'http://op/admin',
      { watch: 'v1', timeoutSeconds: 30 },
      'http://op/admin/routing_table?watch=v1&timeoutSeconds=30',
    ],
  ])('puts the table of %s at the right place', (base, query, url) => {
    expect(routingTableUrl(base, query)).toBe(url);
  });
});

import { describe, expect, it } from 'vitest';
import { buildTable, decodeRoutingTable, tableVersion } from '@keda-http/routing';
import { testRoute } from '@keda-http/routing/testing';
import { tableSnapshot, withJson } from './table-snapshot.js';

const routes = [
  testRoute({ name: 'b', rules: [{ hosts: ['b.example.com'], paths: ['/api'] }] }),
  testRoute({ name: 'a', namespace: 'other', scaling: { concurrency: { targetValue: 5 } } }),
  testRoute({ name: 'c', timeouts: { readinessMs: 1000 }, target: { service: 'c', portName: 'http' } }),
];

describe('tableSnapshot', () => {
  it("has exactly the routing package's version for the same routes, in any order", () => {
    const snapshot = tableSnapshot([...routes].reverse().map(withJson));
    expect(snapshot.version).toBe(tableVersion(routes));
    expect(snapshot.version).toBe(buildTable(routes).version);
    expect(snapshot.etag).toBe(`"${snapshot.version}"`);
  });

  it('serves a body that decodes to the same routes and version', () => {
    const snapshot = tableSnapshot(routes.map(withJson));
    const decoded = decodeRoutingTable(snapshot.body);
    expect(decoded.version).toBe(snapshot.version);
    expect(decoded.routes).toEqual(buildTable(routes).routes);
    expect(snapshot.routes.map((r) => r.key)).toEqual(['default/b', 'default/c', 'other/a']);
  });

  it('keeps the InterceptorRoute when both kinds share a key, whatever the order', () => {
    const hso = testRoute({ name: 'same', kind: 'HTTPScaledObject' });
    const ir = testRoute({ name: 'same', kind: 'InterceptorRoute' });
    for (const order of [
      [hso, ir],
      [ir, hso],
    ]) {
      const snapshot = tableSnapshot(order.map(withJson));
      expect(snapshot.routes.map((r) => r.kind)).toEqual(['InterceptorRoute']);
      expect(snapshot.version).toBe(buildTable(order).version);
    }
  });

  it('gives an empty table the version of no routes', () => {
    expect(tableSnapshot([]).version).toBe(tableVersion([]));
    expect(decodeRoutingTable(tableSnapshot([]).body).routes).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';

const obj = {
  metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'web' } },
  spec: { replicas: { min: 0, max: 10 }, hosts: ['a.com', 'b.com'] },
  status: {
    conditions: [
      { type: 'Active', status: 'False' },
      { type: 'Ready', status: 'True', count: 3 },
    ],
  },
};

describe('printer-column JSONPath subset', () => {
  it.each([
    ['.spec.replicas.min', [0]],
    ['.spec.replicas.max', [10]],
    ['.spec.hosts[0]', ['a.com']],
    ['.spec.hosts[-1]', ['b.com']],
    ['.spec.hosts[*]', ['a.com', 'b.com']],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type!='Ready')].status", ['False']],
    ['.status.conditions[?(@.count==3)].type', ['Ready']],
    [".metadata.labels['app.kubernetes.io/name']", ['web']],
    ['{.metadata.name}', ['x']],
    ['.spec.missing', []],
    ['.spec.hosts.nope', []],
  ])('evaluates %s', (path, expected) => {
    const steps = parseJsonPath(path);
    expect(steps).toBeDefined();
    expect(evaluateJsonPath(steps ?? [], obj)).toEqual(expected);
  });

  it.each(['spec.replicas', '.spec[', '.spec[?(@.a > 1)]', '.a..b'])(
    'refuses syntax outside the subset: %s',
    (path) => {
      expect(parseJsonPath(path)).toBeUndefined();
    },
  );
});

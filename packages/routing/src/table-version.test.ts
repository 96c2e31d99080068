import { describe, expect, it } from 'vitest';
import { canonicalJson, tableVersion } from './table-version.js';
import { testRoute } from './testing.js';

describe('tableVersion', () => {
  const a = testRoute({ name: 'a', rules: [{ hosts: ['a.com'] }] });
  const b = testRoute({ name: 'b', rules: [{ hosts: ['b.com'] }] });

  it('is 16 hex digits', () => {
    expect(tableVersion([a, b])).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not depend on the order of the routes', () => {
    expect(tableVersion([a, b])).toBe(tableVersion([b, a]));
  });

  it('does not depend on the order of keys inside a route', () => {
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(tableVersion([reordered])).toBe(tableVersion([a]));
  });

  it('changes when any field changes', () => {
    const moved = testRoute({ name: 'a', rules: [{ hosts: ['a.com'], paths: ['/x'] }] });
    expect(tableVersion([moved])).not.toBe(tableVersion([a]));
  });

  it('is a fixed value for a fixed table, so restarts serve the same version', () => {
    expect(tableVersion([])).toBe('4f53cda18c2baa0c');
  });
});

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: 'x', c: null }] }, '{"a":[2,{"c":null,"d":"x"}],"b":1}'],
    [{ a: undefined, b: 1 }, '{"b":1}'],
    [[undefined], '[null]'],
    ['text', '"text"'],
    [undefined, 'null'],
  ])('writes %j as %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });
});

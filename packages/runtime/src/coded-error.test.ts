import { describe, expect, it } from 'vitest';
import { CodedError, defineError, hasCode } from './coded-error.js';

const RouteMissing = defineError<{ route: string }>(
  'EXAMPLE_ROUTE_MISSING',
  ({ route }) => `no route ${route}`,
  'RouteMissingError',
);
const Closed = defineError('EXAMPLE_CLOSED', () => 'already closed');

describe('defineError', () => {
  it('makes errors with a stable code, a rendered message, the detail and a name', () => {
    const err = new RouteMissing({ route: 'ns/app' });
    expect(err).toBeInstanceOf(CodedError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toBe('EXAMPLE_ROUTE_MISSING');
    expect(RouteMissing.code).toBe('EXAMPLE_ROUTE_MISSING');
    expect(err.message).toBe('no route ns/app');
    expect(err.detail).toEqual({ route: 'ns/app' });
    expect(err.name).toBe('RouteMissingError');
    expect(String(err.stack)).toMatch(/^RouteMissingError: no route ns\/app/);
  });

  it('keeps the wrapped error as cause', () => {
    const root = new Error('socket hang up');
    expect(new RouteMissing({ route: 'a/b' }, { cause: root }).cause).toBe(root);
  });

  it('lets an error without detail be constructed with no arguments', () => {
    expect(new Closed().message).toBe('already closed');
  });

  it('recognises its own errors by code, and nothing else', () => {
    expect(RouteMissing.is(new RouteMissing({ route: 'a/b' }))).toBe(true);
    expect(RouteMissing.is(new Closed())).toBe(false);
    expect(RouteMissing.is(new Error('x'))).toBe(false);
    expect(RouteMissing.is(undefined)).toBe(false);
    expect(RouteMissing.is({ code: 'EXAMPLE_ROUTE_MISSING' })).toBe(true); // another copy of the module
  });

  it('serialises to name, code and message only', () => {
    const err = new RouteMissing({ route: 'a/b' }, { cause: new Error('secret internals') });
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      name: 'RouteMissingError',
      code: 'EXAMPLE_ROUTE_MISSING',
      message: 'no route a/b',
    });
  });

  it('rejects a code that is not UPPER_SNAKE_CASE', () => {
    expect(() => defineError('notACode', () => '')).toThrow(TypeError);
  });
});

describe('hasCode', () => {
  it.each([
    ['a Node system error', Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), true],
    ['another code', Object.assign(new Error('x'), { code: 'ECONNRESET' }), false],
    ['a string', 'ECONNREFUSED', false],
    ['null', null, false],
  ])('answers for %s', (_name, err, expected) => {
    expect(hasCode(err, 'ECONNREFUSED')).toBe(expected);
  });
});

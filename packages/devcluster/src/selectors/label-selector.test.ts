import { describe, expect, it } from 'vitest';
import { SelectorParseError, labelSelectorFromObject, parseLabelSelector } from './index.js';

const web = { app: 'web', tier: 'frontend', version: '3' };

describe('parseLabelSelector', () => {
  it.each([
    ['an empty selector matches everything', '', web, true],
    ['an empty selector matches an object without labels', '', {}, true],
    ['"=" matches an equal label', 'app=web', web, true],
    ['"==" matches an equal label', 'app==web', web, true],
    ['"=" does not match a different value', 'app=db', web, false],
    ['"=" does not match a missing label', 'zone=a', web, false],
    ['"!=" matches a different value', 'app!=db', web, true],
    ['"!=" matches a missing label', 'zone!=a', web, true],
    ['"!=" does not match an equal value', 'app!=web', web, false],
    ['"in" matches a value in the set', 'tier in (backend, frontend)', web, true],
    ['"in" does not match a value outside the set', 'tier in (backend)', web, false],
    ['"in" does not match a missing label', 'zone in (a)', web, false],
    ['"notin" matches a value outside the set', 'tier notin (backend)', web, true],
    ['"notin" matches a missing label', 'zone notin (a)', web, true],
    ['"notin" does not match a value in the set', 'tier notin (frontend)', web, false],
    ['a bare key requires the label to exist', 'app', web, true],
    ['a bare key fails when the label is missing', 'zone', web, false],
    ['"!key" requires the label to be absent', '!zone', web, true],
    ['"!key" fails when the label is present', '!app', web, false],
    ['commas combine requirements with AND', 'app=web,tier=frontend', web, true],
    ['one failing requirement fails the whole selector', 'app=web,tier=backend', web, false],
    ['whitespace around tokens is ignored', '  app = web ,  tier  in(frontend)  ', web, true],
    ['">" compares integers', 'version>2', web, true],
    ['"<" compares integers', 'version<3', web, false],
    ['"=" with no value matches an empty label', 'empty=', { empty: '' }, true],
    [
      'a prefixed key is allowed',
      'kubernetes.io/service-name=xkcd',
      { 'kubernetes.io/service-name': 'xkcd' },
      true,
    ],
  ])('%s', (_name, text, labels, expected) => {
    expect(parseLabelSelector(text).matches(labels)).toBe(expected);
  });

  it.each([
    ['requirements print sorted by key, values sorted', 'tier in (b,a),app=web', 'app=web,tier in (a,b)'],
    ['operators keep their spelling', 'a==1,b!=2,!c,d', 'a==1,b!=2,!c,d'],
    ['notin prints with spaces', 'x notin ( z , y )', 'x notin (y,z)'],
  ])('%s', (_name, text, printed) => {
    expect(parseLabelSelector(text).toString()).toBe(printed);
  });

  it.each([
    ['a missing operator value list', 'tier in', 'tier in', '<end of input>'],
    ['an unknown operator word', 'tier within (a)', 'within', 'within'],
    ['a dangling comma', 'app=web,', '<end of input>', '<end of input>'],
    ['an invalid key', 'bad key=1', 'key', 'key'],
    ['an invalid label value', 'app=-web', 'app', 'app'],
    ['an empty "in" set', 'app in ()', 'app', 'app'],
    ['a non-integer ">" bound', 'version>abc', 'version', 'version'],
    ['a value list without a closing parenthesis', 'app in (a b)', 'b', 'b'],
    ['a lone "!"', '!', '<end of input>', '<end of input>'],
  ])('rejects %s and names the fragment', (_name, text, _x, fragment) => {
    let error: unknown;
    try {
      parseLabelSelector(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorParseError);
    expect((error as SelectorParseError).fragment).toBe(fragment);
    expect((error as SelectorParseError).message).toContain(text);
  });
});

describe('labelSelectorFromObject', () => {
  it.each([
    ['a null selector matches nothing', null, web, false],
    ['an absent selector matches nothing', undefined, web, false],
    ['an empty selector matches everything', {}, web, true],
    ['matchLabels requires equal labels', { matchLabels: { app: 'web' } }, web, true],
    ['matchLabels fails on a different value', { matchLabels: { app: 'db' } }, web, false],
    [
      'In requires a value in the set',
      { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend'] }] },
      web,
      true,
    ],
    [
      'NotIn requires a value outside the set',
      { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['frontend'] }] },
      web,
      false,
    ],
    ['Exists requires the label', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, web, false],
    [
      'DoesNotExist requires the label to be absent',
      { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] },
      web,
      true,
    ],
    [
      'matchLabels and matchExpressions combine with AND',
      {
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }],
      },
      web,
      false,
    ],
  ])('%s', (_name, selector, labels, expected) => {
    expect(labelSelectorFromObject(selector).matches(labels)).toBe(expected);
  });

  it('prints the way a Scale status.selector is written', () => {
    expect(labelSelectorFromObject({ matchLabels: { app: 'xkcd', tier: 'web' } }).toString()).toBe(
      'app=xkcd,tier=web',
    );
  });

  it.each([
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['x'] }] },
      'Equals',
    ],
    ['values on Exists', { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }, 'a'],
    ['an empty In set', { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, 'a'],
    ['an invalid key', { matchLabels: { 'a b': 'x' } }, 'a b'],
  ])('rejects %s', (_name, selector, fragment) => {
    expect(() => labelSelectorFromObject(selector)).toThrow(SelectorParseError);
    try {
      labelSelectorFromObject(selector);
    } catch (e) {
      expect((e as SelectorParseError).fragment).toBe(fragment);
    }
  });
});

describe('label selectors on random input', () => {
  it('either parse or throw SelectorParseError, and matching never throws', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = [
      'a',
      'b',
      '=',
      '!',
      ',',
      '(',
      ')',
      ' ',
      'in',
      'notin',
      '<',
      '>',
      '/',
      '.',
      '-',
      '1',
      '\\',
    ];
    for (let i = 0; i < 3000; i += 1) {
      const text = Array.from(
        { length: Math.floor(random() * 12) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      try {
        const matcher = parseLabelSelector(text);
        matcher.matches({ a: 'b', b: '1' });
        matcher.matches(undefined);
        expect(parseLabelSelector(matcher.toString()).toString()).toBe(matcher.toString());
      } catch (e) {
        expect(e, text).toBeInstanceOf(SelectorParseError);
      }
    }
  });
});

describe('label selector objects on random input', () => {
  it.each([
    ['a string', 'app=web'],
    ['a list', []],
    ['matchLabels as a list', { matchLabels: ['a'] }],
    ['matchExpressions as an object', { matchExpressions: { key: 'a' } }],
    ['a null expression', { matchExpressions: [null] }],
    ['values as a string', { matchExpressions: [{ key: 'a', operator: 'In', values: 'x' }] }],
    ['an operator inherited from Object', { matchExpressions: [{ key: 'a', operator: 'toString' }] }],
  ])('rejects %s with SelectorParseError', (_name, selector) => {
    expect(() => labelSelectorFromObject(selector as never)).toThrow(SelectorParseError);
  });
});

import { describe, expect, it } from 'vitest';
import { hasPathPrefix, normalizePath, prefixCuts, prefixDepth } from './path.js';

describe('normalizePath', () => {
  it.each([
    ['/', ''],
    ['', ''],
    ['/api', 'api'],
    ['/api/', 'api'],
    ['//api//', 'api'],
    ['/api/v1?x=1', 'api/v1'],
    ['/api?x=/y', 'api'],
    ['/api#top', 'api'],
    ['/?q', ''],
    ['api', 'api'],
    ['/a//b', 'a//b'],
  ])('reads %j as %j', (raw, normal) => {
    expect(normalizePath(raw)).toBe(normal);
  });
});

describe('hasPathPrefix', () => {
  it.each([
    ['api', 'api', true],
    ['api/x', 'api', true],
    ['apix', 'api', false],
    ['ap', 'api', false],
    ['anything', '', true],
    ['', '', true],
    ['', 'api', false],
  ])('%j starts with %j: %s', (path, prefix, expected) => {
    expect(hasPathPrefix(path, prefix)).toBe(expected);
  });
});

describe('prefixDepth and prefixCuts', () => {
  it.each([
    ['', 0],
    ['api', 1],
    ['api/v1', 2],
    ['a//b', 3],
  ])('%j has %d segments', (prefix, depth) => {
    expect(prefixDepth(prefix)).toBe(depth);
  });

  it.each([
    ['a/b/c', 10, [0, 1, 3, 5]],
    ['a/b/c', 2, [0, 1, 3]],
    ['a/b/c', 0, [0]],
    ['', 5, [0]],
    ['abc', 5, [0, 3]],
  ])('cuts %j up to depth %d at %j', (path, maxDepth, cuts) => {
    expect(prefixCuts(path, maxDepth)).toEqual(cuts);
  });
});

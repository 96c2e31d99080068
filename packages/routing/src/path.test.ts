import { describe, expect, it } from 'vitest';
import { depthBetween, hasPathPrefix, normalizePath, pathEnd, pathStart, prefixDepth } from './path.js';

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

describe('prefixDepth and depthBetween', () => {
  it.each([
    ['', 0],
    ['api', 1],
    ['api/v1', 2],
    ['a//b', 3],
  ])('%j has %d segments', (prefix, depth) => {
    expect(prefixDepth(prefix)).toBe(depth);
  });

  it.each([
    ['/a/b/c?x=/y/z', 3],
    ['/a/b/c/', 3],
    ['/', 0],
    ['', 0],
    ['//a//b', 3],
  ])('counts the segments of %j in place as %d', (raw, depth) => {
    const end = pathEnd(raw);
    expect(depthBetween(raw, pathStart(raw, end), end)).toBe(depth);
  });
});

import { describe, expect, it } from 'vitest';
import { hostPattern, normalizeHost, wildcardSuffixes } from './host.js';

describe('normalizeHost', () => {
  it.each([
    ['example.com', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['Example.COM:80', 'example.com'],
    ['[::1]:80', '::1'],
    ['[::1]', '::1'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['::1', '::1'],
    ['[::1', '::1'],
    ['example.com:', 'example.com'],
    ['127.0.0.1:9090', '127.0.0.1'],
    ['', ''],
  ])('reads %j as %j', (raw, normal) => {
    expect(normalizeHost(raw)).toBe(normal);
  });
});

describe('hostPattern', () => {
  it.each([
    ['*', { type: 'catch-all' }],
    ['', { type: 'catch-all' }],
    ['*.Example.com', { type: 'wildcard', suffix: 'example.com' }],
    ['API.example.com', { type: 'exact', host: 'api.example.com' }],
  ])('classifies %j', (pattern, expected) => {
    expect(hostPattern(pattern)).toEqual(expected);
  });
});

describe('wildcardSuffixes', () => {
  it('lists the suffixes from most to least specific', () => {
    expect([...wildcardSuffixes('a.b.c.com')]).toEqual(['b.c.com', 'c.com', 'com']);
  });

  it('has none for a single label', () => {
    expect([...wildcardSuffixes('localhost')]).toEqual([]);
  });
});

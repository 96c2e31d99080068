import { describe, expect, it } from 'vitest';
import { SelectorParseError, parseFieldSelector } from './index.js';

const pod = {
  metadata: { name: 'web-1', namespace: 'prod' },
  spec: { nodeName: 'node-a', unschedulable: false },
  status: { phase: 'Running' },
};
const event = { metadata: { name: 'e1' }, involvedObject: { name: 'web-1', kind: 'Pod' }, type: 'Warning' };
const secret = { metadata: { name: 's' }, type: 'kubernetes.io/tls' };

describe('parseFieldSelector', () => {
  it.each([
    ['an empty selector matches everything', '', pod, true],
    ['metadata.name=x matches the name', 'metadata.name=web-1', pod, true],
    ['metadata.name=x fails on another name', 'metadata.name=web-2', pod, false],
    ['"==" is the same as "="', 'metadata.name==web-1', pod, true],
    ['"!=" matches a different value', 'metadata.namespace!=kube-system', pod, true],
    ['"!=" fails on an equal value', 'metadata.namespace!=prod', pod, false],
    ['spec.nodeName reads a nested field', 'spec.nodeName=node-a', pod, true],
    ['status.phase reads the status', 'status.phase=Running', pod, true],
    ['booleans compare as their text', 'spec.unschedulable=false', pod, true],
    ['involvedObject.name reads an event', 'involvedObject.name=web-1,involvedObject.kind=Pod', event, true],
    ['type reads a top-level field of an Event', 'type=Warning', event, true],
    ['type reads a Secret type', 'type=kubernetes.io/tls', secret, true],
    ['a missing field reads as empty', 'spec.missing=', pod, true],
    ['a missing field does not equal a value', 'spec.missing=x', pod, false],
    ['an escaped comma is part of the value', 'metadata.name=a\\,b', { metadata: { name: 'a,b' } }, true],
    [
      'an escaped equals sign is part of the value',
      'metadata.name=a\\=b',
      { metadata: { name: 'a=b' } },
      true,
    ],
    ['terms combine with AND', 'metadata.name=web-1,status.phase=Pending', pod, false],
    ['a non-object never matches a value', 'metadata.name=x', 'text', false],
  ])('%s', (_name, text, object, expected) => {
    expect(parseFieldSelector(text).matches(object)).toBe(expected);
  });

  it('prints terms sorted, "==" as "=", values escaped', () => {
    expect(parseFieldSelector('status.phase==Running,metadata.name=a\\,b').toString()).toBe(
      'metadata.name=a\\,b,status.phase=Running',
    );
  });

  it.each([
    ['a term without an operator', 'metadata.name', 'metadata.name'],
    ['an empty field name', '=x', '=x'],
    ['an invalid escape sequence', 'metadata.name=a\\b', 'metadata.name=a\\b'],
    ['an unescaped "=" in the value', 'metadata.name=a=b', 'metadata.name=a=b'],
  ])('rejects %s and names the term', (_name, text, fragment) => {
    let error: unknown;
    try {
      parseFieldSelector(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SelectorParseError);
    expect((error as SelectorParseError).fragment).toBe(fragment);
  });
});

describe('field selectors on random input', () => {
  it('either parse or throw SelectorParseError, and matching never throws', () => {
    let seed = 777;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = ['metadata', '.', 'name', '=', '!', ',', '\\', 'x', ' ', '=='];
    const objects: unknown[] = [pod, null, 42, [], { metadata: null }, { metadata: { name: ['x'] } }];
    for (let i = 0; i < 3000; i += 1) {
      const text = Array.from(
        { length: Math.floor(random() * 10) },
        () => alphabet[Math.floor(random() * alphabet.length)],
      ).join('');
      try {
        const matcher = parseFieldSelector(text);
        for (const o of objects) matcher.matches(o);
        expect(parseFieldSelector(matcher.toString()).toString()).toBe(matcher.toString());
      } catch (e) {
        expect(e, text).toBeInstanceOf(SelectorParseError);
      }
    }
  });
});

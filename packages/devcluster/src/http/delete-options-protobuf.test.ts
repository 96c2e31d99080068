import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { ApiStatusError } from '../errors.js';
import { decodeDeleteOptions } from './delete-options-protobuf.js';

/** Builds the envelope client-go sends: "k8s\0" + runtime.Unknown{typeMeta, raw}. */
function envelope(kind: string, raw: Uint8Array): Buffer {
  const typeMeta = protobuf.Writer.create().uint32(10).string('v1').uint32(18).string(kind).finish();
  const unknown = protobuf.Writer.create().uint32(10).bytes(typeMeta).uint32(18).bytes(raw).finish();
  return Buffer.concat([Buffer.from('k8s\0', 'binary'), Buffer.from(unknown)]);
}

function status(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiStatusError) return err.httpCode;
    throw err;
  }
  return 0;
}

describe('protobuf DeleteOptions', () => {
  it('decodes every field into the JSON form', () => {
    const preconditions = protobuf.Writer.create()
      .uint32(10)
      .string('uid-1')
      .uint32(18)
      .string('42')
      .finish();
    const raw = protobuf.Writer.create()
      .uint32(8)
      .int64(30)
      .uint32(18)
      .bytes(preconditions)
      .uint32(24)
      .bool(false)
      .uint32(34)
      .string('Foreground')
      .uint32(42)
      .string('All')
      .finish();
    expect(decodeDeleteOptions(envelope('DeleteOptions', raw))).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 30,
      preconditions: { uid: 'uid-1', resourceVersion: '42' },
      orphanDependents: false,
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
  });

  it.each([
    ['a body without the magic', Buffer.from('{"kind":"DeleteOptions"}'), 400],
    ['a truncated envelope', Buffer.from([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f]), 400],
    ['another kind', envelope('Secret', new Uint8Array()), 415],
  ])('refuses %s with %i', (_name, body, code) => {
    expect(status(() => decodeDeleteOptions(body))).toBe(code);
  });
});

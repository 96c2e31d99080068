import { describe, expect, it } from 'vitest';
import {
  ProtobufDecodeError,
  UnsupportedProtobufKindError,
  decodeKubernetesProtobuf,
  k8sProtoRoot,
} from './index.js';

function encode(type: string, value: Record<string, unknown>): Uint8Array {
  const t = k8sProtoRoot().lookupType(`devcluster.k8s.${type}`);
  return t.encode(t.fromObject(value)).finish();
}

function envelope(
  apiVersion: string,
  kind: string,
  raw: Uint8Array,
  extra: Record<string, unknown> = {},
): Uint8Array {
  const unknown = encode('Unknown', { typeMeta: { apiVersion, kind }, raw, ...extra });
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}

const T2024 = { seconds: 1714557600 }; // 2024-05-01T10:00:00Z

describe('decodeKubernetesProtobuf', () => {
  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'a Namespace has spec and status objects and a null zero creationTimestamp',
      'Namespace',
      { metadata: { name: 'keda', creationTimestamp: {} } },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'keda', creationTimestamp: null },
        spec: {},
        status: {},
      },
    ],
    [
      'ObjectMeta fields come out in their JSON form',
      'Namespace',
      {
        metadata: {
          name: 'keda',
          uid: 'u-1',
          resourceVersion: '7',
          generation: 3,
          creationTimestamp: T2024,
          deletionTimestamp: T2024,
          deletionGracePeriodSeconds: 0,
          labels: { team: 'a' },
          annotations: { note: 'x' },
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-0', controller: true },
          ],
          finalizers: ['kubernetes'],
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Update',
              apiVersion: 'v1',
              time: T2024,
              fieldsType: 'FieldsV1',
              fieldsV1: { Raw: Buffer.from('{"f:metadata":{}}') },
            },
          ],
        },
        spec: { finalizers: ['kubernetes'] },
        status: {
          phase: 'Active',
          conditions: [
            {
              type: 'NamespaceDeletionContentFailure',
              status: 'False',
              lastTransitionTime: T2024,
              reason: 'OK',
            },
          ],
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: {
          name: 'keda',
          uid: 'u-1',
          resourceVersion: '7',
          generation: 3,
          creationTimestamp: '2024-05-01T10:00:00Z',
          deletionTimestamp: '2024-05-01T10:00:00Z',
          deletionGracePeriodSeconds: 0,
          labels: { team: 'a' },
          annotations: { note: 'x' },
          ownerReferences: [
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-0', controller: true },
          ],
          finalizers: ['kubernetes'],
          managedFields: [
            {
              manager: 'kubectl',
              operation: 'Update',
              apiVersion: 'v1',
              time: '2024-05-01T10:00:00Z',
              fieldsType: 'FieldsV1',
              fieldsV1: { 'f:metadata': {} },
            },
          ],
        },
        spec: { finalizers: ['kubernetes'] },
        status: {
          phase: 'Active',
          conditions: [
            {
              type: 'NamespaceDeletionContentFailure',
              status: 'False',
              lastTransitionTime: '2024-05-01T10:00:00Z',
              reason: 'OK',
            },
          ],
        },
      },
    ],
    [
      'a ConfigMap keeps data, base64s binaryData and keeps immutable: false',
      'ConfigMap',
      {
        metadata: { name: 'cm', namespace: 'default' },
        data: { a: '1' },
        binaryData: { b: Buffer.from([0xff, 0]) },
        immutable: false,
      },
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'cm', namespace: 'default', creationTimestamp: null },
        data: { a: '1' },
        binaryData: { b: '/wA=' },
        immutable: false,
      },
    ],
    [
      'a Secret base64s data and keeps stringData and type',
      'Secret',
      {
        metadata: { name: 's' },
        data: { user: Buffer.from('admin') },
        stringData: { extra: 'x' },
        type: 'Opaque',
        immutable: true,
      },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 's', creationTimestamp: null },
        data: { user: 'YWRtaW4=' },
        stringData: { extra: 'x' },
        type: 'Opaque',
        immutable: true,
      },
    ],
    [
      'a ServiceAccount keeps its references and automount flag',
      'ServiceAccount',
      {
        metadata: { name: 'sa' },
        secrets: [{ name: 'tok', kind: 'Secret' }],
        imagePullSecrets: [{ name: 'reg' }],
        automountServiceAccountToken: false,
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: 'sa', creationTimestamp: null },
        secrets: [{ kind: 'Secret', name: 'tok' }],
        imagePullSecrets: [{ name: 'reg' }],
        automountServiceAccountToken: false,
      },
    ],
    [
      'empty strings and empty maps are left out as omitempty does',
      'ConfigMap',
      { metadata: { name: 'cm', generateName: '', namespace: '', labels: {} }, data: {} },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', creationTimestamp: null } },
    ],
  ])('%s', (_name, kind, message, expected) => {
    const decoded = decodeKubernetesProtobuf(envelope('v1', kind, encode(kind, message)));
    expect(decoded.apiVersion).toBe('v1');
    expect(decoded.kind).toBe(kind);
    expect(decoded.object).toEqual(expected);
  });

  it.each<[string, Uint8Array]>([
    ['an empty body', new Uint8Array()],
    ['JSON', new TextEncoder().encode('{"kind":"Namespace"}')],
    ['the magic alone, with an Unknown that names no kind', new Uint8Array([0x6b, 0x38, 0x73, 0x00])],
    ['a truncated envelope', new Uint8Array([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x20, 0x01])],
    ['a gzip content encoding', envelope('v1', 'Namespace', new Uint8Array(), { contentEncoding: 'gzip' })],
    ['a JSON raw object', envelope('v1', 'Namespace', new Uint8Array(), { contentType: 'application/json' })],
    ['a truncated raw object', envelope('v1', 'Namespace', new Uint8Array([0x0a, 0x10, 0x0a]))],
  ])('refuses %s', (name, body) => {
    let error: unknown;
    try {
      decodeKubernetesProtobuf(body);
    } catch (e) {
      error = e;
    }
    if (name.startsWith('the magic alone')) expect(error).toBeInstanceOf(UnsupportedProtobufKindError);
    else expect(error).toBeInstanceOf(ProtobufDecodeError);
  });

  it.each<[string, string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'DeleteOptions keeps the pointer fields that are set, even when zero',
      'v1',
      {
        gracePeriodSeconds: 0,
        propagationPolicy: 'Background',
        preconditions: { uid: 'u-1' },
        dryRun: ['All'],
      },
      {
        apiVersion: 'v1',
        kind: 'DeleteOptions',
        gracePeriodSeconds: 0,
        propagationPolicy: 'Background',
        preconditions: { uid: 'u-1' },
        dryRun: ['All'],
      },
    ],
    [
      'DeleteOptions of another group version decode too',
      'meta.k8s.io/v1',
      { orphanDependents: false },
      { apiVersion: 'meta.k8s.io/v1', kind: 'DeleteOptions', orphanDependents: false },
    ],
  ])('%s', (_name, apiVersion, message, expected) => {
    expect(
      decodeKubernetesProtobuf(envelope(apiVersion, 'DeleteOptions', encode('DeleteOptions', message)))
        .object,
    ).toEqual(expected);
  });

  it('names the kind it does not decode', () => {
    expect(() => decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', new Uint8Array()))).toThrow(
      expect.objectContaining({
        name: 'UnsupportedProtobufKindError',
        kind: 'Deployment',
        apiVersion: 'apps/v1',
      }),
    );
  });

  it('never throws anything but its own errors on random bytes after the magic', () => {
    let seed = 4242;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const valid = envelope(
      'v1',
      'Secret',
      encode('Secret', { metadata: { name: 's' }, data: { a: Buffer.from('b') } }),
    );
    for (let i = 0; i < 5000; i += 1) {
      const body = Uint8Array.from(valid);
      for (let flips = 1 + Math.floor(random() * 4); flips > 0; flips -= 1) {
        body[4 + Math.floor(random() * (body.length - 4))] = Math.floor(random() * 256);
      }
      const cut = random() < 0.3 ? body.subarray(0, 4 + Math.floor(random() * (body.length - 4))) : body;
      try {
        decodeKubernetesProtobuf(cut);
      } catch (e) {
        expect(e instanceof ProtobufDecodeError || e instanceof UnsupportedProtobufKindError, String(e)).toBe(
          true,
        );
      }
    }
  });
});

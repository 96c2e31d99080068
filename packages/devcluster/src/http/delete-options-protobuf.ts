// DeleteOptions in the Kubernetes protobuf encoding: helm (through client-go) sends its DELETE bodies as
// `application/vnd.kubernetes.protobuf`. The envelope is the magic "k8s\0" and a runtime.Unknown
// {typeMeta 1 {apiVersion 1, kind 2}, raw 2}; raw is a meta/v1 DeleteOptions {gracePeriodSeconds 1 (int64),
// preconditions 2 {uid 1, resourceVersion 2}, orphanDependents 3, propagationPolicy 4, dryRun 5 (repeated)}
// (field numbers from k8s.io/apimachinery pkg/runtime and pkg/apis/meta/v1 generated.proto).
import protobuf from 'protobufjs';
import { fail, statuses } from '../api/status.js';

const MAGIC = [0x6b, 0x38, 0x73, 0x00];
const LENGTH_DELIMITED = 2;

type Fields = Map<number, unknown[]>;

/** Reads the fields of one message; length-delimited values stay raw bytes, varints become numbers. */
function readFields(bytes: Uint8Array): Fields {
  const reader = protobuf.Reader.create(bytes);
  const fields: Fields = new Map();
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    let value: unknown;
    if (wire === 0) {
      const n = reader.int64();
      value = typeof n === 'number' ? n : protobuf.util.LongBits.from(n).toNumber();
    } else if (wire === LENGTH_DELIMITED) value = reader.bytes();
    else {
      reader.skipType(wire);
      continue;
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const text = (v: unknown): string => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : '');

/** The JSON form of a protobuf DeleteOptions body; 400 for garbage, 415 for any other kind. */
export function decodeDeleteOptions(body: Buffer): Record<string, unknown> {
  if (body.length < MAGIC.length || MAGIC.some((b, i) => body[i] !== b)) {
    fail(statuses.badRequest('the protobuf body does not start with the Kubernetes magic "k8s\\0"'));
  }
  let envelope: Fields;
  let typeMeta: Fields;
  let options: Fields;
  try {
    envelope = readFields(body.subarray(MAGIC.length));
    typeMeta = readFields((envelope.get(1)?.[0] as Uint8Array | undefined) ?? new Uint8Array());
    options = readFields((envelope.get(2)?.[0] as Uint8Array | undefined) ?? new Uint8Array());
  } catch (err) {
    return fail(statuses.badRequest(`the protobuf body could not be decoded: ${(err as Error).message}`));
  }
  const kind = text(typeMeta.get(2)?.[0]);
  if (kind !== 'DeleteOptions') {
    fail(
      statuses.unsupportedMediaType(
        'application/vnd.kubernetes.protobuf',
        `a protobuf DELETE body must be DeleteOptions, not ${kind || 'nothing'}`,
      ),
    );
  }
  const out: Record<string, unknown> = {
    kind: 'DeleteOptions',
    apiVersion: text(typeMeta.get(1)?.[0]) || 'v1',
  };
  const grace = options.get(1)?.[0];
  if (typeof grace === 'number') out['gracePeriodSeconds'] = grace;
  const pre = options.get(2)?.[0];
  if (pre instanceof Uint8Array) {
    const p = readFields(pre);
    const preconditions: Record<string, string> = {};
    if (p.has(1)) preconditions['uid'] = text(p.get(1)?.[0]);
    if (p.has(2)) preconditions['resourceVersion'] = text(p.get(2)?.[0]);
    out['preconditions'] = preconditions;
  }
  const orphan = options.get(3)?.[0];
  if (typeof orphan === 'number') out['orphanDependents'] = orphan !== 0;
  if (options.has(4)) out['propagationPolicy'] = text(options.get(4)?.[0]);
  if (options.has(5)) out['dryRun'] = (options.get(5) ?? []).map(text);
  return out;
}

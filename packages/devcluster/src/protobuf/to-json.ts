// Decoded protobuf messages → the JSON Go's encoding/json writes for the same Go structs: `omitempty` fields
// are left out when empty, pointer fields are kept whenever set, structs are always written (so a Namespace
// has `"spec": {}`), a zero metav1.Time is `null`, a set one RFC 3339 in UTC with whole seconds, and bytes
// are base64.

type Message = Record<string, unknown>;
type Json = Record<string, unknown>;

function has(message: Message, field: string): boolean {
  return Object.hasOwn(message, field);
}

function str(message: Message, field: string): string {
  const value = message[field];
  return typeof value === 'string' ? value : '';
}

/** int64 fields decode to Long objects (or numbers); JSON writes them as numbers. */
function int(value: unknown): number {
  if (typeof value === 'number') return value;
  if (
    value !== null &&
    typeof value === 'object' &&
    'toNumber' in value &&
    typeof value.toNumber === 'function'
  ) {
    return Number((value as { toNumber(): number }).toNumber());
  }
  return 0;
}

function list(message: Message, field: string): Message[] {
  const value = message[field];
  return Array.isArray(value) ? (value as Message[]) : [];
}

function map(message: Message, field: string): Record<string, unknown> {
  const value = message[field];
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Sets `target[key]` unless the value is what `omitempty` leaves out. */
function put(target: Json, key: string, value: unknown): void {
  if (value === undefined || value === '' || value === 0 || value === false) return;
  if (Array.isArray(value) && value.length === 0) return;
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
    return;
  target[key] = value;
}

function base64Map(bytes: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(bytes).map(([k, v]) => [
      k,
      Buffer.from(v instanceof Uint8Array ? v : new Uint8Array()).toString('base64'),
    ]),
  );
}

/** metav1.Time: an empty message is the zero time (JSON null); otherwise seconds since the epoch. */
export function timeToJson(time: unknown): string | null {
  if (time === null || typeof time !== 'object' || !has(time as Message, 'seconds')) return null;
  const seconds = int((time as Message).seconds);
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return null;
  return `${date.toISOString().slice(0, 19)}Z`;
}

function ownerReferenceToJson(ref: Message): Json {
  const out: Json = {
    apiVersion: str(ref, 'apiVersion'),
    kind: str(ref, 'kind'),
    name: str(ref, 'name'),
    uid: str(ref, 'uid'),
  };
  if (has(ref, 'controller')) out.controller = ref.controller === true;
  if (has(ref, 'blockOwnerDeletion')) out.blockOwnerDeletion = ref.blockOwnerDeletion === true;
  return out;
}

function managedFieldsToJson(entry: Message): Json {
  const out: Json = {};
  put(out, 'manager', str(entry, 'manager'));
  put(out, 'operation', str(entry, 'operation'));
  put(out, 'apiVersion', str(entry, 'apiVersion'));
  if (has(entry, 'time')) out.time = timeToJson(entry.time);
  put(out, 'fieldsType', str(entry, 'fieldsType'));
  const raw = has(entry, 'fieldsV1') ? (entry.fieldsV1 as Message).Raw : undefined;
  if (raw instanceof Uint8Array) out.fieldsV1 = JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
  put(out, 'subresource', str(entry, 'subresource'));
  return out;
}

export function objectMetaToJson(meta: Message | undefined): Json {
  const m = meta ?? {};
  const out: Json = {};
  for (const field of ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion'])
    put(out, field, str(m, field));
  put(out, 'generation', int(m.generation));
  out.creationTimestamp = timeToJson(m.creationTimestamp);
  if (has(m, 'deletionTimestamp')) out.deletionTimestamp = timeToJson(m.deletionTimestamp);
  if (has(m, 'deletionGracePeriodSeconds'))
    out.deletionGracePeriodSeconds = int(m.deletionGracePeriodSeconds);
  put(out, 'labels', { ...map(m, 'labels') });
  put(out, 'annotations', { ...map(m, 'annotations') });
  put(out, 'ownerReferences', list(m, 'ownerReferences').map(ownerReferenceToJson));
  put(out, 'finalizers', [...((m.finalizers as string[] | undefined) ?? [])]);
  put(out, 'managedFields', list(m, 'managedFields').map(managedFieldsToJson));
  return out;
}

export function namespaceToJson(ns: Message): Json {
  const spec = (ns.spec ?? {}) as Message;
  const status = (ns.status ?? {}) as Message;
  const specJson: Json = {};
  put(specJson, 'finalizers', [...((spec.finalizers as string[] | undefined) ?? [])]);
  const statusJson: Json = {};
  put(statusJson, 'phase', str(status, 'phase'));
  put(
    statusJson,
    'conditions',
    list(status, 'conditions').map((c) => {
      const out: Json = { type: str(c, 'type'), status: str(c, 'status') };
      if (has(c, 'lastTransitionTime')) out.lastTransitionTime = timeToJson(c.lastTransitionTime);
      put(out, 'reason', str(c, 'reason'));
      put(out, 'message', str(c, 'message'));
      return out;
    }),
  );
  return {
    metadata: objectMetaToJson(ns.metadata as Message | undefined),
    spec: specJson,
    status: statusJson,
  };
}

export function configMapToJson(cm: Message): Json {
  const out: Json = { metadata: objectMetaToJson(cm.metadata as Message | undefined) };
  if (has(cm, 'immutable')) out.immutable = cm.immutable === true;
  put(out, 'data', { ...map(cm, 'data') });
  put(out, 'binaryData', base64Map(map(cm, 'binaryData')));
  return out;
}

export function secretToJson(secret: Message): Json {
  const out: Json = { metadata: objectMetaToJson(secret.metadata as Message | undefined) };
  if (has(secret, 'immutable')) out.immutable = secret.immutable === true;
  put(out, 'data', base64Map(map(secret, 'data')));
  put(out, 'stringData', { ...map(secret, 'stringData') });
  put(out, 'type', str(secret, 'type'));
  return out;
}

export function serviceAccountToJson(sa: Message): Json {
  const out: Json = { metadata: objectMetaToJson(sa.metadata as Message | undefined) };
  const refFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'];
  put(
    out,
    'secrets',
    list(sa, 'secrets').map((ref) => {
      const r: Json = {};
      for (const f of refFields) put(r, f, str(ref, f));
      return r;
    }),
  );
  put(
    out,
    'imagePullSecrets',
    list(sa, 'imagePullSecrets').map((ref) => {
      const r: Json = {};
      put(r, 'name', str(ref, 'name'));
      return r;
    }),
  );
  if (has(sa, 'automountServiceAccountToken'))
    out.automountServiceAccountToken = sa.automountServiceAccountToken === true;
  return out;
}

/** meta/v1 DeleteOptions: every field but dryRun is a pointer, kept whenever set. */
export function deleteOptionsToJson(options: Message): Json {
  const out: Json = {};
  if (has(options, 'gracePeriodSeconds')) out.gracePeriodSeconds = int(options.gracePeriodSeconds);
  if (has(options, 'preconditions')) {
    const pre = options.preconditions as Message;
    const json: Json = {};
    if (has(pre, 'uid')) json.uid = str(pre, 'uid');
    if (has(pre, 'resourceVersion')) json.resourceVersion = str(pre, 'resourceVersion');
    out.preconditions = json;
  }
  if (has(options, 'orphanDependents')) out.orphanDependents = options.orphanDependents === true;
  if (has(options, 'propagationPolicy')) out.propagationPolicy = str(options, 'propagationPolicy');
  put(out, 'dryRun', [...((options.dryRun as string[] | undefined) ?? [])]);
  return out;
}

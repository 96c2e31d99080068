// Creating an object: intake, name generation, namespace lifecycle checks, admission, then commit with a
// uid, creationTimestamp, generation 1 and the next resourceVersion.
import { randomUUID } from 'node:crypto';
import { cloneJson } from '../api/deep-values.js';
import { failure, fail, statuses } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import { initialStatus } from '../defaults/builtin-defaults.js';
import { acceptedCrdStatus, readCrd } from '../registry/crd-resources.js';
import type { ResourceType } from '../registry/resource-type.js';
import { admit } from './admission.js';
import { checkUnknownFields } from './field-validation.js';
import { intake } from './object-intake.js';
import {
  bucketOf,
  commit,
  namespaceKey,
  servedObject,
  timestamp,
  type CollectionAddress,
  type StoreState,
} from './store-state.js';
import type { WriteOptions, WriteResult } from './write-options.js';

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';
const SERVER_FIELDS = [
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
  'selfLink',
];

function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[Math.floor(Math.random() * SUFFIX_ALPHABET.length)];
  return s;
}

function namespaceOf(state: StoreState, name: string): KubeObject | undefined {
  return state.table.bucket('/namespaces').get('', name)?.object;
}

function checkNamespace(state: StoreState, type: ResourceType, obj: KubeObject): void {
  if (!type.namespaced) return;
  const ns = obj.metadata.namespace as string;
  const namespace = namespaceOf(state, ns);
  if (namespace === undefined) fail(statuses.notFound({ group: '', resource: 'namespaces' }, ns));
  if (namespace.metadata.deletionTimestamp !== undefined) {
    fail(
      failure(
        403,
        'Forbidden',
        `${type.resource}${type.group ? `.${type.group}` : ''} "${obj.metadata.name ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        {
          name: obj.metadata.name ?? '',
          ...(type.group ? { group: type.group } : {}),
          kind: type.resource,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${ns} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      ),
    );
  }
}

function checkCrdNotTerminating(state: StoreState, type: ResourceType): void {
  if (type.crdName === undefined) return;
  const crd = state.table
    .bucket('apiextensions.k8s.io/customresourcedefinitions')
    .get('', type.crdName)?.object;
  if (crd?.metadata.deletionTimestamp !== undefined) {
    fail(
      failure(405, 'MethodNotAllowed', `create not allowed while custom resource definition is terminating`),
    );
  }
}

export function createObject(
  state: StoreState,
  at: CollectionAddress,
  body: unknown,
  options: WriteOptions = {},
): WriteResult {
  const type = at.type;
  const obj = intake(type, body, at.namespace);
  for (const key of SERVER_FIELDS) delete obj.metadata[key];
  const bucket = bucketOf(state, type);
  const ns = namespaceKey(type, obj.metadata.namespace);
  if (
    (obj.metadata.name === undefined || obj.metadata.name === '') &&
    typeof obj.metadata.generateName === 'string' &&
    obj.metadata.generateName !== ''
  ) {
    let candidate = '';
    for (let i = 0; i < 8 && (candidate === '' || bucket.get(ns, candidate) !== undefined); i++) {
      candidate = `${obj.metadata.generateName}${randomSuffix()}`;
    }
    obj.metadata.name = candidate;
  }
  const name = obj.metadata.name ?? '';
  if (name !== '' && bucket.get(ns, name) !== undefined) fail(statuses.alreadyExists(type, name));
  checkNamespace(state, type, obj);
  checkCrdNotTerminating(state, type);
  if (type.status) {
    const status = type.crdName === undefined ? initialStatus(type) : undefined;
    if (status === undefined) delete obj['status'];
    else obj['status'] = status;
  }
  const admitted = admit(state, type, obj, undefined);
  const warnings = checkUnknownFields(type, admitted.unknownFields, options.fieldValidation);
  const next = admitted.object;
  next.metadata.uid = randomUUID();
  next.metadata.creationTimestamp = timestamp(state);
  if (type.tracksGeneration) next.metadata.generation = 1;
  if (admitted.compiledCrd !== undefined) {
    addCrdFinalizer(next);
    next['status'] = acceptedCrdStatus(next, readCrd(next), timestamp(state));
  }
  if (options.dryRun === true) return { object: servedObject(type, next), warnings, created: true };
  const stored = commit(state, type, next, { type: 'ADDED', previous: undefined });
  afterCommit(state, type, stored, admitted.compiledCrd);
  return { object: servedObject(type, stored), warnings, created: true };
}

const CRD_FINALIZER = 'customresourcecleanup.apiextensions.k8s.io';

/** A new CRD gets the finalizer under which its custom resources are cleaned up when it is deleted. */
function addCrdFinalizer(crd: KubeObject): void {
  const finalizers = Array.isArray(crd.metadata.finalizers) ? crd.metadata.finalizers : [];
  if (!finalizers.includes(CRD_FINALIZER)) crd.metadata.finalizers = [...finalizers, CRD_FINALIZER];
}

/** Side effects of a committed write that other requests must see at once (CRD registration, IP reservation). */
export function afterCommit(
  state: StoreState,
  type: ResourceType,
  stored: KubeObject,
  compiledCrd: ReturnType<typeof admit>['compiledCrd'],
): void {
  if (compiledCrd !== undefined) state.crds.activate(stored, compiledCrd);
  if (type.group === '' && type.resource === 'services' && isJsonObject(stored['spec']))
    state.allocator.reserve(stored);
}

/** Side effects of an object's removal: a CRD that goes takes its remaining custom resources with it. */
export function afterRemoval(state: StoreState, type: ResourceType, removed: KubeObject): void {
  if (type.group !== 'apiextensions.k8s.io' || type.kind !== 'CustomResourceDefinition') return;
  const crdName = removed.metadata.name ?? '';
  const crType = state.registry.all().find((t) => t.crdName === crdName);
  if (crType !== undefined) {
    for (const entry of bucketOf(state, crType).list()) {
      commit(state, crType, cloneJson(entry.object), { type: 'DELETED', previous: entry.object });
    }
  }
  state.crds.deactivate(crdName);
}

// CRUD, list, watch and subresources of every served resource. Each request becomes one store operation;
// the store decides the outcome, this file only translates HTTP into options and results into responses.
import { deleteSuccess, fail, statuses } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { Registry } from '../registry/registry.js';
import { apiVersionOf, type ResourceType } from '../registry/resource-type.js';
import { createObject } from '../store/create.js';
import { deleteObject } from '../store/delete.js';
import { patchObject } from '../store/patch.js';
import { getEntry, listEntries } from '../store/read.js';
import { getScale, patchScale, updateScale } from '../store/scale.js';
import type { CollectionAddress, ObjectAddress } from '../store/store-state.js';
import type { StoreInternals } from '../store/store.js';
import { updateObject, type UpdateSubresource } from '../store/update.js';
import type { WriteResult } from '../store/write-options.js';
import type { Call } from './call.js';
import { sendList, sendObject } from './object-responses.js';
import { deleteOptions, isWatch, selection, writeOptions } from './query-options.js';
import { decodeDeleteBody, decodeObjectBody, decodePatchBody, readBody } from './request-body.js';
import type { ResourcePath } from './request-target.js';
import { sendJson } from './respond.js';
import { serveWatch, type WatchContext } from './watch-handler.js';

/** A handler of an extra subresource (e.g. `pods/log`) that another part of devcluster serves. */
export type SubresourceHandler = (call: Call, at: ObjectAddress) => Promise<void> | void;

export interface ResourceContext {
  readonly internals: StoreInternals;
  readonly registry: Registry;
  readonly watch: WatchContext;
  readonly proxy: (call: Call, type: ResourceType, path: ResourcePath) => Promise<void>;
  /** Keyed `<group>/<resource>/<subresource>`. */
  readonly subresources: ReadonlyMap<string, SubresourceHandler>;
}

function resolve(registry: Registry, path: ResourcePath): ResourceType {
  const type = registry.lookup(path.group, path.version, path.resource);
  if (type === undefined) fail(statuses.pathNotFound());
  if (path.namespace !== undefined && !type.namespaced) fail(statuses.pathNotFound());
  if (path.namespace === undefined && type.namespaced && path.name !== undefined)
    fail(statuses.pathNotFound());
  return type;
}

function sendWrite(call: Call, type: ResourceType, result: WriteResult, createdCode = 201): void {
  sendObject(call.res, type, result, {
    representation: call.representation,
    query: call.query,
    code: result.created ? createdCode : 200,
    warnings: result.warnings,
  });
}

const contentType = (call: Call): string | undefined => call.req.headers['content-type'];
const objectBody = async (call: Call): Promise<unknown> =>
  decodeObjectBody(contentType(call), await readBody(call.req));
const patchBody = async (call: Call) => {
  const { type, patch } = decodePatchBody(contentType(call), await readBody(call.req));
  return { type, body: patch };
};
const deleteBody = async (call: Call) =>
  deleteOptions(call.query, decodeDeleteBody(contentType(call), await readBody(call.req)));
const methodNotAllowed = (call: Call): never => fail(statuses.methodNotAllowed(call.req.method ?? ''));

async function collection(ctx: ResourceContext, call: Call, at: CollectionAddress): Promise<void> {
  const { state } = ctx.internals;
  const { type } = at;
  switch (call.req.method) {
    case 'GET':
      if (isWatch(call.query)) return serveWatch(ctx.watch, call, type, at.namespace);
      return sendList(call.res, type, listEntries(state, type, selection(call.query, at.namespace)), {
        representation: call.representation,
        query: call.query,
      });
    case 'POST':
      return sendWrite(call, type, createObject(state, at, await objectBody(call), writeOptions(call.query)));
    case 'DELETE': {
      const options = await deleteBody(call);
      const { entries } = listEntries(state, type, selection(call.query, at.namespace));
      const items: KubeObject[] = [];
      for (const e of entries) {
        const item: ObjectAddress = {
          type,
          namespace: e.object.metadata.namespace,
          name: e.object.metadata.name ?? '',
        };
        if (getEntry(state, item) !== undefined) items.push(deleteObject(state, item, options).object);
      }
      return sendJson(call.res, {
        kind: type.listKind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(state.rv) },
        items,
      });
    }
    default:
      return methodNotAllowed(call);
  }
}

async function item(ctx: ResourceContext, call: Call, at: ObjectAddress): Promise<void> {
  const { state } = ctx.internals;
  const { type } = at;
  const render = { representation: call.representation, query: call.query };
  switch (call.req.method) {
    case 'GET': {
      const entry = getEntry(state, at);
      if (entry === undefined) fail(statuses.notFound(type, at.name));
      return sendObject(call.res, type, entry, render);
    }
    case 'PUT':
      return sendWrite(call, type, updateObject(state, at, await objectBody(call), writeOptions(call.query)));
    case 'PATCH':
      return sendWrite(call, type, patchObject(state, at, await patchBody(call), writeOptions(call.query)));
    case 'DELETE': {
      const result = deleteObject(state, at, await deleteBody(call));
      // A built-in object deleted at once is answered with a Status; anything else with the object.
      if (result.deleted && type.crdName === undefined) {
        return sendJson(call.res, deleteSuccess(type, at.name, result.object.metadata.uid));
      }
      return sendObject(call.res, type, result, render);
    }
    default:
      return methodNotAllowed(call);
  }
}

async function statusLike(
  ctx: ResourceContext,
  call: Call,
  at: ObjectAddress,
  sub: UpdateSubresource,
): Promise<void> {
  const { state } = ctx.internals;
  const options = { ...writeOptions(call.query), subresource: sub };
  if (call.req.method === 'GET' && sub === 'status') {
    const entry = getEntry(state, at);
    if (entry === undefined) fail(statuses.notFound(at.type, at.name));
    return sendObject(call.res, at.type, entry, { representation: call.representation, query: call.query });
  }
  if (call.req.method === 'PUT') {
    return sendWrite(call, at.type, updateObject(state, at, await objectBody(call), options), 200);
  }
  if (call.req.method === 'PATCH' && sub === 'status') {
    return sendWrite(call, at.type, patchObject(state, at, await patchBody(call), options), 200);
  }
  return methodNotAllowed(call);
}

async function scale(ctx: ResourceContext, call: Call, at: ObjectAddress): Promise<void> {
  const { state } = ctx.internals;
  switch (call.req.method) {
    case 'GET':
      return sendJson(call.res, getScale(state, at));
    case 'PUT':
      return sendJson(call.res, updateScale(state, at, await objectBody(call), writeOptions(call.query)));
    case 'PATCH':
      return sendJson(call.res, patchScale(state, at, await patchBody(call), writeOptions(call.query)));
    default:
      return methodNotAllowed(call);
  }
}

const hasExtra = (type: ResourceType, name: string): boolean =>
  type.extraSubresources.some((s) => s.name === name);

export async function handleResource(ctx: ResourceContext, call: Call, path: ResourcePath): Promise<void> {
  const type = resolve(ctx.registry, path);
  if (path.name === undefined) return collection(ctx, call, { type, namespace: path.namespace });
  const at: ObjectAddress = { type, namespace: path.namespace, name: path.name };
  switch (path.subresource) {
    case undefined:
      return item(ctx, call, at);
    case 'status':
      if (type.status) return statusLike(ctx, call, at, 'status');
      break;
    case 'finalize':
      if (hasExtra(type, 'finalize')) return statusLike(ctx, call, at, 'finalize');
      break;
    case 'scale':
      if (type.scale !== undefined) return scale(ctx, call, at);
      break;
    case 'proxy':
      if (hasExtra(type, 'proxy')) return ctx.proxy(call, type, path);
      break;
    default: {
      const handler = ctx.subresources.get(`${type.group}/${type.resource}/${path.subresource}`);
      if (handler !== undefined && hasExtra(type, path.subresource)) return handler(call, at);
    }
  }
  return fail(statuses.pathNotFound());
}

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
import type { StoreInternals } from '../store/store.js';
import { updateObject, type UpdateSubresource } from '../store/update.js';
import type { WriteResult } from '../store/write-options.js';
import type { Call } from './call.js';
import { sendList, sendObject } from './object-responses.js';
import { deleteOptions, isWatch, selection, writeOptions } from './query-options.js';
import { decodeDeleteBody, decodeObjectBody, decodePatchBody, readBody } from './request-body.js';
import type { ResourcePath } from './request-target.js';
import { sendJson } from './respond.js';
import { serveWatch, type LineCache, type WatchSettings } from './watch-handler.js';

export interface ResourceContext {
  readonly internals: StoreInternals;
  readonly registry: Registry;
  readonly watch: WatchSettings;
  readonly lineCache: LineCache;
  readonly proxy: (call: Call, type: ResourceType, path: ResourcePath) => Promise<void>;
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
  sendObject(call.res, type, result.object, undefined, {
    representation: call.representation,
    query: call.query,
    code: result.created ? createdCode : 200,
    warnings: result.warnings,
  });
}

async function collection(
  ctx: ResourceContext,
  call: Call,
  type: ResourceType,
  path: ResourcePath,
): Promise<void> {
  const { state } = ctx.internals;
  switch (call.req.method) {
    case 'GET': {
      if (isWatch(call.query)) {
        serveWatch(ctx.internals, ctx.watch, ctx.lineCache, call, type, path.namespace);
        return;
      }
      const list = listEntries(state, type, selection(call.query, path.namespace));
      sendList(call.res, type, list.entries, list.resourceVersion, {
        representation: call.representation,
        query: call.query,
      });
      return;
    }
    case 'POST': {
      const body = decodeObjectBody(call.req.headers['content-type'], await readBody(call.req));
      sendWrite(call, type, createObject(state, type, path.namespace, body, writeOptions(call.query)));
      return;
    }
    case 'DELETE': {
      const raw = await readBody(call.req);
      const options = deleteOptions(call.query, decodeDeleteBody(call.req.headers['content-type'], raw));
      const { entries } = listEntries(state, type, selection(call.query, path.namespace));
      const items: KubeObject[] = [];
      for (const e of entries) {
        const ns = e.object.metadata.namespace;
        const name = e.object.metadata.name ?? '';
        if (getEntry(state, type, ns, name) !== undefined)
          items.push(deleteObject(state, type, ns, name, options).object);
      }
      sendJson(call.res, {
        kind: type.listKind,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: String(state.rv) },
        items,
      });
      return;
    }
    default:
      fail(statuses.methodNotAllowed(call.req.method ?? ''));
  }
}

async function item(
  ctx: ResourceContext,
  call: Call,
  type: ResourceType,
  path: ResourcePath,
  name: string,
): Promise<void> {
  const { state } = ctx.internals;
  const ns = path.namespace;
  switch (call.req.method) {
    case 'GET': {
      const entry = getEntry(state, type, ns, name);
      if (entry === undefined) fail(statuses.notFound(type, name));
      sendObject(call.res, type, entry.object, entry.json, {
        representation: call.representation,
        query: call.query,
      });
      return;
    }
    case 'PUT': {
      const body = decodeObjectBody(call.req.headers['content-type'], await readBody(call.req));
      sendWrite(call, type, updateObject(state, type, ns, name, body, writeOptions(call.query)));
      return;
    }
    case 'PATCH': {
      const { type: patchType, patch } = decodePatchBody(
        call.req.headers['content-type'],
        await readBody(call.req),
      );
      sendWrite(call, type, patchObject(state, type, ns, name, patchType, patch, writeOptions(call.query)));
      return;
    }
    case 'DELETE': {
      const raw = await readBody(call.req);
      const options = deleteOptions(call.query, decodeDeleteBody(call.req.headers['content-type'], raw));
      const result = deleteObject(state, type, ns, name, options);
      if (result.deleted && type.crdName === undefined) {
        sendJson(call.res, deleteSuccess(type, name, result.object.metadata.uid));
      } else {
        sendObject(call.res, type, result.object, undefined, {
          representation: call.representation,
          query: call.query,
        });
      }
      return;
    }
    default:
      fail(statuses.methodNotAllowed(call.req.method ?? ''));
  }
}

async function statusLike(
  ctx: ResourceContext,
  call: Call,
  type: ResourceType,
  path: ResourcePath,
  name: string,
  sub: UpdateSubresource,
): Promise<void> {
  const { state } = ctx.internals;
  const ns = path.namespace;
  const options = { ...writeOptions(call.query), subresource: sub };
  switch (call.req.method) {
    case 'GET': {
      if (sub !== 'status') break;
      const entry = getEntry(state, type, ns, name);
      if (entry === undefined) fail(statuses.notFound(type, name));
      sendObject(call.res, type, entry.object, entry.json, {
        representation: call.representation,
        query: call.query,
      });
      return;
    }
    case 'PUT': {
      const body = decodeObjectBody(call.req.headers['content-type'], await readBody(call.req));
      sendWrite(call, type, updateObject(state, type, ns, name, body, options), 200);
      return;
    }
    case 'PATCH': {
      if (sub !== 'status') break;
      const { type: patchType, patch } = decodePatchBody(
        call.req.headers['content-type'],
        await readBody(call.req),
      );
      sendWrite(call, type, patchObject(state, type, ns, name, patchType, patch, options), 200);
      return;
    }
  }
  fail(statuses.methodNotAllowed(call.req.method ?? ''));
}

async function scale(
  ctx: ResourceContext,
  call: Call,
  type: ResourceType,
  path: ResourcePath,
  name: string,
): Promise<void> {
  const { state } = ctx.internals;
  const ns = path.namespace;
  const render = (obj: KubeObject): void => sendJson(call.res, obj);
  switch (call.req.method) {
    case 'GET':
      return render(getScale(state, type, ns, name));
    case 'PUT': {
      const body = decodeObjectBody(call.req.headers['content-type'], await readBody(call.req));
      return render(updateScale(state, type, ns, name, body, writeOptions(call.query)));
    }
    case 'PATCH': {
      const { type: patchType, patch } = decodePatchBody(
        call.req.headers['content-type'],
        await readBody(call.req),
      );
      return render(patchScale(state, type, ns, name, patchType, patch, writeOptions(call.query)));
    }
    default:
      fail(statuses.methodNotAllowed(call.req.method ?? ''));
  }
}

export async function handleResource(ctx: ResourceContext, call: Call, path: ResourcePath): Promise<void> {
  const type = resolve(ctx.registry, path);
  const name = path.name;
  if (name === undefined) return collection(ctx, call, type, path);
  switch (path.subresource) {
    case undefined:
      return item(ctx, call, type, path, name);
    case 'status':
      if (type.status) return statusLike(ctx, call, type, path, name, 'status');
      break;
    case 'finalize':
      if (type.extraSubresources.some((s) => s.name === 'finalize'))
        return statusLike(ctx, call, type, path, name, 'finalize');
      break;
    case 'scale':
      if (type.scale !== undefined) return scale(ctx, call, type, path, name);
      break;
    case 'proxy':
      if (type.extraSubresources.some((s) => s.name === 'proxy')) return ctx.proxy(call, type, path);
      break;
  }
  fail(statuses.pathNotFound());
}

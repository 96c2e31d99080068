// Renders objects and lists in the representation the client negotiated: JSON (lists are a string join of
// the cached JSON of each object), YAML, a Table, or partial object metadata.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../api/types.js';
import { apiVersionOf, type ResourceType } from '../registry/resource-type.js';
import type { Entry } from '../store/object-table.js';
import type { ListResult } from '../store/read.js';
import { buildTable, printerFor, tableContentType, type IncludeObject } from '../tables/table.js';
import type { Representation } from './negotiate.js';
import { sendJson } from './respond.js';

export interface RenderOptions {
  readonly representation: Representation;
  readonly query: URLSearchParams;
  readonly code?: number;
  readonly warnings?: readonly string[];
}

export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
}

function metadataOnly(obj: KubeObject, version: string): unknown {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export function sendObject(
  res: ServerResponse,
  type: ResourceType,
  entry: { readonly object: KubeObject; readonly bytes?: Buffer },
  options: RenderOptions,
): void {
  const { object: obj, bytes } = entry;
  const rep = options.representation;
  const base = { code: options.code ?? 200, warnings: options.warnings ?? [] };
  if (rep.kind === 'table') {
    const table = buildTable(printerFor(type), [obj], {
      include: includeObjectOf(options.query),
      version: rep.version,
      resourceVersion: obj.metadata.resourceVersion ?? '',
      now: Date.now(),
    });
    sendJson(res, table, { ...base, contentType: tableContentType(rep.version) });
  } else if (rep.kind === 'metadata') {
    sendJson(res, metadataOnly(obj, rep.version), base);
  } else {
    sendJson(res, bytes ?? obj, { ...base, representation: rep });
  }
}

/** `head` + the entries' bytes separated by commas + `]}`, copied once into one buffer. */
function joinList(head: string, entries: readonly Entry[]): Buffer {
  const start = Buffer.from(head, 'utf8');
  let total = start.length + 2 + Math.max(0, entries.length - 1);
  for (const e of entries) total += e.bytes.length;
  const out = Buffer.allocUnsafe(total);
  let at = start.copy(out, 0);
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) out[at++] = 0x2c;
    at += (entries[i] as Entry).bytes.copy(out, at);
  }
  out.write(']}', at, 'latin1');
  return out;
}

export function sendList(
  res: ServerResponse,
  type: ResourceType,
  list: ListResult,
  options: RenderOptions,
): void {
  const { entries } = list;
  const rep = options.representation;
  const rv = String(list.resourceVersion);
  if (rep.kind === 'table') {
    const table = buildTable(
      printerFor(type),
      entries.map((e) => e.object),
      { include: includeObjectOf(options.query), version: rep.version, resourceVersion: rv, now: Date.now() },
    );
    sendJson(res, table, { contentType: tableContentType(rep.version) });
    return;
  }
  if (rep.kind === 'metadata') {
    sendJson(res, {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${rep.version}`,
      metadata: { resourceVersion: rv },
      items: entries.map((e) => metadataOnly(e.object, rep.version)),
    });
    return;
  }
  const head = `{"kind":${JSON.stringify(type.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(type))},"metadata":{"resourceVersion":"${rv}"},"items":[`;
  sendJson(res, joinList(head, entries), { representation: rep });
}

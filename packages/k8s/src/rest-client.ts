// A small JSON REST client for the Kubernetes API. It takes authentication and TLS from client-node's
// KubeConfig (the same way client-node's own Watch does) and returns objects exactly as the server sent
// them, so list results and watch events have the same shape. Connections are kept alive.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';
import fetch, { type RequestInit } from 'node-fetch';
import { K8sError, KubeApiError } from './errors.js';
import { collectionPath, objectPath, type ResourceType } from './resources.js';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
    ownerReferences?: OwnerReference[];
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ListOptions {
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

export interface ObjectList<T> {
  readonly items: T[];
  readonly resourceVersion: string;
}

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';
const PATCH_CONTENT_TYPE: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface WriteOptions {
  readonly subresource?: string;
  readonly fieldManager?: string;
  /** Server-side apply only: take ownership of conflicting fields. */
  readonly force?: boolean;
}

export interface DeleteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly preconditions?: { uid?: string; resourceVersion?: string };
}

export interface KubeClient {
  readonly kubeConfig: KubeConfig;
  /** The object, or undefined when it does not exist. */
  get<T extends KubeObject>(
    rt: ResourceType,
    name: string,
    namespace?: string,
    subresource?: string,
  ): Promise<T | undefined>;
  list<T extends KubeObject>(rt: ResourceType, opts?: ListOptions): Promise<ObjectList<T>>;
  create<T extends KubeObject>(rt: ResourceType, obj: T, opts?: WriteOptions): Promise<T>;
  replace<T extends KubeObject>(rt: ResourceType, obj: T, opts?: WriteOptions): Promise<T>;
  patch<T extends KubeObject>(
    rt: ResourceType,
    target: { name: string; namespace?: string | undefined },
    type: PatchType,
    body: unknown,
    opts?: WriteOptions,
  ): Promise<T>;
  /** Deletes; resolves false when the object did not exist. */
  delete(rt: ResourceType, name: string, namespace?: string, opts?: DeleteOptions): Promise<boolean>;
}

export interface KubeClientOptions {
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  /** Sent as the User-Agent, e.g. `keda-http-operator`. */
  readonly userAgent?: string;
}

export function createKubeClient(kc: KubeConfig, opts: KubeClientOptions = {}): KubeClient {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new K8sError('K8S_KUBECONFIG', 'the kubeconfig has no current cluster');
  const server = cluster.server.replace(/\/+$/, '');
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let agent: http.Agent | undefined;

  async function requestInit(method: string): Promise<RequestInit> {
    const init = await kc.applyToFetchOptions({ method });
    // client-node builds a fresh agent per call; keep one keep-alive agent with the same TLS options instead.
    const theirs = init.agent;
    if (theirs instanceof https.Agent) agent ??= new https.Agent({ ...theirs.options, keepAlive: true });
    else if (theirs instanceof http.Agent) agent ??= new http.Agent({ keepAlive: true });
    return { ...init, agent: agent ?? theirs, method };
  }

  async function send(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown> {
    const init = await requestInit(method);
    const headers = init.headers as unknown as { set(k: string, v: string): void };
    headers.set('Accept', 'application/json');
    if (opts.userAgent) headers.set('User-Agent', opts.userAgent);
    if (body !== undefined) {
      headers.set('Content-Type', contentType ?? 'application/json');
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    let res;
    try {
      res = await fetch(server + path, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      throw new K8sError('K8S_REQUEST_FAILED', `${method} ${path}: ${(cause as Error).message}`, { cause });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    if (res.status >= 200 && res.status < 300) return parsed;
    const status = (parsed ?? {}) as { reason?: string; message?: string };
    throw new KubeApiError({
      status: res.status,
      reason: status.reason ?? res.statusText,
      message: status.message ?? (typeof parsed === 'string' ? parsed.slice(0, 200) : res.statusText),
      method,
      path,
      body: parsed,
    });
  }

  const query = (params: Record<string, string | boolean | undefined>): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const nameOf = (obj: KubeObject): { name: string; namespace: string | undefined } => {
    const name = obj.metadata?.name;
    if (!name) throw new K8sError('K8S_REQUEST_FAILED', `${obj.kind ?? 'object'} has no metadata.name`);
    return { name, namespace: obj.metadata?.namespace };
  };

  return {
    kubeConfig: kc,
    async get(rt, name, namespace, subresource) {
      try {
        return (await send('GET', objectPath(rt, name, namespace, subresource))) as never;
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) return undefined;
        throw err;
      }
    },
    async list(rt, o = {}) {
      const path =
        collectionPath(rt, o.namespace) +
        query({ labelSelector: o.labelSelector, fieldSelector: o.fieldSelector });
      const list = (await send('GET', path)) as {
        items?: unknown[];
        metadata?: { resourceVersion?: string };
      };
      return { items: (list.items ?? []) as never[], resourceVersion: list.metadata?.resourceVersion ?? '' };
    },
    async create(rt, obj, o = {}) {
      const path = collectionPath(rt, obj.metadata?.namespace) + query({ fieldManager: o.fieldManager });
      return (await send('POST', path, obj)) as never;
    },
    async replace(rt, obj, o = {}) {
      const { name, namespace } = nameOf(obj);
      const path = objectPath(rt, name, namespace, o.subresource) + query({ fieldManager: o.fieldManager });
      return (await send('PUT', path, obj)) as never;
    },
    async patch(rt, target, type, body, o = {}) {
      const path =
        objectPath(rt, target.name, target.namespace, o.subresource) +
        query({
          fieldManager: o.fieldManager ?? (type === 'apply' ? 'keda-http' : undefined),
          force: o.force,
        });
      return (await send('PATCH', path, body, PATCH_CONTENT_TYPE[type])) as never;
    },
    async delete(rt, name, namespace, o = {}) {
      const body = { apiVersion: 'v1', kind: 'DeleteOptions', ...o };
      try {
        await send('DELETE', objectPath(rt, name, namespace), body);
        return true;
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) return false;
        throw err;
      }
    },
  };
}

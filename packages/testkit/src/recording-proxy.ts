// A recording HTTP proxy in front of an API server, for tests that must see exactly which requests a
// component sends (which verbs on which resources, how many status writes). Requests and responses are
// streamed through unchanged, watches included; a kubeconfig pointing at the proxy is written for clients.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigYaml } from '@keda-http/devcluster';
import { listen } from './listen.js';

export interface RecordedRequest {
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly userAgent: string | undefined;
}

export interface RecordingProxy {
  readonly url: string;
  /** A kubeconfig whose server is the proxy; removed by close(). */
  readonly kubeconfigPath: string;
  /** Every request so far, in arrival order. */
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingProxy(targetUrl: string): Promise<RecordingProxy> {
  const target = new URL(targetUrl);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', targetUrl);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      userAgent: req.headers['user-agent'],
    });
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        res.flushHeaders();
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  const listening = await listen(server);
  const dir = mkdtempSync(join(tmpdir(), 'recording-proxy-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, kubeconfigYaml(listening.url), { mode: 0o600 });
  return {
    url: listening.url,
    kubeconfigPath,
    requests,
    async close() {
      await listening.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A request as RBAC sees it. */
export interface KubeRequestAttributes {
  /** '' for the core group. */
  readonly group: string;
  /** The plural, with `/<subresource>` when there is one, e.g. `httpscaledobjects/status`. */
  readonly resource: string;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly verb: 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';
}

/** Maps an API request to RBAC attributes; undefined for non-resource paths (/version, /api, /openapi…). */
export function kubeRequestAttributes(req: RecordedRequest): KubeRequestAttributes | undefined {
  const parts = req.path
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [plural, name, subresource] = rest;
  if (plural === undefined) return undefined;
  const resource = subresource !== undefined ? `${plural}/${subresource}` : plural;
  const watch = req.query.get('watch') === 'true' || req.query.get('watch') === '1';
  const verbs: Record<string, KubeRequestAttributes['verb']> = {
    GET: name === undefined ? (watch ? 'watch' : 'list') : 'get',
    POST: 'create',
    PUT: 'update',
    PATCH: 'patch',
    DELETE: name === undefined ? 'deletecollection' : 'delete',
  };
  const verb = verbs[req.method];
  if (verb === undefined) return undefined;
  return { group, resource, namespace, name, verb };
}

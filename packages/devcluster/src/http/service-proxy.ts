// The services/proxy subresource: forwards method, headers, body and query to a ready backend of the
// Service and streams the response back (what `kubectl proxy` + curl and `kubectl get --raw` rely on).
import http from 'node:http';
import https from 'node:https';
import { failure } from '../api/status.js';
import type { Registry } from '../registry/registry.js';
import type { StoreState } from '../store/store-state.js';
import type { Call } from './call.js';
import type { ResourcePath } from './request-target.js';
import { sendStatus } from './respond.js';
import { resolveBackend } from './service-endpoints.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Re-encodes decoded path segments (a segment may itself hold "/" when the client encoded it as %2F). */
export function upstreamPath(rest: readonly string[], trailingSlash: boolean): string {
  const path = `/${rest.join('/')}${trailingSlash && rest.length > 0 ? '/' : ''}`;
  return encodeURI(path).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

function forwardedHeaders(headers: http.IncomingHttpHeaders, host: string): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  const connectionTokens = new Set(
    String(headers['connection'] ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase()),
  );
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined || HOP_BY_HOP.has(k) || connectionTokens.has(k) || k === 'authorization') continue;
    out[k] = v;
  }
  out['host'] = host;
  return out;
}

export function createServiceProxy(state: StoreState, registry: Registry) {
  return (call: Call, _type: unknown, path: ResourcePath): Promise<void> => {
    const backend = resolveBackend(state, registry, path.namespace ?? '', path.name ?? '');
    const target = `${upstreamPath(path.rest, path.trailingSlash)}${call.url.search}`;
    const host = `${backend.host}:${backend.port}`;
    const client = backend.scheme === 'https' ? https : http;
    return new Promise<void>((resolve) => {
      const upstream = client.request(
        {
          host: backend.host,
          port: backend.port,
          method: call.req.method,
          path: target,
          headers: forwardedHeaders(call.req.headers, host),
          rejectUnauthorized: false,
        },
        (response) => {
          const headers: http.OutgoingHttpHeaders = {};
          for (const [k, v] of Object.entries(response.headers))
            if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
          call.res.writeHead(response.statusCode ?? 502, headers);
          call.res.flushHeaders();
          response.pipe(call.res);
          response.on('end', resolve);
          response.on('error', () => {
            call.res.destroy();
            resolve();
          });
        },
      );
      upstream.on('error', (err) => {
        if (!call.res.headersSent) {
          sendStatus(
            call.res,
            failure(503, 'ServiceUnavailable', `error trying to reach service: ${err.message}`),
          );
        } else {
          call.res.destroy();
        }
        resolve();
      });
      call.res.on('close', () => {
        if (!call.res.writableFinished) upstream.destroy();
      });
      call.req.pipe(upstream);
    });
  };
}

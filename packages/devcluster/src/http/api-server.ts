// The HTTP front of devcluster: routes each request to discovery, OpenAPI, resources or devcluster's own
// endpoints, and maps every failure to a Status in exactly one place. Nothing a client sends may take the
// server down: unexpected errors become 500 InternalError responses.
import http from 'node:http';
import { ApiStatusError } from '../errors.js';
import { statuses } from '../api/status.js';
import type { Registry } from '../registry/registry.js';
import type { StoreInternals } from '../store/store.js';
import { AGGREGATED_DISCOVERY_CONTENT_TYPE, aggregatedDiscovery } from './aggregated-discovery.js';
import type { Call } from './call.js';
import { createDevclusterRoutes, type DevclusterRoutes } from './devcluster-routes.js';
import { coreVersions, groupDocument, groupList, resourceList } from './discovery.js';
import { negotiate } from './negotiate.js';
import { createOpenApi } from './openapi.js';
import { parseTarget } from './request-target.js';
import { handleResource, type SubresourceHandler } from './resource-handler.js';
import { sendJson, sendStatus } from './respond.js';
import { createServiceProxy } from './service-proxy.js';
import { createLineCache, type WatchSettings } from './watch-handler.js';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0',
  gitCommit: 'devcluster',
  gitTreeState: 'clean',
  buildDate: '2025-01-01T00:00:00Z',
  goVersion: 'go1.23.4',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export interface ApiServerOptions {
  readonly internals: StoreInternals;
  readonly registry: Registry;
  readonly watch: WatchSettings;
  /** Unexpected errors (bugs), reported after the client got a 500. */
  readonly onError?: (err: unknown) => void;
}

export interface ApiServer {
  readonly server: http.Server;
  readonly routes: DevclusterRoutes;
  /** Serves an extra subresource the registry lists (e.g. `pods/log`): `add('', 'pods', 'log', handler)`. */
  readonly subresources: {
    add(group: string, resource: string, subresource: string, handler: SubresourceHandler): void;
  };
}

function notFoundUnless(call: Call, body: unknown): void {
  if (body === undefined) sendStatus(call.res, statuses.pathNotFound());
  else sendJson(call.res, body);
}

/** Builds the server (not listening yet). */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const { registry, internals } = options;
  const openapi = createOpenApi(registry);
  const routes = createDevclusterRoutes();
  const proxy = createServiceProxy(internals.state, registry);
  const watch = { internals, settings: options.watch, cache: createLineCache() };
  const subresources = new Map<string, SubresourceHandler>();
  const ctx = { internals, registry, watch, proxy, subresources };

  async function route(call: Call): Promise<void> {
    const target = parseTarget(call.url.pathname);
    const discovery = negotiate(call.req.headers.accept, { allowDiscovery: true });
    switch (target.kind) {
      case 'version':
        return sendJson(call.res, VERSION_INFO);
      case 'health':
        call.res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
        call.res.end('ok');
        return;
      case 'core-versions':
        if (discovery.kind === 'aggregated-discovery') {
          return sendJson(call.res, aggregatedDiscovery(registry, true), {
            contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE,
          });
        }
        return sendJson(call.res, coreVersions(call.req.headers.host ?? '127.0.0.1'));
      case 'groups':
        if (discovery.kind === 'aggregated-discovery') {
          return sendJson(call.res, aggregatedDiscovery(registry, false), {
            contentType: AGGREGATED_DISCOVERY_CONTENT_TYPE,
          });
        }
        return sendJson(call.res, groupList(registry));
      case 'group':
        return notFoundUnless(call, groupDocument(registry, target.group));
      case 'group-version':
        return notFoundUnless(call, resourceList(registry, target.group, target.version));
      case 'openapi-v3':
        return sendJson(call.res, openapi.index());
      case 'openapi-v3-doc':
        return notFoundUnless(call, openapi.document(target.group, target.version));
      case 'resource':
        return handleResource(ctx, call, target.path);
      case 'devcluster':
        return routes.handle(call, target.segments);
      case 'unknown':
        return sendStatus(call.res, statuses.pathNotFound());
    }
  }

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://devcluster');
    } catch {
      sendStatus(res, statuses.badRequest('invalid request URL'));
      return;
    }
    const call: Call = {
      req,
      res,
      url,
      query: url.searchParams,
      representation: negotiate(req.headers.accept),
    };
    req.on('error', () => res.destroy());
    route(call).catch((err: unknown) => {
      if (err instanceof ApiStatusError) {
        if (!res.headersSent) sendStatus(res, err.status);
        else res.destroy();
        return;
      }
      options.onError?.(err);
      if (!res.headersSent)
        sendStatus(res, statuses.internal(err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });
  return {
    server,
    routes,
    subresources: {
      add: (group, resource, subresource, handler) =>
        void subresources.set(`${group}/${resource}/${subresource}`, handler),
    },
  };
}

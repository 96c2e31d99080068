// Every upstream origin the interceptor talks to, one UpstreamPool each, created on first use. With direct pod
// routing the origins are pod addresses; when an endpoint leaves its Service's EndpointSlices, its pool stops
// being handed out at once (the next endpoints snapshot no longer lists it) and is closed when its last
// request ends. Pools are shared by the Services that list the same address.
import type { LookupFunction } from 'node:net';
import type { ServiceEndpoints } from '@keda-http/k8s';
import { buildConnector } from 'undici';
import { UpstreamPool, type IdleBudget } from './upstream-pool.js';

export interface UpstreamsOptions {
  readonly connectTimeoutMs: number;
  /** KEDA_HTTP_MAX_IDLE_CONNS */
  readonly maxIdle: number;
  /** KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST */
  readonly maxIdlePerHost: number;
  /** Name resolution for Service host names (tests inject one); default the system resolver. */
  readonly lookup?: LookupFunction;
}

export interface UpstreamStats {
  readonly pools: number;
  readonly connections: number;
  readonly idle: number;
}

export interface Upstreams {
  /** The pool of `origin`, created when missing; `owner` (a Service key) keeps it alive. */
  pool(origin: string, owner: string, address: string): UpstreamPool;
  /** A Service's endpoints changed: pools of addresses it no longer lists lose it as an owner. */
  endpointsChanged(view: ServiceEndpoints): void;
  stats(): UpstreamStats;
  /** Closes every pool after its requests finish. */
  close(): Promise<void>;
  /** Closes every pool now. */
  destroy(): Promise<void>;
}

interface Entry {
  readonly pool: UpstreamPool;
  readonly address: string;
  readonly owners: Set<string>;
}

export function createUpstreams(options: UpstreamsOptions): Upstreams {
  const connector = buildConnector({
    timeout: options.connectTimeoutMs,
    ...(options.lookup !== undefined ? { lookup: options.lookup } : {}),
  });
  const budget: IdleBudget = { idle: 0, max: options.maxIdle };
  const entries = new Map<string, Entry>();
  const byOwner = new Map<string, Set<string>>();

  const drop = (origin: string, entry: Entry): void => {
    entries.delete(origin);
    void entry.pool.close();
  };

  return {
    pool(origin, owner, address) {
      let entry = entries.get(origin);
      if (entry === undefined) {
        const pool = new UpstreamPool({
          origin,
          connector,
          maxIdlePerHost: options.maxIdlePerHost,
          budget,
        });
        entry = { pool, address, owners: new Set() };
        entries.set(origin, entry);
      }
      if (!entry.owners.has(owner)) {
        entry.owners.add(owner);
        let origins = byOwner.get(owner);
        if (origins === undefined) byOwner.set(owner, (origins = new Set()));
        origins.add(origin);
      }
      return entry.pool;
    },
    endpointsChanged(view) {
      const origins = byOwner.get(view.key);
      if (origins === undefined) return;
      const listed = new Set(view.all.map((e) => e.address));
      for (const origin of origins) {
        const entry = entries.get(origin);
        if (entry === undefined || listed.has(entry.address)) continue;
        origins.delete(origin);
        entry.owners.delete(view.key);
        if (entry.owners.size === 0) drop(origin, entry);
      }
      if (origins.size === 0) byOwner.delete(view.key);
    },
    stats() {
      let connections = 0;
      let idle = 0;
      for (const { pool } of entries.values()) {
        connections += pool.size();
        idle += pool.idleCount();
      }
      return { pools: entries.size, connections, idle };
    },
    async close() {
      const all = [...entries.values()];
      entries.clear();
      byOwner.clear();
      await Promise.all(all.map((e) => e.pool.close()));
    },
    async destroy() {
      const all = [...entries.values()];
      entries.clear();
      byOwner.clear();
      await Promise.all(all.map((e) => e.pool.destroy()));
    },
  };
}

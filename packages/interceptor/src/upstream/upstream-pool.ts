// Keep-alive connections to one upstream origin, built on undici Clients (one connection each, no
// pipelining), with Go's Transport semantics for idle connections: there is no cap on connections in use (a
// request held by a slow backend never queues behind another), and a connection that goes idle is kept only
// while fewer than KEDA_HTTP_MAX_IDLE_CONNS_PER_HOST are idle here and fewer than KEDA_HTTP_MAX_IDLE_CONNS
// over all origins; otherwise it is closed. Taking an idle connection is a pop from a stack (O(1)), where
// undici's Pool scans its clients.
import { Client, type buildConnector } from 'undici';

/** Idle connections over every pool, against KEDA_HTTP_MAX_IDLE_CONNS. */
export interface IdleBudget {
  idle: number;
  readonly max: number;
}

export interface UpstreamPoolOptions {
  /** `http://host:port` */
  readonly origin: string;
  readonly connector: buildConnector.connector;
  readonly maxIdlePerHost: number;
  readonly budget: IdleBudget;
}

/**
 * One connection: an undici Client, and whether it already completed a request (so a failure on it may be a
 * kept-alive connection the backend closed). A wrapper rather than a property on the Client, so undici's own
 * objects keep the one shape its code is optimised for.
 */
export class Connection {
  readonly client: Client;
  used = false;

  constructor(client: Client) {
    this.client = client;
  }
}

export class UpstreamPool {
  readonly origin: string;
  /** Requests in flight on this origin, for the least-outstanding balancer. */
  outstanding = 0;
  private readonly idle: Connection[] = [];
  private readonly connections = new Set<Connection>();
  private readonly options: UpstreamPoolOptions;
  /** Parsed once: a Client given a string would parse (and keep) its own URL. */
  private readonly url: URL;
  private closed = false;

  constructor(options: UpstreamPoolOptions) {
    this.origin = options.origin;
    this.options = options;
    this.url = new URL(options.origin);
  }

  /** A connection for one request: an idle one, or a new one. */
  acquire(): Connection {
    const idle = this.idle.pop();
    if (idle !== undefined) {
      this.options.budget.idle--;
      return idle;
    }
    const client = new Client(this.url, {
      connect: this.options.connector,
      pipelining: 1,
      // The response-header timeout is set per request; a streamed body may pause for as long as it likes.
      bodyTimeout: 0,
    });
    const created = new Connection(client);
    this.connections.add(created);
    return created;
  }

  /** Gives a connection back after its request ended: kept idle within the caps, closed otherwise. */
  release(connection: Connection): void {
    const { budget, maxIdlePerHost } = this.options;
    if (!this.closed && this.idle.length < maxIdlePerHost && budget.idle < budget.max) {
      this.idle.push(connection);
      budget.idle++;
      return;
    }
    this.connections.delete(connection);
    connection.client.close().catch(() => undefined);
  }

  /** Idle connections kept right now. */
  idleCount(): number {
    return this.idle.length;
  }

  /** Every connection this pool holds (idle or in use). */
  size(): number {
    return this.connections.size;
  }

  /** Closes every connection once its request is done; later releases close at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.budget.idle -= this.idle.length;
    this.idle.length = 0;
    const all = [...this.connections];
    this.connections.clear();
    await Promise.all(all.map((c) => c.client.close().catch(() => undefined)));
  }

  /** Closes every connection now, failing requests still in flight. */
  async destroy(): Promise<void> {
    this.closed = true;
    this.options.budget.idle -= this.idle.length;
    this.idle.length = 0;
    const all = [...this.connections];
    this.connections.clear();
    await Promise.all(all.map((c) => c.client.destroy().catch(() => undefined)));
  }
}

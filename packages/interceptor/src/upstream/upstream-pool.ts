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

export class UpstreamPool {
  readonly origin: string;
  /** Requests in flight on this origin, for the least-outstanding balancer. */
  outstanding = 0;
  private readonly idle: Client[] = [];
  private readonly clients = new Set<Client>();
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
  acquire(): Client {
    const client = this.idle.pop();
    if (client !== undefined) {
      this.options.budget.idle--;
      return client;
    }
    const created = new Client(this.url, {
      connect: this.options.connector,
      pipelining: 1,
      // The response-header timeout is set per request; a streamed body may pause for as long as it likes.
      bodyTimeout: 0,
    });
    this.clients.add(created);
    return created;
  }

  /** Gives a connection back after its request ended: kept idle within the caps, closed otherwise. */
  release(client: Client): void {
    const { budget, maxIdlePerHost } = this.options;
    if (!this.closed && this.idle.length < maxIdlePerHost && budget.idle < budget.max) {
      this.idle.push(client);
      budget.idle++;
      return;
    }
    this.clients.delete(client);
    client.close().catch(() => undefined);
  }

  /** Idle connections kept right now. */
  idleCount(): number {
    return this.idle.length;
  }

  /** Every connection this pool holds (idle or in use). */
  size(): number {
    return this.clients.size;
  }

  /** Closes every connection once its request is done; later releases close at once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.options.budget.idle -= this.idle.length;
    this.idle.length = 0;
    const all = [...this.clients];
    this.clients.clear();
    await Promise.all(all.map((c) => c.close().catch(() => undefined)));
  }

  /** Closes every connection now, failing requests still in flight. */
  async destroy(): Promise<void> {
    this.closed = true;
    this.options.budget.idle -= this.idle.length;
    this.idle.length = 0;
    const all = [...this.clients];
    this.clients.clear();
    await Promise.all(all.map((c) => c.destroy().catch(() => undefined)));
  }
}

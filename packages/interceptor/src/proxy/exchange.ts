// One proxied request as it travels through the pipeline: the Node request and response, what the steps
// learned about it (route, endpoints, cold start) and how it can be cut short (client gone, deadline). One
// object per request, with a fixed shape; the AbortSignal and the deadline timer are only created when a step
// needs them, so the warm path allocates neither.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceEndpoints } from '@keda-http/k8s';
import { ClientGoneError, RequestTimeoutError } from '../errors.js';
import type { RouteRuntime } from './route-runtime.js';

/** Work in flight for an exchange that can be stopped when the exchange is cut short. */
export interface Cancellable {
  cancel(reason: Error): void;
}

/** State of the server an exchange arrived on, shared by all its exchanges. */
export interface ServerState {
  /** Shutting down: responses should close their connection. */
  draining: boolean;
}

export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** performance.now() when the request arrived. */
  readonly startedAt: number;
  readonly server: ServerState;
  /** Set by the routing step. */
  route: RouteRuntime | undefined = undefined;
  /** Set by the wait step: the Service's endpoints when at least one was ready. */
  endpoints: ServiceEndpoints | undefined = undefined;
  /** True when this request had to wait for a ready endpoint. */
  coldStart = false;
  /** Why the exchange was cut short (client gone, deadline), once it was. */
  cancelReason: Error | undefined = undefined;
  /** Set by the forward step while an upstream call is in flight. */
  inFlight: Cancellable | undefined = undefined;
  private controller: AbortController | undefined = undefined;
  private deadlineTimer: NodeJS.Timeout | undefined = undefined;

  constructor(req: IncomingMessage, res: ServerResponse, startedAt: number, server: ServerState) {
    this.req = req;
    this.res = res;
    this.startedAt = startedAt;
    this.server = server;
  }

  /** Aborted when the exchange is cut short; created on first use. */
  signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.cancelReason !== undefined) this.controller.abort(this.cancelReason);
    }
    return this.controller.signal;
  }

  /** Starts the request deadline. */
  startDeadline(timeoutMs: number): void {
    this.deadlineTimer = setTimeout(() => this.cancel(new RequestTimeoutError({ timeoutMs })), timeoutMs);
  }

  /** The response closed: if it had not finished, the client went away. */
  responseClosed(): void {
    if (!this.res.writableFinished) this.cancel(new ClientGoneError());
  }

  /** Cuts the exchange short (first reason wins): aborts the signal and any upstream call. */
  cancel(reason: Error): void {
    if (this.cancelReason !== undefined) return;
    this.cancelReason = reason;
    this.controller?.abort(reason);
    this.inFlight?.cancel(reason);
  }

  /** The matched route; the steps after routing may rely on it. */
  routed(): RouteRuntime {
    if (this.route === undefined) throw new Error('pipeline order: a step after routing ran without a route');
    return this.route;
  }

  /** Clears the deadline; called once the pipeline is done with the exchange. */
  finish(): void {
    if (this.deadlineTimer !== undefined) clearTimeout(this.deadlineTimer);
  }
}

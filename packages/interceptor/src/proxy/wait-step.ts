// Step "wait for the backend": a request goes on once its Service has a ready endpoint. The answer comes from
// the event-driven EndpointSlice cache, so the warm path is one snapshot read and no await. On the cold path
// the request waits for the watch event that brings the first ready endpoint, until the readiness timeout
// (504), the request deadline (504) or the client leaving, whichever comes first; it never polls.
import type { ReadyEndpointsCache } from '@keda-http/k8s';
import { ReadinessTimeoutError } from '../errors.js';
import type { Exchange } from './exchange.js';
import type { Handler, Step } from './step.js';

export function waitForBackendStep(endpoints: Pick<ReadyEndpointsCache, 'get' | 'waitForReady'>): Step {
  return (next) => (ex) => {
    const route = ex.routed();
    const now = endpoints.get(route.namespace, route.service);
    if (now.ready.length > 0) {
      ex.endpoints = now;
      return next(ex);
    }
    return waitThenForward(ex, next);
  };

  async function waitThenForward(ex: Exchange, next: Handler): Promise<void> {
    const route = ex.routed();
    ex.coldStart = true;
    const { readinessMs } = route.timeouts;
    const wait = new AbortController();
    const onCancel = (): void => wait.abort(ex.signal().reason);
    const exchangeSignal = ex.signal();
    if (exchangeSignal.aborted) throw exchangeSignal.reason;
    exchangeSignal.addEventListener('abort', onCancel, { once: true });
    const timer =
      readinessMs > 0
        ? setTimeout(
            () =>
              wait.abort(
                new ReadinessTimeoutError({
                  service: `${route.namespace}/${route.service}`,
                  timeoutMs: readinessMs,
                }),
              ),
            readinessMs,
          )
        : undefined;
    try {
      ex.endpoints = await endpoints.waitForReady(route.namespace, route.service, wait.signal);
    } finally {
      clearTimeout(timer);
      exchangeSignal.removeEventListener('abort', onCancel);
    }
    return next(ex);
  }
}

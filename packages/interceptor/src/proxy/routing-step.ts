// Step 2: finds the request's route in the current table snapshot (one lookup, SPEC §2) and starts the
// request deadline. No match is an expected outcome: 404 here, and the request is neither counted nor
// forwarded. A request without a Host header (HTTP/1.0; Node itself answers 400 to HTTP/1.1 ones) gets 400.
import { match, type RoutingTable } from '@keda-http/routing';
import { sendStatus } from './failure-response.js';
import type { RouteRuntimes } from './route-runtime.js';
import type { Step } from './step.js';

export interface RoutingStepOptions {
  /** The table in use right now; undefined before the first one loaded. */
  readonly table: () => RoutingTable | undefined;
  readonly runtimes: RouteRuntimes;
}

const done = Promise.resolve();

export function routingStep(options: RoutingStepOptions): Step {
  const { table, runtimes } = options;
  return (next) => (ex) => {
    const { req } = ex;
    const headers = req.headers;
    const host = headers.host;
    if (host === undefined || host === '') {
      sendStatus(ex.res, 400);
      return done;
    }
    const current = table();
    const found =
      current === undefined ? undefined : match(current, { host, path: requestPath(req.url), headers });
    if (found === undefined) {
      sendStatus(ex.res, 404);
      return done;
    }
    const route = runtimes(found.route);
    ex.route = route;
    if (route.timeouts.requestMs > 0) ex.startDeadline(route.timeouts.requestMs);
    return next(ex);
  };
}

/**
 * The path of the request target: origin-form as it is; absolute-form (`http://h/p?q`) reduced to its path
 * and query; `*` and anything unparsable match as `/`.
 */
export function requestPath(url: string | undefined): string {
  if (url === undefined || url === '') return '/';
  if (url.charCodeAt(0) === 47 /* / */) return url;
  if (!URL.canParse(url)) return '/';
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

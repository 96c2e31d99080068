// One HTTP request as the handlers see it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Representation } from './negotiate.js';

export interface Call {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly representation: Representation;
}

// The shape of the request pipeline (DESIGN habit 3). A handler takes an exchange and settles when the
// exchange is over: fulfilled when a response was sent (or the client left), rejected with a coded error that
// the outermost step turns into a status. A step wraps the next handler. A step that has nothing to do after
// `next` returns `next(ex)` itself, so it adds no promise of its own.
import type { Exchange } from './exchange.js';

export type Handler = (ex: Exchange) => Promise<void>;

export type Step = (next: Handler) => Handler;

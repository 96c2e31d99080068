// The error base class shared by every package that may import runtime, and the factory each package uses to
// declare its own catalogue of coded errors (the idea of fastify's lib/errors.js, with types). A code is stable
// and is what callers branch on; the message is for people; `cause` carries the wrapped error.
//
//   export const RouteTableStale = defineError<{ version: string }>(
//     'INTERCEPTOR_TABLE_STALE', ({ version }) => `routing table ${version} is stale`);
//   throw new RouteTableStale({ version }, { cause: err });
//   if (RouteTableStale.is(err)) …

export class CodedError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CodedError';
    this.code = code;
  }

  /** What the admin server and log lines show: never the stack, never the cause's internals. */
  toJSON(): { name: string; code: string; message: string } {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** An error class made by defineError: constructed from a typed detail, which it keeps. */
export type DefinedError<D> = CodedError & { readonly detail: D };

export interface DefinedErrorClass<D> {
  /** A `detail` of type void may be omitted: `new Closed()`. */
  new (detail: D, options?: ErrorOptions): DefinedError<D>;
  readonly code: string;
  /** True when `err` carries this class's code (also across two copies of the defining module). */
  is(err: unknown): err is DefinedError<D>;
}

/**
 * Declares one coded error. `message` renders the detail into the message; `name` (default 'CodedError') is
 * what stack traces print before the message.
 */
export function defineError<D = void>(
  code: string,
  message: (detail: D) => string,
  name = 'CodedError',
): DefinedErrorClass<D> {
  if (!/^[A-Z][A-Z0-9_]*$/.test(code))
    throw new TypeError(`error code must be UPPER_SNAKE_CASE, got "${code}"`);
  return class extends CodedError {
    static readonly code = code;
    readonly detail: D;
    constructor(detail: D, options?: ErrorOptions) {
      super(code, message(detail), options);
      this.name = name;
      this.detail = detail;
    }
    static is(err: unknown): err is DefinedError<D> {
      return hasCode(err, code);
    }
  };
}

/** True when `err` is an object whose `code` is `code` (works for Node's system errors too). */
export function hasCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}

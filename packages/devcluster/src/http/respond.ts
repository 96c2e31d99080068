// Writing responses: JSON (or YAML when asked) with the right status code, Status objects for failures,
// and `Warning` headers.
import type { ServerResponse } from 'node:http';
import YAML from 'yaml';
import type { Status } from '../api/status.js';
import type { Representation } from './negotiate.js';

export interface ResponseOptions {
  readonly code?: number;
  readonly contentType?: string;
  readonly warnings?: readonly string[];
  readonly representation?: Representation;
}

function warningHeader(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

/** Sends a value, or already serialised JSON (a string or UTF-8 bytes), as the response. */
export function sendJson(res: ServerResponse, body: unknown, options: ResponseOptions = {}): void {
  if (res.headersSent || res.destroyed) return;
  let contentType = options.contentType ?? 'application/json';
  let bytes: Buffer;
  if (options.representation?.kind === 'yaml') {
    const value: unknown =
      typeof body === 'string'
        ? JSON.parse(body)
        : Buffer.isBuffer(body)
          ? JSON.parse(body.toString('utf8'))
          : body;
    bytes = Buffer.from(YAML.stringify(value), 'utf8');
    contentType = 'application/yaml';
  } else if (Buffer.isBuffer(body)) {
    bytes = body;
  } else {
    bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  }
  const headers: Record<string, string | string[]> = {
    'Content-Type': contentType,
    'Cache-Control': 'no-cache, private',
    'Content-Length': String(bytes.length),
  };
  if (options.warnings !== undefined && options.warnings.length > 0) {
    headers['Warning'] = options.warnings.map(warningHeader);
  }
  res.writeHead(options.code ?? 200, headers);
  res.end(bytes);
}

export function sendStatus(res: ServerResponse, status: Status): void {
  sendJson(res, status, { code: status.code ?? 500 });
}

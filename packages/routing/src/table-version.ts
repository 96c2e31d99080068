// The table version: a content hash of the routes, so the same routes always give the same version, across
// operator restarts and replicas.
import { createHash } from 'node:crypto';
import type { Route } from './route.js';

/** A 16-hex-digit SHA-256 prefix of the routes' canonical JSON, independent of order and key order. */
export function tableVersion(routes: readonly Route[]): string {
  const sorted = [...routes].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return createHash('sha256').update(canonicalJson(sorted)).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted and undefined members left out, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const parts = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

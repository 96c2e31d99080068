// Plain-JSON helpers: the admission pipeline works on a private copy of the request object that holds only
import type { JSONSchemaProps } from './types.js';
// JSON values, whatever the caller passed in.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A deep copy that keeps only JSON values: non-finite numbers, functions, symbols and undefined are dropped. */
export function cloneJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v) ?? null);
  if (typeof value === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const copy = cloneJson(v);
      if (copy !== undefined) setOwn(out, k, copy);
    }
    return out;
  }
  return undefined;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Assigns an own property, even one named "__proto__" (plain assignment would replace the prototype). */
export function setOwn(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** The value as a schema node when it is an object (a CRD written by hand may hold anything). */
export function asSchema(value: unknown): JSONSchemaProps | undefined {
  return isObject(value) ? value : undefined;
}

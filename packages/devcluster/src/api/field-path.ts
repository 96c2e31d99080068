// Simple dotted field paths (`.spec.replicas`, `status.selector`), as used by CRD scale subresources.
import { isJsonObject, type JsonObject } from './types.js';

function segments(path: string): string[] {
  return path.split('.').filter((s) => s !== '');
}

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const s of segments(path)) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[s];
  }
  return cur;
}

/** Sets a value, creating intermediate objects; `obj` must be a mutable copy. */
export function setPath(obj: JsonObject, path: string, value: unknown): void {
  const parts = segments(path);
  let cur: JsonObject = obj;
  parts.forEach((s, i) => {
    if (i === parts.length - 1) {
      cur[s] = value;
      return;
    }
    if (!isJsonObject(cur[s])) cur[s] = {};
    cur = cur[s] as JsonObject;
  });
}

// Header matching (SPEC §1.1): all listed headers must match (AND); an entry without a value only needs the
// header to be present. Names are compared case-insensitively, values exactly.

/**
 * Request headers keyed by lower-case name, as Node's `IncomingMessage.headers` provides them. A repeated
 * header may be given as an array; a value matches when any element equals it.
 */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface CompiledHeader {
  /** Lower-case header name. */
  readonly name: string;
  readonly value: string | undefined;
}

export function compileHeaders(
  headers: readonly { name: string; value?: string | undefined }[],
): CompiledHeader[] {
  return headers.map((h) => ({ name: h.name.toLowerCase(), value: h.value }));
}

export function headersMatch(
  required: readonly CompiledHeader[],
  headers: RequestHeaders | undefined,
): boolean {
  for (const h of required) {
    const actual = headers?.[h.name];
    if (actual === undefined) return false;
    if (h.value === undefined) continue;
    if (typeof actual === 'string' ? actual !== h.value : !actual.includes(h.value)) return false;
  }
  return true;
}

// Header rewriting on the way to the backend and back (SPEC §4 Forwarding). Request: hop-by-hop headers (and
// any header the Connection header names) are dropped, the client's Host is kept, the client IP is appended to
// X-Forwarded-For, and X-Forwarded-Host / -Proto are kept when present and set when missing. Response: the
// same hop-by-hop filter, plus the cold-start header. Both produce the flat [name, value, …] arrays that
// undici and node:http take as they are, so nothing is copied twice.
import type { IncomingHttpHeaders } from 'node:http';
import { util as undiciUtil } from 'undici';

/** RFC 9110 §7.6.1 and the de-facto extras (Go's httputil strips the same set). */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers the interceptor itself consumes: Node already answered `Expect: 100-continue`. */
const CONSUMED: ReadonlySet<string> = new Set(['expect']);

export const COLD_START_HEADER = 'x-keda-http-cold-start';

/**
 * The header names listed in Connection header values, lower-cased, or undefined when there are none (the
 * common `keep-alive` and `close` name no header, so they skip the parsing).
 */
function connectionTokens(value: string | readonly string[] | undefined): Set<string> | undefined {
  if (value === undefined || value === 'keep-alive' || value === 'close' || value === 'Keep-Alive')
    return undefined;
  const tokens = new Set<string>();
  for (const v of typeof value === 'string' ? [value] : value) {
    for (const t of v.split(',')) {
      const token = t.trim().toLowerCase();
      if (token !== '') tokens.add(token);
    }
  }
  return tokens;
}

/** The client address as Go prints it: IPv4-mapped IPv6 addresses in their IPv4 form. */
export function clientAddress(remote: string | undefined): string | undefined {
  if (remote === undefined) return undefined;
  return remote.startsWith('::ffff:') && remote.includes('.') ? remote.slice(7) : remote;
}

/**
 * The headers to send upstream, from Node's parsed request headers (lower-case names; repeated headers
 * already combined the way HTTP allows).
 */
export function upstreamRequestHeaders(
  headers: IncomingHttpHeaders,
  clientIp: string | undefined,
  proto: 'http' | 'https',
): string[] {
  const out: string[] = [];
  const listed = headers.connection === undefined ? undefined : connectionTokens(headers.connection);
  let forwardedHost = false;
  let forwardedProto = false;
  let forwardedFor: string | undefined;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || CONSUMED.has(name)) continue;
    if (listed !== undefined && listed.has(name)) continue;
    if (name === 'x-forwarded-for') {
      forwardedFor = typeof value === 'string' ? value : value.join(', ');
      continue;
    }
    if (name === 'x-forwarded-host') forwardedHost = true;
    else if (name === 'x-forwarded-proto') forwardedProto = true;
    if (typeof value === 'string') out.push(name, value);
    else for (const v of value) out.push(name, v);
  }
  if (clientIp !== undefined) {
    out.push('x-forwarded-for', forwardedFor === undefined ? clientIp : `${forwardedFor}, ${clientIp}`);
  } else if (forwardedFor !== undefined) {
    out.push('x-forwarded-for', forwardedFor);
  }
  if (!forwardedHost && headers.host !== undefined) out.push('x-forwarded-host', headers.host);
  if (!forwardedProto) out.push('x-forwarded-proto', proto);
  return out;
}

/**
 * The headers to send back to the client, from undici's raw response headers (Buffers, names in any case):
 * names lower-cased, values kept byte for byte (latin1), hop-by-hop dropped, the cold-start header added when
 * `coldStart` is given.
 */
export function clientResponseHeaders(raw: readonly Buffer[], coldStart: string | undefined): string[] {
  const out: string[] = [];
  let listed: Set<string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = undiciUtil.headerNameToString(raw[i] as Buffer);
    if (HOP_BY_HOP.has(name)) {
      if (name === 'connection') {
        const tokens = connectionTokens((raw[i + 1] as Buffer).toString('latin1'));
        if (tokens !== undefined) {
          listed ??= new Set();
          for (const t of tokens) listed.add(t);
        }
      }
      continue;
    }
    if (coldStart !== undefined && name === COLD_START_HEADER) continue;
    out.push(name, (raw[i + 1] as Buffer).toString('latin1'));
  }
  if (listed !== undefined) {
    for (let i = out.length - 2; i >= 0; i -= 2) {
      if (listed.has(out[i] as string)) out.splice(i, 2);
    }
  }
  if (coldStart !== undefined) out.push(COLD_START_HEADER, coldStart);
  return out;
}

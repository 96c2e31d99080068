// An interceptor's GET /queue body, `{"ns/name": {"Concurrency": n, "RequestCount": n}, …}` (SPEC §4), read into
// parallel arrays: the fast reader of the format that queueCountsSchema (queue-endpoint.ts) defines, accepting
// the same bodies (queue-body.test.ts checks both against each other). The scaler reads fifty of these bodies
// of a thousand keys every tick, so the cost matters:
// - the fast path scans the compact form every JSON encoder writes for this shape (no whitespace, the two
//   fields in that order, plain keys) with one sticky regular expression, and builds no object per key;
// - anything else (spaces, other field order, escapes, extra fields, a bad value) takes the general path:
//   JSON.parse, then a check of every field, where a bad body is a QUEUE_BODY error naming the field and the
//   value found there.
// Both paths accept the same bodies and give the same counts (a key written twice, which no encoder does, is
// two entries on the fast path and its last value on the general one; the queue state then keeps the last).
import type { QueueCounts } from './counter.js';
import { QueueError } from './errors.js';

/** One answer's counts, key by key. */
export interface PodCounts {
  readonly keys: readonly string[];
  readonly concurrency: readonly number[];
  readonly requestCount: readonly number[];
}

const ENTRY =
  /"([^"\\/]+\/[^"\\/]+)":\{"Concurrency":(0|[1-9]\d{0,15}),"RequestCount":(0|[1-9]\d{0,15})\}([,}])/y;

/** Parses and checks a /queue body; throws QUEUE_BODY (naming the field) when it is not one. */
export function parseQueueBody(text: string, where: string): PodCounts {
  return scanCompact(text) ?? parseGeneral(text, where);
}

/** The same form from an already parsed body (tests, fakes). */
export function podCountsOf(counts: QueueCounts): PodCounts {
  const keys = Object.keys(counts);
  return {
    keys,
    concurrency: keys.map((k) => (counts[k] as QueueCounts[string]).Concurrency),
    requestCount: keys.map((k) => (counts[k] as QueueCounts[string]).RequestCount),
  };
}

function scanCompact(text: string): PodCounts | undefined {
  if (text === '{}') return { keys: [], concurrency: [], requestCount: [] };
  if (text.charCodeAt(0) !== 0x7b) return undefined;
  const keys: string[] = [];
  const concurrency: number[] = [];
  const requestCount: number[] = [];
  ENTRY.lastIndex = 1;
  for (;;) {
    const m = ENTRY.exec(text);
    if (m === null) return undefined;
    const c = Number(m[2]);
    const r = Number(m[3]);
    if (c > Number.MAX_SAFE_INTEGER || r > Number.MAX_SAFE_INTEGER) return undefined;
    keys.push(m[1] as string);
    concurrency.push(c);
    requestCount.push(r);
    if (m[4] === '}')
      return ENTRY.lastIndex === text.length ? { keys, concurrency, requestCount } : undefined;
  }
}

function parseGeneral(text: string, where: string): PodCounts {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new QueueError('QUEUE_BODY', `${where}: body is not JSON: ${JSON.stringify(text.slice(0, 80))}`, {
      cause,
    });
  }
  const bad = (field: string, expected: string, got: unknown): never => {
    throw new QueueError(
      'QUEUE_BODY',
      `${where}: bad body: ${field}: expected ${expected}, got ${show(got)}`,
    );
  };
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return bad('body', 'an object keyed by namespace/name', body);
  }
  const counts = body as Record<string, unknown>;
  const keys = Object.keys(counts);
  const concurrency: number[] = [];
  const requestCount: number[] = [];
  for (const key of keys) {
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1 || key.indexOf('/', slash + 1) !== -1) {
      bad(`body[${JSON.stringify(key)}]`, 'a key like namespace/name', key);
    }
    const record = counts[key] as { Concurrency?: unknown; RequestCount?: unknown } | null;
    if (typeof record !== 'object' || record === null) {
      return bad(`body[${JSON.stringify(key)}]`, 'an object with Concurrency and RequestCount', record);
    }
    const c = record.Concurrency;
    const r = record.RequestCount;
    if (!isCount(c)) bad(`body[${JSON.stringify(key)}].Concurrency`, 'a non-negative integer', c);
    if (!isCount(r)) bad(`body[${JSON.stringify(key)}].RequestCount`, 'a non-negative integer', r);
    concurrency.push(c as number);
    requestCount.push(r as number);
  }
  return { keys, concurrency, requestCount };
}

function isCount(n: unknown): boolean {
  return typeof n === 'number' && n >= 0 && n <= Number.MAX_SAFE_INTEGER && Math.floor(n) === n;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

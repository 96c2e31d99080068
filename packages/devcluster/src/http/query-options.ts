// Reads the query parameters (and DeleteOptions bodies) of resource requests into store options, answering
// 400 for values a real server would refuse.
import { fail, statuses } from '../api/status.js';
import { isJsonObject } from '../api/types.js';
import type { DeleteOptions, PropagationPolicy } from '../store/delete.js';
import type { FieldValidation, WriteOptions } from '../store/write-options.js';

function dryRunOf(values: string[]): boolean {
  for (const v of values) {
    if (v !== 'All')
      fail(statuses.badRequest(`Invalid dry run value: ${JSON.stringify(v)}: valid values are "All"`));
  }
  return values.length > 0;
}

export function writeOptions(query: URLSearchParams): WriteOptions & { force?: boolean } {
  const validation = query.get('fieldValidation') ?? 'Warn';
  if (!['Strict', 'Warn', 'Ignore'].includes(validation)) {
    fail(
      statuses.badRequest(
        `fieldValidation: Unsupported value: "${validation}": supported values: "Ignore", "Strict", "Warn"`,
      ),
    );
  }
  const options: {
    dryRun?: boolean;
    fieldValidation: FieldValidation;
    fieldManager?: string;
    force?: boolean;
  } = {
    fieldValidation: validation as FieldValidation,
  };
  if (dryRunOf(query.getAll('dryRun'))) options.dryRun = true;
  const manager = query.get('fieldManager');
  if (manager !== null) options.fieldManager = manager;
  if (query.get('force') === 'true') options.force = true;
  return options;
}

const POLICIES = ['Background', 'Foreground', 'Orphan'];

/** DeleteOptions from the query and the (optional) JSON body; the body wins where both are set. */
export function deleteOptions(query: URLSearchParams, body: unknown): DeleteOptions {
  const b = isJsonObject(body) ? body : {};
  const out: { -readonly [K in keyof DeleteOptions]: DeleteOptions[K] } = {};
  let policy: unknown = b['propagationPolicy'] ?? query.get('propagationPolicy') ?? undefined;
  const orphan =
    b['orphanDependents'] ??
    (query.has('orphanDependents') ? query.get('orphanDependents') === 'true' : undefined);
  if (policy === undefined && orphan !== undefined) policy = orphan === true ? 'Orphan' : 'Background';
  if (policy !== undefined && policy !== null) {
    if (typeof policy !== 'string' || !POLICIES.includes(policy)) {
      fail(
        statuses.badRequest(
          `propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Background", "Foreground", "Orphan"`,
        ),
      );
    }
    out.propagationPolicy = policy as PropagationPolicy;
  }
  const grace =
    b['gracePeriodSeconds'] ??
    (query.has('gracePeriodSeconds') ? Number(query.get('gracePeriodSeconds')) : undefined);
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== 'number' || !Number.isInteger(grace))
      fail(statuses.badRequest('gracePeriodSeconds must be an integer'));
    out.gracePeriodSeconds = grace;
  }
  if (isJsonObject(b['preconditions'])) {
    const p = b['preconditions'];
    const pre: { uid?: string; resourceVersion?: string } = {};
    if (typeof p['uid'] === 'string') pre.uid = p['uid'];
    if (typeof p['resourceVersion'] === 'string') pre.resourceVersion = p['resourceVersion'];
    out.preconditions = pre;
  }
  const dry = Array.isArray(b['dryRun']) ? b['dryRun'].map(String) : query.getAll('dryRun');
  if (dryRunOf(dry)) out.dryRun = true;
  return out;
}

/** `?watch=true` or `?watch=1`. */
export function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

export function selection(query: URLSearchParams, namespace: string | undefined) {
  return {
    namespace,
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
  };
}

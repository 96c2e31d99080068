// fieldValidation=Strict|Warn|Ignore: what the server does with fields the schema does not know.
import { fail, statuses } from '../api/status.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { FieldValidation } from './write-options.js';

/** Throws 400 under Strict, returns warnings under Warn, nothing under Ignore. */
export function checkUnknownFields(
  type: ResourceType,
  unknown: readonly string[],
  mode: FieldValidation | undefined,
): string[] {
  if (unknown.length === 0 || mode === undefined || mode === 'Ignore') return [];
  const list = unknown.map((f) => `unknown field "${f}"`);
  if (mode === 'Strict') {
    fail(
      statuses.badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${type.kind}: strict decoding error: ${list.join(', ')}`,
      ),
    );
  }
  return list;
}

// Label and field selectors of list and watch requests, compiled into one predicate. Field selectors are
// limited to the fields each resource supports on a real server (metadata.name, metadata.namespace and the
// kind's own field labels), so code that works here works there.
import { fail, statuses } from '../api/status.js';
import type { KubeObject } from '../api/types.js';
import type { ResourceType } from '../registry/resource-type.js';
import { parseFieldSelector, parseLabelSelector, SelectorParseError } from '../selectors/index.js';

export interface SelectionOptions {
  /** Only objects in this namespace (namespaced resources); undefined for all namespaces. */
  readonly namespace?: string | undefined;
  readonly labelSelector?: string | undefined;
  readonly fieldSelector?: string | undefined;
}

export type ObjectPredicate = (obj: KubeObject) => boolean;

/** The predicate for the options, or undefined when every object matches. Throws 400 on a bad selector. */
export function compileSelection(type: ResourceType, options: SelectionOptions): ObjectPredicate | undefined {
  const tests: ObjectPredicate[] = [];
  const namespace =
    type.namespaced && options.namespace !== undefined && options.namespace !== ''
      ? options.namespace
      : undefined;
  if (namespace !== undefined) tests.push((o) => o.metadata.namespace === namespace);
  try {
    if (options.labelSelector !== undefined && options.labelSelector.trim() !== '') {
      const labels = parseLabelSelector(options.labelSelector);
      if (labels.requirements.length > 0) tests.push((o) => labels.matches(o.metadata.labels));
    }
    if (options.fieldSelector !== undefined && options.fieldSelector.trim() !== '') {
      const fields = parseFieldSelector(options.fieldSelector);
      for (const r of fields.requirements) {
        if (
          r.field !== 'metadata.name' &&
          r.field !== 'metadata.namespace' &&
          !type.fieldLabels.includes(r.field)
        ) {
          fail(statuses.badRequest(`field label not supported: ${r.field}`));
        }
      }
      if (fields.requirements.length > 0) tests.push((o) => fields.matches(o));
    }
  } catch (err) {
    if (err instanceof SelectorParseError) fail(statuses.badRequest(err.message));
    throw err;
  }
  if (tests.length === 0) return undefined;
  if (tests.length === 1) return tests[0];
  return (o) => tests.every((t) => t(o));
}

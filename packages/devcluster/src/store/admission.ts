// The admission chain every write goes through, in the order a real API server runs it: defaults, custom
// resource schema (pruning, defaults, validation, CEL rules), then validation of metadata and of the kind.
// Any failure is a 422 Invalid Status naming the fields.
import { fail } from '../api/status.js';
import { isJsonObject, type KubeObject } from '../api/types.js';
import { applyBuiltinDefaults } from '../defaults/builtin-defaults.js';
import type { ResourceType } from '../registry/resource-type.js';
import { invalidStatus, type CompiledCrd } from '../schema/index.js';
import { validateBuiltin } from '../validation/builtin-validation.js';
import { validateObjectMeta } from '../validation/object-meta-validation.js';
import type { StoreState } from './store-state.js';

export interface Admitted {
  readonly object: KubeObject;
  /** Paths of fields the schema pruned (unknown fields), for fieldValidation=Strict|Warn. */
  readonly unknownFields: string[];
  /** Set when the object is a CRD: its compiled schemas, to activate once committed. */
  readonly compiledCrd?: CompiledCrd;
}

const CRD_KEY = 'apiextensions.k8s.io/CustomResourceDefinition';

/** Paths present in `before` but missing from `after` (defaults only add, so these were pruned). */
export function prunedPaths(before: unknown, after: unknown, path = ''): string[] {
  if (Array.isArray(before)) {
    if (!Array.isArray(after)) return [];
    return before.flatMap((item, i) => prunedPaths(item, after[i], `${path}[${i}]`));
  }
  if (!isJsonObject(before) || !isJsonObject(after)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(before)) {
    const at = path === '' ? k : `${path}.${k}`;
    if (!(k in after)) out.push(at);
    else out.push(...prunedPaths(v, after[k], at));
  }
  return out;
}

export function admit(
  state: StoreState,
  type: ResourceType,
  obj: KubeObject,
  old: KubeObject | undefined,
): Admitted {
  let object = obj;
  let unknownFields: string[] = [];
  let compiledCrd: CompiledCrd | undefined;
  const name = obj.metadata.name ?? '';
  if (type.crdName === undefined) {
    applyBuiltinDefaults(type, object, { old, allocator: state.allocator });
  } else {
    const schema = state.crds.schemaOf(type.crdName);
    if (schema !== undefined) {
      const result = schema.admit(type.version, object, old);
      unknownFields = prunedPaths(object, result.object);
      object = result.object as KubeObject;
      if (result.causes.length > 0) {
        fail(invalidStatus({ group: type.group, kind: type.kind, name, causes: result.causes }));
      }
    }
  }
  const causes = [...validateObjectMeta(type, object), ...validateBuiltin(type, object, old)];
  if (causes.length > 0) fail(invalidStatus({ group: type.group, kind: type.kind, name, causes }));
  if (`${type.group}/${type.kind}` === CRD_KEY) compiledCrd = state.crds.compile(object);
  return compiledCrd === undefined ? { object, unknownFields } : { object, unknownFields, compiledCrd };
}

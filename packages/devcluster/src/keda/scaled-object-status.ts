// Editing a ScaledObject's status the way KEDA fills it: conditions by type (Ready, Active, Fallback, and
// Paused when paused; KEDA's conditions carry no transition times), the scale target's kind and
// group/version/kind/resource, the HPA's name, trigger types and external metric names. Also finding the
// scale target: a served kind with a scale subresource, and the object itself.
import { isJsonObject, type JsonObject } from '../api/types.js';
import { tolerant } from '../controllers/object-refs.js';
import type { ResourceType } from '../registry/resource-type.js';
import type { ResourceClient } from '../store/resource-client.js';
import type { Store } from '../store/store.js';
import type { Condition } from './scale-decision.js';
import type { ScaledObjectConfig } from './scaled-object-spec.js';

export type ConditionType = 'Ready' | 'Active' | 'Fallback' | 'Paused';
const ORDER: readonly ConditionType[] = ['Ready', 'Active', 'Fallback', 'Paused'];

export const NO_FALLBACK: Condition = {
  status: 'False',
  reason: 'NoFallbackFound',
  message: 'No fallbacks are active on this scaled object',
};

export function conditionsOf(status: JsonObject): JsonObject[] {
  return Array.isArray(status['conditions']) ? status['conditions'].filter(isJsonObject) : [];
}

export function setCondition(status: JsonObject, type: ConditionType, c: Condition): void {
  const rest = conditionsOf(status).filter((x) => x['type'] !== type);
  const next = [...rest, { type, status: c.status, reason: c.reason, message: c.message }];
  next.sort((a, b) => ORDER.indexOf(a['type'] as ConditionType) - ORDER.indexOf(b['type'] as ConditionType));
  status['conditions'] = next;
}

export function removeCondition(status: JsonObject, type: ConditionType): void {
  status['conditions'] = conditionsOf(status).filter((x) => x['type'] !== type);
}

/** The fields KEDA sets once it has found the scale target. */
export function describeTarget(status: JsonObject, config: ScaledObjectConfig, type: ResourceType): void {
  status['scaleTargetKind'] = `${config.target.apiVersion}.${type.kind}`;
  status['scaleTargetGVKR'] = {
    group: type.group,
    version: type.version,
    kind: type.kind,
    resource: type.resource,
  };
  status['hpaName'] = `keda-hpa-${config.name}`;
  status['triggersTypes'] = [...new Set(config.triggers.map((t) => t.type))].join(',');
}

/** KEDA's name for a trigger's metric: `s<trigger index>-<metric name>`. */
export const externalMetricName = (trigger: number, metricName: string): string =>
  `s${trigger}-${metricName}`;

/** Rewrites the status through /status, unless the ScaledObject is gone or is another one by now. */
export function patchScaledObjectStatus(
  store: Store,
  at: { readonly namespace: string; readonly name: string; readonly uid: string },
  change: (status: JsonObject) => void,
): void {
  tolerant(() =>
    store.resource({ apiVersion: 'keda.sh/v1alpha1', kind: 'ScaledObject' }).mutate(
      at.namespace,
      at.name,
      (draft) => {
        if (draft.metadata.uid !== at.uid) return;
        const status = structuredClone(isJsonObject(draft['status']) ? draft['status'] : {});
        change(status);
        draft['status'] = status;
      },
      { subresource: 'status' },
    ),
  );
}

/** The client of the scale target's kind, once the target exists; or why it cannot be scaled. */
export function resolveScaleTarget(
  store: Store,
  config: ScaledObjectConfig,
): { readonly client: ResourceClient } | { readonly error: string } {
  const { apiVersion, kind, name } = config.target;
  let client: ResourceClient;
  try {
    client = store.resource({ apiVersion, kind });
  } catch {
    return { error: `scaleTargetRef: kind ${kind} of ${apiVersion} is not served` };
  }
  if (client.type.scale === undefined)
    return { error: `scaleTargetRef: ${client.type.resource} has no scale subresource` };
  if (client.get(config.namespace, name) === undefined)
    return { error: `scaleTargetRef: ${kind} ${config.namespace}/${name} not found` };
  return { client };
}

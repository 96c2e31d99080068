// A ScaledObject's spec, read the way KEDA reads it, with KEDA's defaults (pollingInterval 30 s,
// cooldownPeriod 300 s, initialCooldownPeriod 0, minReplicaCount 0, maxReplicaCount 100, scaleTargetRef
// apps/v1 Deployment), or the reason it cannot be used: a trigger type devcluster does not emulate (only
// `external` and `external-push`), a trigger without `scalerAddress`, replica bounds that contradict.
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { MetricType } from './hpa-formula.js';

export const PAUSED_ANNOTATION = 'autoscaling.keda.sh/paused';
export const PAUSED_REPLICAS_ANNOTATION = 'autoscaling.keda.sh/paused-replicas';

export interface TriggerConfig {
  readonly index: number;
  readonly type: 'external' | 'external-push';
  readonly scalerAddress: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly metricType: MetricType;
}

export interface ScaledObjectConfig {
  readonly namespace: string;
  readonly name: string;
  readonly target: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly pollingIntervalMs: number;
  readonly cooldownMs: number;
  readonly initialCooldownMs: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly idleReplicas: number | undefined;
  readonly restoreToOriginal: boolean;
  readonly triggers: readonly TriggerConfig[];
  /** From the paused-replicas annotation: hold the target at this count. */
  readonly pausedReplicas: number | undefined;
  /** From the paused annotation: no scaling at all. */
  readonly paused: boolean;
}

export type ParsedScaledObject =
  | { readonly ok: true; readonly config: ScaledObjectConfig }
  | { readonly ok: false; readonly message: string };

const obj = (v: unknown): JsonObject => (isJsonObject(v) ? v : {});
const int = (v: unknown, fallback: number): number =>
  typeof v === 'number' && Number.isInteger(v) ? v : fallback;

export function parseScaledObject(so: KubeObject): ParsedScaledObject {
  const spec = obj(so['spec']);
  const ref = obj(spec['scaleTargetRef']);
  const bad = (message: string): ParsedScaledObject => ({ ok: false, message });
  if (typeof ref['name'] !== 'string' || ref['name'] === '')
    return bad('spec.scaleTargetRef.name is required');
  const min = int(spec['minReplicaCount'], 0);
  const max = int(spec['maxReplicaCount'], 100);
  const idle = typeof spec['idleReplicaCount'] === 'number' ? spec['idleReplicaCount'] : undefined;
  if (min > max) return bad(`MinReplicaCount=${min} must be less than MaxReplicaCount=${max}`);
  if (idle !== undefined && idle >= min)
    return bad(`MinReplicaCount=${min} must be greater than IdleReplicaCount=${idle}`);
  const rawTriggers = Array.isArray(spec['triggers']) ? spec['triggers'] : [];
  if (rawTriggers.length === 0) return bad('spec.triggers: at least one trigger is required');
  const triggers: TriggerConfig[] = [];
  for (const [index, raw] of rawTriggers.entries()) {
    const t = obj(raw);
    const type = t['type'];
    if (type !== 'external' && type !== 'external-push') {
      return bad(
        `spec.triggers[${index}].type: no scaler found for type ${JSON.stringify(type ?? '')} (devcluster emulates only external and external-push)`,
      );
    }
    const metadata: Record<string, string> = {};
    for (const [k, v] of Object.entries(obj(t['metadata']))) if (typeof v === 'string') metadata[k] = v;
    const scalerAddress = metadata['scalerAddress'];
    if (scalerAddress === undefined || scalerAddress === '')
      return bad(`spec.triggers[${index}].metadata.scalerAddress is required for ${type} triggers`);
    const metricType = t['metricType'] ?? 'AverageValue';
    if (metricType !== 'AverageValue' && metricType !== 'Value')
      return bad(
        `spec.triggers[${index}].metricType: ${JSON.stringify(metricType)} is not supported for ${type} triggers`,
      );
    triggers.push({ index, type, scalerAddress, metadata, metricType });
  }
  const annotations = so.metadata.annotations ?? {};
  const pausedRaw = annotations[PAUSED_REPLICAS_ANNOTATION];
  let pausedReplicas: number | undefined;
  if (pausedRaw !== undefined) {
    if (!/^\d+$/.test(pausedRaw))
      return bad(`annotation ${PAUSED_REPLICAS_ANNOTATION}: "${pausedRaw}" is not a replica count`);
    pausedReplicas = Number(pausedRaw);
  }
  const advanced = obj(spec['advanced']);
  return {
    ok: true,
    config: {
      namespace: so.metadata.namespace ?? 'default',
      name: so.metadata.name ?? '',
      target: {
        apiVersion:
          typeof ref['apiVersion'] === 'string' && ref['apiVersion'] !== '' ? ref['apiVersion'] : 'apps/v1',
        kind: typeof ref['kind'] === 'string' && ref['kind'] !== '' ? ref['kind'] : 'Deployment',
        name: ref['name'],
      },
      pollingIntervalMs: Math.max(1, int(spec['pollingInterval'], 30)) * 1000,
      cooldownMs: int(spec['cooldownPeriod'], 300) * 1000,
      initialCooldownMs: int(spec['initialCooldownPeriod'], 0) * 1000,
      minReplicas: min,
      maxReplicas: max,
      idleReplicas: idle,
      restoreToOriginal: advanced['restoreToOriginalReplicaCount'] === true,
      triggers,
      pausedReplicas,
      paused: annotations[PAUSED_ANNOTATION] === 'true' || pausedReplicas !== undefined,
    },
  };
}

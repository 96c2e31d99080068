// The autoscaling/v1 Scale view of an object with a scale subresource (apps/v1 workloads, or a CRD's
// specReplicasPath/statusReplicasPath/labelSelectorPath), and writing a Scale back into the object.
import { cloneJson } from '../api/deep-values.js';
import { getPath, setPath } from '../api/field-path.js';
import { isJsonObject, type JsonObject, type KubeObject } from '../api/types.js';
import type { ResourceType, ScalePaths } from '../registry/resource-type.js';

/** Formats a LabelSelector object the way kubectl and the API server print selectors (`app=x,tier in (a,b)`). */
export function formatLabelSelector(selector: unknown): string {
  if (!isJsonObject(selector)) return '';
  const parts: { key: string; text: string }[] = [];
  if (isJsonObject(selector['matchLabels'])) {
    for (const [k, v] of Object.entries(selector['matchLabels']))
      parts.push({ key: k, text: `${k}=${String(v)}` });
  }
  if (Array.isArray(selector['matchExpressions'])) {
    for (const e of selector['matchExpressions']) {
      if (!isJsonObject(e) || typeof e['key'] !== 'string') continue;
      const key = e['key'];
      const values = Array.isArray(e['values']) ? e['values'].map(String).sort() : [];
      switch (e['operator']) {
        case 'In':
          parts.push({ key, text: `${key} in (${values.join(',')})` });
          break;
        case 'NotIn':
          parts.push({ key, text: `${key} notin (${values.join(',')})` });
          break;
        case 'Exists':
          parts.push({ key, text: key });
          break;
        case 'DoesNotExist':
          parts.push({ key, text: `!${key}` });
          break;
      }
    }
  }
  return parts
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((p) => p.text)
    .join(',');
}

function selectorOf(obj: KubeObject, paths: ScalePaths): string | undefined {
  if (paths.labelSelectorPath === undefined) return undefined;
  const value = getPath(obj, paths.labelSelectorPath);
  if (paths.labelSelectorIsObject) return formatLabelSelector(value);
  return typeof value === 'string' ? value : undefined;
}

const asCount = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** The Scale object a GET of `<resource>/<name>/scale` returns. */
export function scaleOf(type: ResourceType & { scale: ScalePaths }, obj: KubeObject): KubeObject {
  const meta = obj.metadata;
  const metadata: JsonObject = { name: meta.name };
  if (meta.namespace !== undefined) metadata['namespace'] = meta.namespace;
  metadata['uid'] = meta.uid;
  metadata['resourceVersion'] = meta.resourceVersion;
  metadata['creationTimestamp'] = meta.creationTimestamp;
  const status: JsonObject = { replicas: asCount(getPath(obj, type.scale.statusReplicasPath)) };
  const selector = selectorOf(obj, type.scale);
  if (selector !== undefined && selector !== '') status['selector'] = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata,
    spec: { replicas: asCount(getPath(obj, type.scale.specReplicasPath)) },
    status,
  };
}

/** A copy of `obj` with the Scale's spec.replicas written into it (and its resourceVersion, for the conflict check). */
export function withScale(
  type: ResourceType & { scale: ScalePaths },
  obj: KubeObject,
  scale: JsonObject,
): KubeObject {
  const next = cloneJson(obj);
  const spec = isJsonObject(scale['spec']) ? scale['spec'] : {};
  setPath(next, type.scale.specReplicasPath, spec['replicas']);
  const meta = isJsonObject(scale['metadata']) ? scale['metadata'] : {};
  if (typeof meta['resourceVersion'] === 'string' && meta['resourceVersion'] !== '') {
    next.metadata.resourceVersion = meta['resourceVersion'];
  }
  return next;
}

// Aggregated discovery (apidiscovery.k8s.io/v2): every group, version and resource of /api or /apis in one
// document, which cuts kubectl's discovery to two requests. The response Content-Type must be exactly
// AGGREGATED_DISCOVERY_CONTENT_TYPE for kubectl to accept it.
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';
import { SUBRESOURCE_VERBS } from './discovery.js';

export const AGGREGATED_DISCOVERY_CONTENT_TYPE =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

function resourceEntry(t: ResourceType): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    resource: t.resource,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  if (t.shortNames.length > 0) entry['shortNames'] = t.shortNames;
  if (t.categories.length > 0) entry['categories'] = t.categories;
  const subresources: Record<string, unknown>[] = [];
  if (t.status) {
    subresources.push({
      subresource: 'status',
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      verbs: SUBRESOURCE_VERBS,
    });
  }
  if (t.scale !== undefined) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: SUBRESOURCE_VERBS,
    });
  }
  for (const sub of t.extraSubresources) {
    subresources.push({
      subresource: sub.name,
      responseKind: { group: '', version: 'v1', kind: sub.kind },
      verbs: sub.verbs,
    });
  }
  if (subresources.length > 0) entry['subresources'] = subresources;
  return entry;
}

/** The discovery document of the core group (`core: true`, for /api) or of all named groups (for /apis). */
export function aggregatedDiscovery(registry: Registry, core: boolean): unknown {
  const items = registry
    .groups()
    .filter((g) => (g.group === '') === core)
    .map((g) => ({
      metadata: { name: g.group, creationTimestamp: null },
      versions: g.versions.map((version) => ({
        version,
        resources: registry.resourcesOf(g.group, version).map(resourceEntry),
        freshness: 'Current',
      })),
    }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

// Legacy discovery: /api, /apis, /apis/<group> and the APIResourceList of each group/version, with
// subresources as separate entries (`deployments/scale` names autoscaling/v1 Scale, which kubectl scale needs).
import type { Registry } from '../registry/registry.js';
import type { ResourceType } from '../registry/resource-type.js';

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function coreVersions(serverAddress: string): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(name: string, versions: readonly string[]): Record<string, unknown> {
  const list = versions.map((v) => ({ groupVersion: groupVersion(name, v), version: v }));
  return { name, versions: list, preferredVersion: list[0] };
}

export function groupList(registry: Registry): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.group !== '')
      .map((g) => apiGroup(g.group, g.versions)),
  };
}

export function groupDocument(registry: Registry, group: string): unknown {
  const found = registry.groups().find((g) => g.group === group && group !== '');
  return found === undefined
    ? undefined
    : { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(found.group, found.versions) };
}

export const SUBRESOURCE_VERBS = ['get', 'patch', 'update'] as const;

function resourceEntries(t: ResourceType): Record<string, unknown>[] {
  const main: Record<string, unknown> = {
    name: t.resource,
    singularName: t.singular,
    namespaced: t.namespaced,
    kind: t.kind,
    verbs: t.verbs,
  };
  if (t.shortNames.length > 0) main['shortNames'] = t.shortNames;
  if (t.categories.length > 0) main['categories'] = t.categories;
  const out = [main];
  if (t.status)
    out.push({
      name: `${t.resource}/status`,
      singularName: '',
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: SUBRESOURCE_VERBS,
    });
  if (t.scale !== undefined) {
    out.push({
      name: `${t.resource}/scale`,
      singularName: '',
      namespaced: t.namespaced,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: SUBRESOURCE_VERBS,
    });
  }
  for (const sub of t.extraSubresources) {
    out.push({
      name: `${t.resource}/${sub.name}`,
      singularName: '',
      namespaced: t.namespaced,
      kind: sub.kind,
      verbs: sub.verbs,
    });
  }
  return out;
}

export function resourceList(registry: Registry, group: string, version: string): unknown {
  const types = registry.resourcesOf(group, version);
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: types.flatMap(resourceEntries),
  };
}

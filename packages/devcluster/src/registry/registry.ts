// The live set of served resources. Built-ins are registered once; each CRD registers its served versions
// when it is created or updated and unregisters them when it goes away. Discovery and OpenAPI read the
// registry on every request and watch `revision` to know when their documents change.
import { apiVersionOf, type ResourceType } from './resource-type.js';

export interface GroupVersions {
  readonly group: string;
  /** Served versions, preferred first. */
  readonly versions: readonly string[];
}

export interface Registry {
  /** The resource served at /apis/<group>/<version>/<resource>, if any. */
  lookup(group: string, version: string, resource: string): ResourceType | undefined;
  /** The resource of a kind at an apiVersion, if any. */
  byKind(apiVersion: string, kind: string): ResourceType | undefined;
  /** All types of one group/version, in registration order. */
  resourcesOf(group: string, version: string): ResourceType[];
  /** All served types. */
  all(): ResourceType[];
  /** The groups and their versions, core first, in registration order. */
  groups(): GroupVersions[];
  /** Replaces the types registered under `owner` (a CRD name, or "builtin"). */
  register(owner: string, types: readonly ResourceType[]): void;
  unregister(owner: string): void;
  /** Increases whenever the set of served resources changes. */
  readonly revision: number;
}

export function createRegistry(): Registry {
  const byOwner = new Map<string, readonly ResourceType[]>();
  let index = new Map<string, ResourceType>();
  let kinds = new Map<string, ResourceType>();
  let ordered: ResourceType[] = [];
  let revision = 0;

  function rebuild(): void {
    index = new Map();
    kinds = new Map();
    ordered = [];
    for (const types of byOwner.values()) {
      for (const t of types) {
        index.set(`${t.group}/${t.version}/${t.resource}`, t);
        kinds.set(`${apiVersionOf(t)}/${t.kind}`, t);
        ordered.push(t);
      }
    }
    revision++;
  }

  return {
    lookup: (group, version, resource) => index.get(`${group}/${version}/${resource}`),
    byKind: (apiVersion, kind) => kinds.get(`${apiVersion}/${kind}`),
    resourcesOf: (group, version) => ordered.filter((t) => t.group === group && t.version === version),
    all: () => [...ordered],
    groups() {
      const out = new Map<string, string[]>();
      for (const t of ordered) {
        const versions = out.get(t.group) ?? [];
        if (!versions.includes(t.version)) versions.push(t.version);
        out.set(t.group, versions);
      }
      return [...out].map(([group, versions]) => ({ group, versions: sortVersions(versions) }));
    },
    register(owner, types) {
      byOwner.set(owner, types);
      rebuild();
    },
    unregister(owner) {
      if (byOwner.delete(owner)) rebuild();
    },
    get revision() {
      return revision;
    },
  };
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v2 > v1 > v1beta2 > v1beta1). */
export function sortVersions(versions: readonly string[]): string[] {
  const rank = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [3, 0, 0];
    const stage = m[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  return [...versions].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < 3; i++) {
      const d = (ra[i] as number) - (rb[i] as number);
      if (d !== 0) return d;
    }
    return a.localeCompare(b);
  });
}

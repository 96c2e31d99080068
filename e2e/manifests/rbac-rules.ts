// What the RBAC objects of a rendered manifest grant to one ServiceAccount, and whether that allows a given
// API request: the subset of Kubernetes' RBAC authorizer the add-on's roles use (no aggregation, no
// non-resource URLs).
import type { KubeRequestAttributes } from '@keda-http/testkit';
import type { KubeDoc } from './rendered-manifests.js';

interface Rule {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
}

interface Binding {
  readonly roleRef: { readonly kind: string; readonly name: string };
  readonly subjects?: readonly { kind: string; name: string; namespace?: string }[];
}

/** One rule as granted: `namespace` undefined means cluster-wide (a ClusterRole bound by a ClusterRoleBinding). */
export interface Grant {
  readonly namespace: string | undefined;
  readonly rule: Rule;
}

export function grantsFor(docs: readonly KubeDoc[], account: { namespace: string; name: string }): Grant[] {
  const roleRules = (kind: string, name: string, namespace: string | undefined): readonly Rule[] => {
    const role = docs.find(
      (d) =>
        d.kind === kind &&
        d.metadata.name === name &&
        (kind === 'ClusterRole' || d.metadata.namespace === namespace),
    );
    if (role === undefined) throw new Error(`a binding refers to ${kind} ${name}, which is not rendered`);
    return (role['rules'] as Rule[] | undefined) ?? [];
  };
  const grants: Grant[] = [];
  for (const doc of docs) {
    if (doc.kind !== 'RoleBinding' && doc.kind !== 'ClusterRoleBinding') continue;
    const binding = doc as unknown as Binding & KubeDoc;
    const bound = (binding.subjects ?? []).some(
      (s) => s.kind === 'ServiceAccount' && s.name === account.name && s.namespace === account.namespace,
    );
    if (!bound) continue;
    const scope = doc.kind === 'RoleBinding' ? doc.metadata.namespace : undefined;
    for (const rule of roleRules(binding.roleRef.kind, binding.roleRef.name, doc.metadata.namespace)) {
      grants.push({ namespace: scope, rule });
    }
  }
  return grants;
}

/** Does some grant allow the request? */
export function allows(grants: readonly Grant[], req: KubeRequestAttributes): boolean {
  return grants.some(
    ({ namespace, rule }) =>
      (namespace === undefined || namespace === req.namespace) &&
      (rule.apiGroups ?? []).includes(req.group) &&
      (rule.resources ?? []).includes(req.resource) &&
      (rule.verbs ?? []).includes(req.verb) &&
      (rule.resourceNames === undefined || (req.name !== undefined && rule.resourceNames.includes(req.name))),
  );
}

/** Every grant as comparable strings: `<namespace or *> <group> <resource> <verb> [<name>]`. */
export function grantStrings(grants: readonly Grant[]): string[] {
  const out = new Set<string>();
  for (const { namespace, rule } of grants) {
    for (const group of rule.apiGroups ?? [])
      for (const resource of rule.resources ?? [])
        for (const verb of rule.verbs ?? [])
          for (const name of rule.resourceNames ?? [''])
            out.add(`${namespace ?? '*'} ${group || '""'} ${resource} ${verb}${name ? ` ${name}` : ''}`);
  }
  return [...out].sort();
}

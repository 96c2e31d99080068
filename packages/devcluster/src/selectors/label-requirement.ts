// One requirement of a label selector ("app=web", "tier in (a,b)", "!canary") and how Kubernetes validates,
// matches and prints it (k8s.io/apimachinery/pkg/labels: Requirement).

export type LabelOperator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | '>' | '<';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted and de-duplicated, as Kubernetes keeps them. Empty for exists and `!`. */
  readonly values: readonly string[];
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const INTEGER = /^[-+]?\d+$/;

/** Why `key` is not a qualified name (`[prefix/]name`), or undefined when it is one. */
export function qualifiedNameProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix.length === 0) return 'the prefix before "/" must not be empty';
    if (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)) {
      return 'the prefix must be a lowercase DNS subdomain of at most 253 characters';
    }
  }
  if (name.length === 0) return 'the key must not be empty';
  if (name.length > 63) return 'the name part of the key must be at most 63 characters';
  if (!NAME.test(name)) {
    return "the name part of the key must consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is one. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'a label value must be at most 63 characters';
  if (!VALUE.test(value)) {
    return "a label value must be empty or consist of alphanumeric characters, '-', '_' or '.', and start and end with an alphanumeric character";
  }
  return undefined;
}

/** Why the requirement is invalid, or undefined when it is valid. Values are checked as Kubernetes checks them. */
export function requirementProblem(req: LabelRequirement): string | undefined {
  const keyProblem = qualifiedNameProblem(req.key);
  if (keyProblem) return keyProblem;
  switch (req.operator) {
    case 'in':
    case 'notin':
      if (req.values.length === 0) return `the values of "${req.operator}" must not be empty`;
      break;
    case '=':
    case '==':
    case '!=':
      if (req.values.length !== 1) return `"${req.operator}" takes exactly one value`;
      break;
    case 'exists':
    case '!':
      if (req.values.length !== 0) return 'an existence requirement takes no values';
      break;
    case '>':
    case '<':
      if (req.values.length !== 1 || !INTEGER.test(req.values[0] as string)) {
        return `"${req.operator}" takes exactly one integer value`;
      }
      return undefined;
  }
  for (const v of req.values) {
    const problem = labelValueProblem(v);
    if (problem) return `${problem} (got "${v}")`;
  }
  return undefined;
}

export function makeRequirement(
  key: string,
  operator: LabelOperator,
  values: readonly string[],
): LabelRequirement {
  return { key, operator, values: [...new Set(values)].sort() };
}

export function requirementMatches(req: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case '=':
    case '==':
    case 'in':
      return has && req.values.includes(value as string);
    case '!=':
    case 'notin':
      return !has || !req.values.includes(value as string);
    case 'exists':
      return has;
    case '!':
      return !has;
    case '>':
    case '<': {
      if (!has || !INTEGER.test(value as string)) return false;
      const actual = BigInt(value as string);
      const bound = BigInt(req.values[0] as string);
      return req.operator === '>' ? actual > bound : actual < bound;
    }
  }
}

export function requirementToString(req: LabelRequirement): string {
  switch (req.operator) {
    case 'exists':
      return req.key;
    case '!':
      return `!${req.key}`;
    case 'in':
    case 'notin':
      return `${req.key} ${req.operator} (${req.values.join(',')})`;
    default:
      return `${req.key}${req.operator}${req.values[0] ?? ''}`;
  }
}

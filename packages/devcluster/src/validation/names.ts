// Name and label rules of Kubernetes object metadata (RFC 1123 subdomains and labels, RFC 1035 labels,
// qualified label keys, label values, path-segment names).

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

/** The problems with `name` under `rule`, worded like Kubernetes; empty when it is valid. */
export function nameProblems(name: string, rule: NameRule): string[] {
  switch (rule) {
    case 'subdomain':
      if (name.length > 253) return ['must be no more than 253 characters'];
      return DNS1123_SUBDOMAIN.test(name)
        ? []
        : [
            "must be a lowercase RFC 1123 subdomain: lower case alphanumeric characters, '-' or '.', starting and ending with an alphanumeric character (e.g. 'example.com')",
          ];
    case 'label':
      if (name.length > 63) return ['must be no more than 63 characters'];
      return DNS1123_LABEL.test(name)
        ? []
        : [
            "must be a lowercase RFC 1123 label: lower case alphanumeric characters or '-', starting and ending with an alphanumeric character (e.g. 'my-name' or '123-abc')",
          ];
    case 'dns1035':
      if (name.length > 63) return ['must be no more than 63 characters'];
      return DNS1035_LABEL.test(name)
        ? []
        : [
            "must be a DNS-1035 label: lower case alphanumeric characters or '-', starting with a letter and ending with an alphanumeric character (e.g. 'my-name' or 'abc-123')",
          ];
    case 'path-segment':
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      if (name.includes('/')) return ["may not contain '/'"];
      if (name.includes('%')) return ["may not contain '%'"];
      return [];
  }
}

/** Problems with a label or annotation key (`[prefix/]name`). */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2)
    return ['a qualified name must consist of at most one prefix and a name separated by "/"'];
  const name = parts.length === 2 ? (parts[1] as string) : key;
  const problems: string[] = [];
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix.length === 0) problems.push('prefix part must be non-empty');
    else problems.push(...nameProblems(prefix, 'subdomain').map((p) => `prefix part ${p}`));
  }
  if (name.length === 0) problems.push('name part must be non-empty');
  else if (name.length > 63) problems.push('name part must be no more than 63 characters');
  else if (!QUALIFIED_NAME.test(name)) {
    problems.push(
      "name part must be alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyName', 'my.name' or '123-abc')",
    );
  }
  return problems;
}

/** Problems with a label value (empty is allowed). */
export function labelValueProblems(value: string): string[] {
  if (value.length === 0) return [];
  if (value.length > 63) return ['must be no more than 63 characters'];
  return QUALIFIED_NAME.test(value)
    ? []
    : [
        "must be empty or alphanumeric characters, '-', '_' or '.', starting and ending with an alphanumeric character (e.g. 'MyValue', 'my_value' or '12345')",
      ];
}

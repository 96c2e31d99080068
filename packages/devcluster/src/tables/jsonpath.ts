// The JSONPath subset that CRD printer columns use: `.a.b`, `.a[0]`, `.a[*].b`, `['key.with.dots']` and
// filters such as `.status.conditions[?(@.type=="Ready")].status`. Unsupported syntax yields no value.

type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'all' }
  | {
      readonly kind: 'filter';
      readonly path: readonly string[];
      readonly op: '==' | '!=';
      readonly value: unknown;
    };

const FILTER =
  /^\?\(@((?:\.[A-Za-z0-9_-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?)|(true|false))\)$/;

function parseBracket(inner: string): Step | undefined {
  const trimmed = inner.trim();
  if (trimmed === '*') return { kind: 'all' };
  if (/^-?\d+$/.test(trimmed)) return { kind: 'index', index: Number(trimmed) };
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(trimmed);
  if (quoted) return { kind: 'field', name: quoted[1] ?? quoted[2] ?? '' };
  const f = FILTER.exec(trimmed);
  if (!f) return undefined;
  const path = (f[1] as string).split('.').filter((s) => s !== '');
  const value = f[3] ?? f[4] ?? (f[5] !== undefined ? Number(f[5]) : f[6] === 'true');
  return { kind: 'filter', path, op: f[2] as '==' | '!=', value };
}

/** Parses a path; undefined when it uses syntax outside the subset. */
export function parseJsonPath(text: string): Step[] | undefined {
  let path = text.trim();
  if (path.startsWith('{') && path.endsWith('}')) path = path.slice(1, -1);
  if (path.startsWith('$')) path = path.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z0-9_\-/]+/.exec(path.slice(i + 1));
      if (!m) return undefined;
      steps.push({ kind: 'field', name: m[0] });
      i += 1 + m[0].length;
    } else if (c === '[') {
      let depth = 0;
      let j = i;
      for (; j < path.length; j++) {
        if (path[j] === '[') depth++;
        else if (path[j] === ']' && --depth === 0) break;
      }
      if (j >= path.length) return undefined;
      const step = parseBracket(path.slice(i + 1, j));
      if (step === undefined) return undefined;
      steps.push(step);
      i = j + 1;
    } else {
      return undefined;
    }
  }
  return steps;
}

function at(value: unknown, path: readonly string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

/** Every value the path selects, in document order. */
export function evaluateJsonPath(steps: readonly Step[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (step.kind === 'field') {
        if (typeof v === 'object' && v !== null && !Array.isArray(v) && step.name in v)
          next.push((v as Record<string, unknown>)[step.name]);
      } else if (!Array.isArray(v)) {
        if (step.kind === 'all' && typeof v === 'object' && v !== null)
          next.push(...Object.values(v as Record<string, unknown>));
      } else if (step.kind === 'index') {
        const list = v as unknown[];
        const item = list[step.index < 0 ? list.length + step.index : step.index];
        if (item !== undefined) next.push(item);
      } else if (step.kind === 'all') {
        next.push(...(v as unknown[]));
      } else {
        for (const item of v as unknown[]) {
          const found = at(item, step.path);
          const equal =
            found === step.value || (typeof found === 'number' && String(found) === String(step.value));
          if (found !== undefined && (step.op === '==' ? equal : !equal)) next.push(item);
        }
      }
    }
    current = next;
  }
  return current;
}

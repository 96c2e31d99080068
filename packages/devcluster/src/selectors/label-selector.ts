// Label selectors as the API server reads them from `?labelSelector=` and from `spec.selector`
// (k8s.io/apimachinery/pkg/labels: Parse, and metav1.LabelSelectorAsSelector).
// Grammar: requirements separated by commas (AND). Whitespace between tokens is ignored; identifiers are runs
// of characters other than whitespace and the symbols ! = ( ) , < >.
import { SelectorParseError } from './errors.js';
import {
  makeRequirement,
  requirementMatches,
  requirementProblem,
  requirementToString,
  type LabelOperator,
  type LabelRequirement,
} from './label-requirement.js';

export interface LabelMatcher {
  readonly requirements: readonly LabelRequirement[];
  /** True when the labels satisfy every requirement. Absent labels count as an empty map. */
  matches(labels: Readonly<Record<string, string>> | undefined | null): boolean;
  toString(): string;
}

type Token =
  | { kind: 'ident'; text: string; at: number }
  | { kind: 'symbol'; text: '!' | '!=' | '=' | '==' | '(' | ')' | ',' | '<' | '>'; at: number }
  | { kind: 'end'; text: ''; at: number };

const SYMBOLS = ['!=', '==', '!', '=', '(', ')', ',', '<', '>'] as const;
const SPECIAL = new Set(['!', '=', '(', ')', ',', '<', '>']);

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (symbol) {
      tokens.push({ kind: 'symbol', text: symbol, at: i });
      i += symbol.length;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL.has(text[i] as string) && !/\s/.test(text[i] as string)) i += 1;
    tokens.push({ kind: 'ident', text: text.slice(start, i), at: start });
  }
  tokens.push({ kind: 'end', text: '', at: text.length });
  return tokens;
}

function buildMatcher(requirements: LabelRequirement[]): LabelMatcher {
  const sorted = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const text = sorted.map(requirementToString).join(',');
  return {
    requirements: sorted,
    matches: (labels) => sorted.every((r) => requirementMatches(r, labels ?? {})),
    toString: () => text,
  };
}

/** Parses a label selector string. Throws SelectorParseError naming the bad fragment. */
export function parseLabelSelector(text: string): LabelMatcher {
  const tokens = lex(text);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;
  const fail = (tok: Token, reason: string): never => {
    const fragment =
      tok.kind === 'end' ? '<end of input>' : text.slice(tok.at, tok.at + Math.max(tok.text.length, 1));
    throw new SelectorParseError({ kind: 'label', selector: text, fragment, reason });
  };

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'end') return buildMatcher(requirements);
  for (;;) {
    const first = next();
    let requirement: LabelRequirement;
    if (first.kind === 'symbol' && first.text === '!') {
      const key = next();
      if (key.kind !== 'ident') fail(key, 'expected a label key after "!"');
      requirement = makeRequirement(key.text, '!', []);
    } else {
      if (first.kind !== 'ident') fail(first, 'expected a label key');
      const op = peek();
      if (op.kind === 'end' || (op.kind === 'symbol' && op.text === ',')) {
        requirement = makeRequirement(first.text, 'exists', []);
      } else {
        next();
        requirement = parseRest(first.text, op);
      }
    }
    const problem = requirementProblem(requirement);
    if (problem) fail(first, problem);
    requirements.push(requirement);
    const sep = next();
    if (sep.kind === 'end') break;
    if (sep.kind !== 'symbol' || sep.text !== ',') fail(sep, 'expected "," between requirements');
    if (peek().kind === 'end') fail(peek(), 'expected a requirement after ","');
  }
  return buildMatcher(requirements);

  function parseRest(key: string, op: Token): LabelRequirement {
    if (op.kind === 'ident' && (op.text === 'in' || op.text === 'notin')) {
      const open = next();
      if (open.kind !== 'symbol' || open.text !== '(') fail(open, `expected "(" after "${op.text}"`);
      const values: string[] = [];
      for (;;) {
        const tok = next();
        if (tok.kind === 'symbol' && tok.text === ')') break;
        if (tok.kind === 'ident') {
          values.push(tok.text);
          const after = next();
          if (after.kind === 'symbol' && after.text === ')') break;
          if (after.kind !== 'symbol' || after.text !== ',')
            fail(after, 'expected "," or ")" in a value list');
          continue;
        }
        fail(tok, 'expected a value or ")" in a value list');
      }
      return makeRequirement(key, op.text, values);
    }
    if (op.kind === 'symbol' && ['=', '==', '!=', '<', '>'].includes(op.text)) {
      const value = peek();
      if (value.kind === 'ident') {
        next();
        return makeRequirement(key, op.text as LabelOperator, [value.text]);
      }
      if (value.kind === 'end' || (value.kind === 'symbol' && value.text === ',')) {
        return makeRequirement(key, op.text as LabelOperator, ['']);
      }
      return fail(value, `expected a value after "${op.text}"`);
    }
    return fail(op, 'expected one of "=", "==", "!=", "in", "notin", ">" or "<"');
  }
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] | null }> | null;
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * The matcher for a metav1.LabelSelector. A null or absent selector matches nothing; an empty one matches
 * everything, as Kubernetes defines them.
 */
export function labelSelectorFromObject(selector: LabelSelectorObject | null | undefined): LabelMatcher {
  if (selector === null || selector === undefined) {
    return { requirements: [], matches: () => false, toString: () => '' };
  }
  const shown = JSON.stringify(selector);
  const fail = (fragment: string, reason: string): never => {
    throw new SelectorParseError({ kind: 'label', selector: shown, fragment, reason });
  };
  if (typeof selector !== 'object' || Array.isArray(selector))
    fail(shown, 'a label selector must be an object');
  const { matchLabels, matchExpressions } = selector;
  if (
    matchLabels !== null &&
    matchLabels !== undefined &&
    (typeof matchLabels !== 'object' || Array.isArray(matchLabels))
  ) {
    fail('matchLabels', 'matchLabels must be a map of strings');
  }
  if (matchExpressions !== null && matchExpressions !== undefined && !Array.isArray(matchExpressions)) {
    fail('matchExpressions', 'matchExpressions must be a list');
  }
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(matchLabels ?? {})) {
    if (typeof value !== 'string') fail(key, 'matchLabels values must be strings');
    requirements.push(makeRequirement(key, '=', [value]));
  }
  for (const expr of matchExpressions ?? []) {
    if (expr === null || typeof expr !== 'object')
      fail(String(expr), 'each match expression must be an object');
    const operator = Object.hasOwn(EXPRESSION_OPERATORS, expr.operator)
      ? EXPRESSION_OPERATORS[expr.operator]
      : undefined;
    if (!operator)
      fail(String(expr.operator), `"${String(expr.operator)}" is not a valid label selector operator`);
    const values = expr.values ?? [];
    if (!Array.isArray(values)) fail(String(expr.key), 'values must be a list of strings');
    if ((operator === 'exists' || operator === '!') && values.length > 0) {
      fail(expr.key, `values must be empty for the operator ${expr.operator}`);
    }
    requirements.push(makeRequirement(String(expr.key), operator as LabelOperator, values.map(String)));
  }
  for (const req of requirements) {
    const problem = requirementProblem(req);
    if (problem) fail(req.key, problem);
  }
  return buildMatcher(requirements);
}

// The CEL environment custom resource validation rules run in: @bufbuild/cel's standard library, its string
// extensions, and the parts of Kubernetes' own CEL libraries that are simple to provide here (list isSorted,
// sum, min, max, indexOf, lastIndexOf; regex find and findAll). `self` and `oldSelf` are bound per evaluation.
import {
  CelScalar,
  celEnv,
  celMethod,
  isCelError,
  isCelList,
  listType,
  parse,
  plan,
  type CelEnv,
  type CelInput,
  type CelList,
  type CelResult,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

const LIST = listType(CelScalar.DYN);

function values(list: CelList): CelValue[] {
  return [...list];
}

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  throw new Error('no such overload: list elements are not comparable');
}

function extreme(list: CelList, sign: number): CelValue {
  const items = values(list);
  if (items.length === 0) throw new Error('min/max of an empty list');
  return items.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
}

/** CEL equality for the scalars a list can hold (ints and doubles compare by numeric value). */
function sameScalar(a: CelValue, b: CelValue): boolean {
  if (a === b) return true;
  const numeric = (v: CelValue): boolean => typeof v === 'number' || typeof v === 'bigint';
  return numeric(a) && numeric(b) && Number(a) === Number(b);
}

function position(list: CelList, needle: CelValue, fromEnd: boolean): bigint {
  const items = values(list);
  const index = fromEnd
    ? items.findLastIndex((v) => sameScalar(v, needle))
    : items.findIndex((v) => sameScalar(v, needle));
  return BigInt(index);
}

const kubernetesLists = [
  celMethod('isSorted', LIST, [], CelScalar.BOOL, function (this: CelList) {
    const items = values(this);
    return items.every((v, i) => i === 0 || compare(items[i - 1] as CelValue, v) <= 0);
  }),
  celMethod('sum', LIST, [], CelScalar.DYN, function (this: CelList) {
    const items = values(this);
    if (items.every((v) => typeof v === 'bigint')) return items.reduce((a, b) => a + b, 0n);
    return items.reduce((a: number, b) => a + Number(b), 0);
  }),
  celMethod('min', LIST, [], CelScalar.DYN, function (this: CelList) {
    return extreme(this, -1);
  }),
  celMethod('max', LIST, [], CelScalar.DYN, function (this: CelList) {
    return extreme(this, 1);
  }),
  celMethod('indexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (this: CelList, v: CelValue) {
    return position(this, v, false);
  }),
  celMethod('lastIndexOf', LIST, [CelScalar.DYN], CelScalar.INT, function (this: CelList, v: CelValue) {
    return position(this, v, true);
  }),
  celMethod(
    'find',
    CelScalar.STRING,
    [CelScalar.STRING],
    CelScalar.STRING,
    function (this: string, re: string) {
      return new RegExp(re, 'u').exec(this)?.[0] ?? '';
    },
  ),
  celMethod(
    'findAll',
    CelScalar.STRING,
    [CelScalar.STRING],
    listType(CelScalar.STRING),
    function (this: string, re: string) {
      return [...this.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]);
    },
  ),
];

let shared: CelEnv | undefined;

/** The environment every rule of every CRD is planned in (built on first use). */
export function validationEnv(): CelEnv {
  shared ??= celEnv({ funcs: [...strings, ...kubernetesLists] });
  return shared;
}

export type CelProgram = (bindings: Record<string, CelInput>) => CelResult | Error;

/** Parses and plans an expression. Throws the parser's error for an expression that does not parse. */
export function compileExpression(expression: string): { program: CelProgram; usesOldSelf: boolean } {
  const parsed = parse(expression);
  const evaluate = plan(validationEnv(), parsed);
  const program: CelProgram = (bindings) => {
    try {
      return evaluate(bindings);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  };
  return { program, usesOldSelf: mentionsIdentifier(parsed.expr, 'oldSelf') };
}

/** True when the parsed expression refers to the variable `name` anywhere. */
function mentionsIdentifier(node: unknown, name: string, depth = 0): boolean {
  if (depth > 200 || node === null || typeof node !== 'object') return false;
  const record = node as Record<string, unknown>;
  if (record.case === 'identExpr' && (record.value as { name?: unknown } | undefined)?.name === name)
    return true;
  return Object.values(record).some((v) =>
    Array.isArray(v)
      ? v.some((x) => mentionsIdentifier(x, name, depth + 1))
      : mentionsIdentifier(v, name, depth + 1),
  );
}

export function isError(result: CelResult | Error): result is Error {
  return isCelError(result) || result instanceof Error;
}

export { isCelList };

// The typed field builders a deployable's config schema is made of. Each one documents its syntax in the
// header of the generated docs/configuration.md (config-docs.ts), so keep the two in step.
import { formatDuration, parseDuration } from '@keda-http/api';
import {
  defaultFromText,
  makeField,
  type CommonOptions,
  type ConfigField,
  type FieldKind,
  type FieldValue,
} from './config-field.js';
import { ConfigDefinitionError } from './errors.js';

type Field<O, T> = ConfigField<FieldValue<O, T>>;
const build = <O, T>(field: ConfigField<T | undefined>): Field<O, T> => field as Field<O, T>;
const withDefault = <T>(env: string, kind: FieldKind<T>, text: string | undefined) =>
  text === undefined ? undefined : defaultFromText(env, kind, text);

export type DurationUnit = 'ms' | 's' | 'm' | 'h';
const UNIT_MS: Record<DurationUnit, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const UNIT_WORD: Record<DurationUnit, string> = {
  ms: 'milliseconds',
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
};

export interface DurationOptions extends CommonOptions<number> {
  /** In Go syntax, e.g. "500ms". */
  default?: string;
  /**
   * The unit of a bare whole number, as the upstream variable had it (e.g. 's' for a variable that was an
   * int of seconds), or null when the upstream variable was a Go duration and a bare number is an error.
   * "0" is always accepted.
   */
  bareUnit: DurationUnit | null;
  /** The smallest accepted value, in Go syntax (e.g. "1ms" for a tick that must not be 0). */
  min?: string;
}

/** A duration in milliseconds: Go syntax ("500ms", "1m30s", "0"), or a bare whole number in `bareUnit`. */
export function duration<const O extends DurationOptions>(options: O): Field<O, number> {
  const unit = options.bareUnit;
  const minMs = options.min === undefined ? 0 : parseDuration(options.min);
  if (minMs === undefined)
    throw new ConfigDefinitionError({ problem: `${options.env}: bad min "${options.min}"` });
  const expected = `a duration like 500ms${unit === null ? '' : ` or a whole number of ${UNIT_WORD[unit]}`}`;
  const kind: FieldKind<number> = {
    type: unit === null ? 'duration' : `duration (bare number: ${UNIT_WORD[unit]})`,
    parse(raw) {
      const ms = unit !== null && /^\d+$/.test(raw) ? Number(raw) * UNIT_MS[unit] : parseDuration(raw);
      if (ms === undefined) return { ok: false, expected };
      if (ms < minMs) return { ok: false, expected: `a duration of at least ${options.min}` };
      return { ok: true, value: ms };
    },
    show: (ms) => formatDuration(ms),
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default)));
}

export interface BooleanOptions extends CommonOptions<boolean> {
  default?: boolean;
}

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  True: true,
  TRUE: true,
  false: false,
  False: false,
  FALSE: false,
};

/**
 * A strict boolean: `true` or `false` (also `True`/`TRUE`/`False`/`FALSE`, as Go spells them). Go's `1`,
 * `0`, `t` and `f` are rejected on purpose: a digit in a boolean variable is more often a slip than a choice.
 */
export function boolean<const O extends BooleanOptions>(options: O): Field<O, boolean> {
  const kind: FieldKind<boolean> = {
    type: 'boolean',
    parse: (raw) =>
      raw in BOOLEANS
        ? { ok: true, value: BOOLEANS[raw] as boolean }
        : { ok: false, expected: 'true or false' },
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default?.toString())));
}

export interface IntegerOptions extends CommonOptions<number> {
  default?: number;
  min?: number;
  max?: number;
}

/** A whole number in decimal, optionally within [min, max]. */
export function integer<const O extends IntegerOptions>(options: O): Field<O, number> {
  const kind = integerKind(options.min, options.max);
  return build(makeField(options, kind, withDefault(options.env, kind, options.default?.toString())));
}

function integerKind(min: number | undefined, max: number | undefined, type?: string): FieldKind<number> {
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : max !== undefined
          ? ` of at most ${max}`
          : '';
  const expected = type === 'port' ? `a port number${range}` : `an integer${range}`;
  return {
    type: type ?? (range === '' ? 'integer' : `integer${range}`),
    parse(raw) {
      const n = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      const ok =
        Number.isSafeInteger(n) && (min === undefined || n >= min) && (max === undefined || n <= max);
      return ok ? { ok: true, value: n } : { ok: false, expected };
    },
  };
}

export interface PortOptions extends CommonOptions<number> {
  default?: number;
}

/** A TCP port, 0–65535 (0 asks the OS for a free port, which tests use). */
export function port<const O extends PortOptions>(options: O): Field<O, number> {
  const kind = integerKind(0, 65535, 'port');
  return build(makeField(options, kind, withDefault(options.env, kind, options.default?.toString())));
}

export interface OneOfOptions<V extends string> extends CommonOptions<V> {
  values: readonly V[];
  default?: NoInfer<V>;
}

/** One of a fixed set of strings, matched exactly (case-sensitive). */
export function oneOf<const V extends string, const O extends OneOfOptions<V>>(
  options: O & OneOfOptions<V>,
): Field<O, V> {
  const { values } = options;
  const kind: FieldKind<V> = {
    type: `one of ${values.map((v) => `\`${v}\``).join(', ')}`,
    parse: (raw) =>
      (values as readonly string[]).includes(raw)
        ? { ok: true, value: raw as V }
        : { ok: false, expected: `one of ${values.join(', ')}` },
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default)));
}

export interface StringOptions extends CommonOptions<string> {
  default?: string;
  /** When set, the value must match; `expected` completes "expected …, got "x"". */
  pattern?: { regex: RegExp; expected: string };
}

/** Any string (an empty value counts as unset, like for every type). */
export function string<const O extends StringOptions>(options: O): Field<O, string> {
  const { pattern } = options;
  const kind: FieldKind<string> = {
    type: 'string',
    parse: (raw) =>
      pattern === undefined || pattern.regex.test(raw)
        ? { ok: true, value: raw }
        : { ok: false, expected: pattern.expected },
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default)));
}

export interface UrlOptions extends CommonOptions<string> {
  default?: string;
  /** Accepted schemes; default http and https. */
  protocols?: readonly string[];
}

/** An absolute URL; the value is the string as given. */
export function url<const O extends UrlOptions>(options: O): Field<O, string> {
  const protocols = options.protocols ?? ['http', 'https'];
  const kind: FieldKind<string> = {
    type: `URL (${protocols.join(', ')})`,
    parse(raw) {
      const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
      return parsed !== undefined && protocols.includes(parsed.protocol.slice(0, -1))
        ? { ok: true, value: raw }
        : { ok: false, expected: `a URL like ${protocols[0] ?? 'http'}://host:port` };
    },
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default)));
}

export interface ListOptions extends CommonOptions<readonly string[]> {
  default?: readonly string[];
  /** When set, every item must be one of these. */
  values?: readonly string[];
}

/** A comma-separated list; items are trimmed and empty items dropped. The value is a frozen array. */
export function list<const O extends ListOptions>(options: O): Field<O, readonly string[]> {
  const { values } = options;
  const kind: FieldKind<readonly string[]> = {
    type:
      values === undefined
        ? 'comma-separated list'
        : `comma-separated list of ${values.map((v) => `\`${v}\``).join(', ')}`,
    parse(raw) {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      const bad = values === undefined ? undefined : items.find((item) => !values.includes(item));
      return bad === undefined
        ? { ok: true, value: Object.freeze(items) }
        : { ok: false, expected: `a comma-separated list of ${values?.join(', ')}` };
    },
  };
  const defaults =
    options.default === undefined
      ? undefined
      : options.default.length === 0
        ? { value: Object.freeze([]), text: '' }
        : defaultFromText(options.env, kind, options.default.join(','));
  return build(makeField(options, kind, defaults));
}

export interface CustomOptions<T> extends CommonOptions<T> {
  /** The type as the docs show it. */
  type: string;
  /** Completes "expected …, got "x"" when parse returns undefined. */
  expected: string;
  parse: (raw: string) => T | undefined;
  /** In the variable's own syntax; parsed like a value. */
  default?: string;
  show?: (value: T) => unknown;
}

/** Anything else: the deployable supplies the parser. */
export function custom<T, const O extends CustomOptions<T> = CustomOptions<T>>(
  options: O & CustomOptions<T>,
): Field<O, T> {
  const kind: FieldKind<T> = {
    type: options.type,
    parse(raw) {
      const value = options.parse(raw);
      return value === undefined ? { ok: false, expected: options.expected } : { ok: true, value };
    },
    ...(options.show ? { show: options.show } : {}),
  };
  return build(makeField(options, kind, withDefault(options.env, kind, options.default)));
}
